/**
 * Throughput of the CPU trainer, for `npm run bench`: candidate × instance trainings per second
 * and parameter updates per second (one parameter, one step), single thread, on a task's own
 * instances and learning-rate grids.
 */
import { compileRule } from './trainer.ts';
import { loadSeed } from '../../../dsl/seeds/index.ts';
import { getFamily } from './families/index.ts';
import { trainGrid } from './grid.ts';
import { buildInstances } from './instances.ts';
import { optimizerTask } from './task.ts';

export interface TrainerThroughput {
  readonly task: string;
  readonly seed: string;
  readonly trainings: number;
  readonly parameterUpdates: number;
  readonly seconds: number;
  readonly trainingsPerSecond: number;
  readonly parameterUpdatesPerSecond: number;
  /** Seconds per family for one candidate (all instances × grid lrs). */
  readonly secondsPerFamily: Readonly<Record<string, number>>;
}

/** Trains seed `seedName` on every family of `taskId` `repeats` times (after one warm-up pass) and times it. */
export function measureCpuTrainer(taskId = 'opt:suite', seedName = 'adamw', repeats = 3): TrainerThroughput {
  const task = optimizerTask(taskId);
  if (!task) throw new Error(`unknown optimizer task '${taskId}'`);
  const rule = compileRule(loadSeed(seedName), 'f32');
  const work = task.families.map((id) => ({ family: getFamily(id), instances: buildInstances(id, task.seed, task.instances, task.sizing) }));
  for (const w of work) trainGrid(rule, w.family, w.instances); // warm-up: JIT and instance building
  let trainings = 0;
  let updates = 0;
  const perFamily: Record<string, number> = {};
  const start = performance.now();
  for (let r = 0; r < repeats; r++) {
    for (const w of work) {
      const t0 = performance.now();
      for (const row of trainGrid(rule, w.family, w.instances)) {
        row.forEach((result, i) => {
          trainings++;
          updates += result.stepsRun * w.instances[i].dim;
        });
      }
      perFamily[w.family.id] = (perFamily[w.family.id] ?? 0) + (performance.now() - t0) / 1000 / repeats;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { task: taskId, seed: seedName, trainings, parameterUpdates: updates, seconds, trainingsPerSecond: trainings / seconds, parameterUpdatesPerSecond: updates / seconds, secondsPerFamily: perFamily };
}
