/**
 * The function-approximation task kind (`fn:*`): its tasks (task.ts), its CPU scorer (cpu-scorer.ts:
 * column kernels, constant fitting, validation) and its GPU scorer (gpu-scorer.ts: f32, no
 * fitting, no validation points; WGSL has no f64).
 */
import type { TaskKind } from '../types.ts';
import { scoreFunctionsOnCpu } from './cpu-scorer.ts';
import { FunctionGpuScorer } from './gpu-scorer.ts';
import type { CompileStrategy, FunctionScorerOptions } from './gpu-scorer.ts';
import { functionResult, functionTaskFamily } from './task.ts';
import type { FunctionTask } from './task.ts';
import { invalidResult } from '../../score-texts.ts';

export const functionKind: TaskKind<FunctionTask> = {
  name: 'function',
  families: [functionTaskFamily],
  scoreOnCpu: (task, programs) => scoreFunctionsOnCpu(task, programs),
  // A chunk compiles one wasm module for its programs: one chunk per thread beat 2, 4 and 16 on
  // a 60-s fn:exp2 f64 search, side by side (665, 623-638, 582-597, 541 evaluations/s).
  cpuChunksPerThread: 1,
  gpu: {
    // Constant fitting (hundreds of tiny evaluations per child) and validation run in CPU threads.
    supports: (task) => task.precision === 'f32' && task.fit === 'none' && task.validation === 0,
    create({ gpu, pipelines, options }) {
      // Measured (gpu-scorer.ts): on a hardware GPU the interpreter runs as fast as compiled
      // code, so compiling never pays; on llvmpipe compiling pays for structures scored often.
      const strategy = (options.strategy as CompileStrategy | undefined) ?? (gpu.software ? 'hybrid' : 'interpreter');
      const scorerOptions: Partial<FunctionScorerOptions> = { strategy, ...(typeof options.groupSize === 'number' ? { groupSize: options.groupSize } : {}) };
      const scorer = new FunctionGpuScorer(gpu, scorerOptions, pipelines);
      return {
        description: `candidates: ${strategy}`,
        details: { strategy },
        prepare: () => scorer.prepare(),
        async score(task, programs) {
          const outcomes = await scorer.score(task, programs);
          return outcomes.map((o, i) => ('errors' in o ? functionResult(task, programs[i], o.errors) : invalidResult(task, o.error)));
        },
      };
    },
  },
};
