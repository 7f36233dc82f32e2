/**
 * What a task is: plain data plus pure functions, so a worker thread or a child process rebuilds
 * the same task from its TaskRef (`getTask(ref.id, ref.options)`); and what a task kind is: the
 * one registration (registry.ts) that tells backends and pools how to score its tasks.
 */
import type { Domain } from '../../dsl/signature.ts';
import type { Program } from '../../dsl/program.ts';
import type { AcquiredDevice } from '../backends/webgpu/device.ts';
import type { GpuPipelines } from '../backends/webgpu/pipelines.ts';
import type { CandidateResult } from '../evaluator.ts';
import type { SearchSpace } from '../../evolve/search-space.ts';

export interface TaskDefinition {
  /** e.g. `fn:exp2`. */
  readonly id: string;
  /** The name of the TaskKind that scores it (`function`, `optimizer`, a `--task-module`'s). */
  readonly kind: string;
  /** Programs scored by this task have this domain. */
  readonly domain: Domain;
  /** One line for `symdisc tasks`. */
  readonly description: string;
  /** Measure names to minimise; objectives[0] is the score. */
  readonly objectives: readonly string[];
  /** Every measure a result carries, by name. */
  readonly measures: readonly string[];
  /** What a search on this task may write, starts from and counts as cost (`<kind>/search-space.ts`). */
  readonly searchSpace: SearchSpace;
  /** Options this task was built with (after defaults), for logs and `symdisc tasks`. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
}

/** Options as a TaskRef carries them. */
export type TaskOptions = Readonly<Record<string, string | number | boolean>>;

/** A family of tasks sharing an id prefix (`fn:`, `opt:`): one line in the registry each. */
export interface TaskFamily {
  readonly prefix: string;
  /** Every id of this family, for listing. */
  ids(): readonly string[];
  /** The task, or undefined when the id is not one of this family's. Throws TaskOptionError on bad options. */
  get(id: string, options: TaskOptions): TaskDefinition | undefined;
}

export { TaskError } from '../../errors.ts';

/** What a GPU scorer is given in the GPU child process: the device and the pipeline layer (with its timing record). */
export interface GpuScorerContext {
  readonly gpu: AcquiredDevice;
  readonly pipelines: GpuPipelines;
  /** The child's options (pool/gpu-protocol.ts GpuChildOptions), for the scorers that read them. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A kind's scorer on one WebGPU device. */
export interface GpuScorer<T extends TaskDefinition = TaskDefinition> {
  /** A clause of the backend's one-line description (e.g. `candidates: hybrid`). */
  readonly description?: string;
  /** Added to the backend's details (e.g. `{ strategy: 'hybrid' }`). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /** Compiles what every batch needs (run once, when the device is ready). */
  prepare?(): Promise<void>;
  /** One result per program, in order (programs are of the task's domain). */
  score(task: T, programs: readonly Program[]): Promise<CandidateResult[]>;
}

/**
 * A task kind: its task families, its CPU scorer and optionally a GPU scorer. Backends, pools and
 * the evaluator learn everything kind-specific from here (registry.ts lists the kinds).
 */
export interface TaskKind<T extends TaskDefinition = TaskDefinition> {
  /** The `kind` of its tasks. */
  readonly name: string;
  readonly families: readonly TaskFamily[];
  /**
   * Scores programs (of the task's domain) in this thread, synchronously (a CPU worker thread
   * runs it; the report calls it too); one result per program, in order.
   */
  scoreOnCpu(task: T, programs: readonly Program[]): CandidateResult[];
  /**
   * Chunks per CPU thread a batch is cut into (default 4, eval/pool/cpu-pool.ts): few where a chunk
   * has a fixed cost of its own, more where candidates' costs vary and dwarf it.
   */
  readonly cpuChunksPerThread?: number;
  readonly gpu?: {
    /** Whether the GPU scorer handles this task (the pool sends the others to CPU threads). */
    supports(task: T): boolean;
    create(context: GpuScorerContext): GpuScorer<T>;
    /**
     * With `--backend auto` on a software adapter, score this kind on CPU threads instead (when
     * that was measured faster there); `--backend webgpu` still forces the GPU.
     */
    readonly prefersCpuOnSoftwareAdapter?: boolean;
  };
}
