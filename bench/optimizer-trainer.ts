/**
 * The CPU trainer's fast paths against its reference path, side by side in one run: seconds per
 * candidate (one program scored on every family of a task, every instance × grid lr, one thread)
 * of opt:suite and opt:meta-validation. Reference: the rule compiled by compileProgram and the
 * trainer's `reference` option (each training's own `lossAndGrad`), the trainer as it was before
 * its fast paths; fast: trainer.ts compileRule (`t` uniform) and the families' `lossAndGradMany`. The two are
 * timed alternately, so load on a shared machine skews both alike; the ratio is the figure.
 * Also checks that both paths give the same score bit for bit. Writes
 * results/bench/optimizer-trainer.json and prints a table.
 *
 *   tsx bench/optimizer-trainer.ts [--quick] [--seeds adamw,adam] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileProgram } from '../src/dsl/compile.ts';
import { compileRule } from '../src/eval/tasks/optimizer/trainer.ts';
import { loadSeed } from '../src/dsl/seeds/index.ts';
import { getFamily } from '../src/eval/tasks/optimizer/families/index.ts';
import { trainGrid } from '../src/eval/tasks/optimizer/grid.ts';
import { buildInstances } from '../src/eval/tasks/optimizer/instances.ts';
import { scoreRule } from '../src/eval/tasks/optimizer/score.ts';
import { optimizerTask } from '../src/eval/tasks/optimizer/task.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TRAINER_OUT = resolve(ROOT, 'results/bench/optimizer-trainer.json');

export interface TrainerPathTiming {
  readonly task: string;
  /** The candidate: a seed program. */
  readonly seed: string;
  readonly repeats: number;
  /** Median seconds per candidate on each path. */
  readonly referenceSeconds: number;
  readonly fastSeconds: number;
  readonly speedup: number;
  /** Median seconds per family for one candidate, each path. */
  readonly perFamily: Readonly<Record<string, { reference: number; fast: number; speedup: number }>>;
  /** The two paths' scores are equal bit for bit. */
  readonly identical: boolean;
}

export interface OptimizerTrainerReport {
  readonly benchmark: 'optimizer-trainer';
  readonly date: string;
  readonly seeds: readonly string[];
  readonly machine: Readonly<Record<string, string | number>>;
  readonly tasks: readonly TrainerPathTiming[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Times one candidate of `taskId` on both paths, `repeats` times each, alternating. */
export function measureTrainerPaths(taskId: string, seedName: string, repeats: number): TrainerPathTiming {
  const task = optimizerTask(taskId);
  if (!task) throw new Error(`unknown optimizer task '${taskId}'`);
  // Reference: the plain closure and each training's own lossAndGrad (the trainer before its fast
  // paths); fast: the rule with `t` uniform (trainer.ts compileRule) and lossAndGradMany.
  const rules = { reference: compileProgram(loadSeed(seedName), 'f32'), fast: compileRule(loadSeed(seedName), 'f32') };
  const ref = scoreRule(rules.reference, task, { reference: true }); // warm-up: instances, baselines, JIT
  const fast = scoreRule(rules.fast, task);
  const identical = Object.is(ref.score, fast.score) && task.families.every((id) => Object.is(ref.families[id].score, fast.families[id].score));
  const work = task.families.map((id) => ({ id, family: getFamily(id), instances: buildInstances(id, task.seed, task.instances, task.sizing) }));
  const times: Record<string, { reference: number[]; fast: number[] }> = {};
  for (const w of work) times[w.id] = { reference: [], fast: [] };
  const totals = { reference: [] as number[], fast: [] as number[] };
  for (let r = 0; r < repeats; r++) {
    for (const path of r % 2 === 0 ? (['reference', 'fast'] as const) : (['fast', 'reference'] as const)) {
      let total = 0;
      for (const w of work) {
        const t0 = performance.now();
        trainGrid(rules[path], w.family, w.instances, { reference: path === 'reference' });
        const s = (performance.now() - t0) / 1000;
        times[w.id][path].push(s);
        total += s;
      }
      totals[path].push(total);
    }
  }
  const perFamily: Record<string, { reference: number; fast: number; speedup: number }> = {};
  for (const w of work) {
    const reference = median(times[w.id].reference);
    const f = median(times[w.id].fast);
    perFamily[w.id] = { reference, fast: f, speedup: reference / f };
  }
  const referenceSeconds = median(totals.reference);
  const fastSeconds = median(totals.fast);
  return { task: taskId, seed: seedName, repeats, referenceSeconds, fastSeconds, speedup: referenceSeconds / fastSeconds, perFamily, identical };
}

export function runOptimizerTrainerBench(options: { quick: boolean; seeds: readonly string[]; out: string }): OptimizerTrainerReport {
  const tasks = options.seeds.flatMap((seed) => [measureTrainerPaths('opt:suite', seed, options.quick ? 3 : 5), measureTrainerPaths('opt:meta-validation', seed, options.quick ? 1 : 2)]);
  const report: OptimizerTrainerReport = {
    benchmark: 'optimizer-trainer',
    date: new Date().toISOString(),
    seeds: options.seeds,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    tasks,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  for (const t of tasks) {
    console.log(`${t.task} (${t.seed}): ${t.referenceSeconds.toFixed(3)} s/candidate reference, ${t.fastSeconds.toFixed(3)} s fast, ×${t.speedup.toFixed(2)}${t.identical ? '' : '  (SCORES DIFFER)'}`);
    for (const [id, f] of Object.entries(t.perFamily)) console.log(`  ${id.padEnd(10)} ${f.reference.toFixed(4)} → ${f.fast.toFixed(4)} s  ×${f.speedup.toFixed(2)}`);
  }
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  runOptimizerTrainerBench({ quick: args.includes('--quick'), seeds: (flag('--seeds') ?? 'adamw,adam').split(','), out: resolve(flag('--out') ?? DEFAULT_TRAINER_OUT) });
}
