/**
 * The optimizer task kind (`opt:*`): its tasks (task.ts), its CPU scorer (score.ts: the float32
 * trainer) and its GPU scorer (gpu-scorer.ts: every training of a batch in one WGSL kernel).
 */
import type { TaskKind } from '../types.ts';
import { OptimizerGpuScorer } from './gpu-scorer.ts';
import { scoreProgramCpu } from './score.ts';
import { optimizerTaskFamily } from './task.ts';
import type { OptimizerTask } from './task.ts';

export const optimizerKind: TaskKind<OptimizerTask> = {
  name: 'optimizer',
  families: [optimizerTaskFamily],
  scoreOnCpu: (task, programs) => programs.map((p) => scoreProgramCpu(p, task)),
  gpu: {
    // Trainings run in f32 on both backends (the WGSL training kernel).
    supports: () => true,
    create: ({ gpu, pipelines }) => {
      const scorer = new OptimizerGpuScorer(gpu, {}, pipelines);
      return { score: (task, programs) => scorer.score(task, programs) };
    },
    // Each new structure costs llvmpipe a training-kernel compile, and a search's children are
    // mostly new structures (measured on 2 cores, opt:suite search: cpu threads 4.5 evals/s,
    // webgpu over llvmpipe 1.6).
    prefersCpuOnSoftwareAdapter: true,
  },
};
