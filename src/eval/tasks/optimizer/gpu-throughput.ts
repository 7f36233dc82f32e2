/**
 * Throughput of the WGSL training kernel, for `npm run bench`: candidate × instance trainings per
 * second and parameter updates per second on a task, for a batch of `candidates` programs (AdamW
 * with its constants perturbed, so they share one pipeline as a search's children mostly do).
 * The caller acquires the device (src/eval/backends/webgpu/device.ts).
 */
import { literals, withLiterals } from '../../../dsl/program.ts';
import { loadSeed } from '../../../dsl/seeds/index.ts';
import { OptimizerGpuScorer } from './gpu-scorer.ts';
import type { OptimizerGpu } from './gpu-scorer.ts';
import { optimizerTask } from './task.ts';
import { snapshotTiming, timingSince } from '../../backends/webgpu/pipelines.ts';

export interface GpuTrainerThroughput {
  readonly task: string;
  readonly candidates: number;
  readonly trainings: number;
  readonly parameterUpdates: number;
  readonly seconds: number;
  readonly dispatches: number;
  readonly trainingsPerSecond: number;
  readonly parameterUpdatesPerSecond: number;
}

export async function measureGpuTrainer(gpu: OptimizerGpu, taskId = 'opt:suite', candidates = 32): Promise<GpuTrainerThroughput> {
  const task = optimizerTask(taskId);
  if (!task) throw new Error(`unknown optimizer task '${taskId}'`);
  const adamw = loadSeed('adamw');
  const base = literals(adamw);
  const programs = Array.from({ length: candidates }, (_, c) => withLiterals(adamw, base.map((x, j) => (j === 2 ? x * (1 + c / candidates) : x))));
  const scorer = new OptimizerGpuScorer(gpu);
  await scorer.train(task, programs.slice(0, 1)); // warm-up: pipeline compile, task upload
  const before = snapshotTiming(scorer.timing);
  const t0 = performance.now();
  await scorer.train(task, programs);
  const seconds = (performance.now() - t0) / 1000;
  const counts = timingSince(scorer.timing, before).counts ?? {};
  const trainings = counts.trainings ?? 0;
  const parameterUpdates = counts.parameterUpdates ?? 0;
  return {
    task: taskId,
    candidates,
    trainings,
    parameterUpdates,
    seconds,
    dispatches: counts.dispatches ?? 0,
    trainingsPerSecond: trainings / seconds,
    parameterUpdatesPerSecond: parameterUpdates / seconds,
  };
}
