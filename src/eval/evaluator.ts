/**
 * The one evaluator interface every backend (webgpu, cpu) and the worker pool implement. The
 * search talks only to this: it hands over a batch of program texts for a task and gets one
 * result per program, in order. Everything here is plain data so it crosses worker boundaries.
 */

/** Which task to score on, with its options (e.g. `{ precision: 'f32' }`); plain data. */
export interface TaskRef {
  /** e.g. `fn:exp2`, `opt:suite`. */
  readonly id: string;
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

export interface CandidateResult {
  /** The fitness the search minimises; `Infinity` for an invalid candidate. */
  readonly score: number;
  readonly valid: boolean;
  /** Every measure by name (e.g. `maxAbsError`, `maxRelError`, `maxUlp`, `cost`). */
  readonly measures: Readonly<Record<string, number>>;
  /** Why the candidate is invalid (NaN/Inf, shader compile failure, …). */
  readonly error?: string;
  /** Canonical text of the program as scored, when evaluation changed it (fitted constants). */
  readonly program?: string;
}

export interface BackendInfo {
  /** `webgpu` or `cpu`. */
  readonly backend: 'webgpu' | 'cpu';
  /** One line for logs: adapter description, Dawn backend, feature level, key limits. */
  readonly description: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface Evaluator {
  readonly info: BackendInfo;
  /** Scores `programs` (canonical program text) on `task`; one result per program, same order. */
  evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]>;
  /** Releases devices and workers. */
  close(): Promise<void>;
}
