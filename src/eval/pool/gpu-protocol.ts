/** Messages between the evaluator (main process) and a GPU child process. */
import type { BackendInfo, CandidateResult, TaskRef } from '../evaluator.ts';
import type { GpuTiming } from '../backends/webgpu/pipelines.ts';

/** How the child picks its device and sizes its modules; passed as argv[2] (JSON). */
export interface GpuChildOptions {
  /** Skip the hardware adapter and use Dawn's GLES backend (tests of the fallback path). */
  readonly onlyGles?: boolean;
  /** Most distinct program structures per shader module. */
  readonly groupSize?: number;
  /** How candidates run: interpreted, compiled, or interpreted until compiling pays (default). */
  readonly strategy?: 'hybrid' | 'compiled' | 'interpreter';
}

export type ToChild =
  | { readonly type: 'evaluate'; readonly id: number; readonly task: TaskRef; readonly programs: readonly string[] }
  | { readonly type: 'close' };

export type FromChild =
  | { readonly type: 'ready'; readonly info: BackendInfo }
  | { readonly type: 'unavailable'; readonly missing: readonly string[] }
  /** `timing`: what this batch cost, compiles and scorer counters included (the supervisor sums it). */
  | { readonly type: 'result'; readonly id: number; readonly results: CandidateResult[]; readonly timing: GpuTiming }
  | { readonly type: 'failed'; readonly id: number; readonly error: string };
