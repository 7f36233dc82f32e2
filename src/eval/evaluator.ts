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
  /** Absolute path of the `--task-module` file that defines the task's kind (tasks/task-module.ts); absent for built-in tasks. */
  readonly module?: string;
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

/** The backends a user may ask for (`--backend`); `auto` picks one (create-evaluator.ts). */
export const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface BackendInfo {
  /** `webgpu` or `cpu`. */
  readonly backend: Exclude<BackendChoice, 'auto'>;
  /** One line for logs: adapter description, Dawn backend, feature level, key limits. */
  readonly description: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

/** A batch of results and the backend that computed them. */
export interface ScoredBatch {
  readonly results: CandidateResult[];
  readonly backend: BackendInfo;
}

export interface Evaluator {
  /** The evaluator's main backend (an evaluator may route some tasks elsewhere: see backendFor). */
  readonly info: BackendInfo;
  /** Scores `programs` (canonical program text) on `task`; one result per program, same order. */
  evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]>;
  /**
   * As `evaluate`, naming the backend that computed the batch. Optional: an evaluator without it
   * computes every batch on `backendFor(task)` (call `scoreBatch` below rather than this).
   */
  evaluateBatch?(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<ScoredBatch>;
  /**
   * The backend that scores `task` here (with `auto` on a software adapter optimizer tasks go to
   * CPU threads; f64 function tasks always do), so a run records it and `resume` uses it again.
   * Optional: an evaluator without it scores every task on `info` (call `backendFor` below).
   */
  backendFor?(task: TaskRef): BackendInfo;
  /** Releases devices and workers. */
  close(): Promise<void>;
}

/** The backend that scores `task` on `evaluator` (its `info` unless it routes tasks). */
export function backendFor(evaluator: Evaluator, task: TaskRef): BackendInfo {
  return evaluator.backendFor?.(task) ?? evaluator.info;
}

/** Scores a batch and names the backend that computed it. */
export async function scoreBatch(evaluator: Evaluator, task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<ScoredBatch> {
  if (evaluator.evaluateBatch) return evaluator.evaluateBatch(task, programs, signal);
  return { results: await evaluator.evaluate(task, programs, signal), backend: backendFor(evaluator, task) };
}
