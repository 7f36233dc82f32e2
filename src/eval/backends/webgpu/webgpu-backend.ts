/**
 * The WebGPU backend: one device, one scorer per task kind. It lives in a GPU child process
 * (pool/gpu-child.ts), never in the main process: a native crash in Dawn kills the process that
 * holds the device, and only that process.
 */
import type { BackendInfo, CandidateResult } from '../../evaluator.ts';
import { functionResult, isFunctionTask } from '../../tasks/function/task.ts';
import { OptimizerGpuScorer } from '../../tasks/optimizer/gpu-scorer.ts';
import { isOptimizerTask } from '../../tasks/optimizer/task.ts';
import type { TaskDefinition } from '../../tasks/types.ts';
import { invalidResult, scoreTexts } from '../../score-texts.ts';
import { acquireDevice, describeDevice } from './device.ts';
import type { AcquiredDevice } from './device.ts';
import { FunctionGpuScorer } from './function-scorer.ts';
import type { FunctionScorerOptions, GpuTiming } from './function-scorer.ts';
import { gpuSupports } from './supports.ts';

export class WebGpuBackend {
  readonly info: BackendInfo;
  private readonly functions: FunctionGpuScorer;
  private readonly optimizers: OptimizerGpuScorer;
  /** Cumulative compile and run time, for the benchmark and logs. */
  readonly timing: GpuTiming = { compileMs: 0, runMs: 0, modulesCompiled: 0, cacheHits: 0 };

  private constructor(readonly gpu: AcquiredDevice, options: Partial<FunctionScorerOptions>) {
    this.functions = new FunctionGpuScorer(gpu, options);
    this.optimizers = new OptimizerGpuScorer(gpu);
    this.info = {
      backend: 'webgpu',
      description: `${describeDevice(gpu)}; candidates: ${options.strategy ?? 'hybrid'}`,
      details: {
        ...gpu.adapterInfo,
        dawnBackend: gpu.dawnBackend,
        featureLevel: gpu.featureLevel,
        software: gpu.software,
        strategy: options.strategy ?? 'hybrid',
        ...gpu.limits,
      },
    };
  }

  /** The backend on the first adapter the fallback order yields, or the reasons there is none. */
  static async create(options: Partial<FunctionScorerOptions> & { onlyGles?: boolean } = {}): Promise<WebGpuBackend | { readonly missing: readonly string[] }> {
    const gpu = await acquireDevice({ onlyGles: options.onlyGles ?? false });
    if (!('device' in gpu)) return gpu;
    // Measured (function-scorer.ts): on a hardware GPU the interpreter runs as fast as compiled
    // code, so compiling never pays; on llvmpipe compiling pays for structures scored often.
    const strategy = options.strategy ?? (gpu.software ? 'hybrid' : 'interpreter');
    const backend = new WebGpuBackend(gpu, { ...options, strategy });
    await backend.functions.prepare(backend.timing);
    return backend;
  }

  async evaluate(task: TaskDefinition, texts: readonly string[]): Promise<CandidateResult[]> {
    if (!gpuSupports(task)) throw new Error(`webgpu backend: cannot score ${task.id} (${JSON.stringify(task.options)})`);
    if (isFunctionTask(task)) {
      return scoreTexts(task, texts, async (programs) => {
        const outcomes = await this.functions.score(task, programs, this.timing);
        return outcomes.map((o, i) => ('errors' in o ? functionResult(task, programs[i], o.errors) : invalidResult(task, o.error)));
      });
    }
    if (isOptimizerTask(task)) return scoreTexts(task, texts, (programs) => this.optimizers.score(task, programs));
    throw new Error(`webgpu backend: no scorer for ${task.kind} tasks`);
  }
}
