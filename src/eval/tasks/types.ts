/**
 * What a task is, for everything outside the backends: plain data plus pure functions, so a worker
 * thread or a child process rebuilds the same task from its TaskRef (`getTask(ref.id, ref.options)`).
 */
import type { Domain } from '../../dsl/signature.ts';
import type { SearchSpace } from '../../evolve/search-space.ts';

export interface TaskDefinition {
  /** e.g. `fn:exp2`. */
  readonly id: string;
  /** The scorer family backends look up (`function`, later `optimizer`). */
  readonly kind: string;
  /** Programs scored by this task have this domain. */
  readonly domain: Domain;
  /** One line for `symdisc tasks`. */
  readonly description: string;
  /** Measure names to minimise; objectives[0] is the score. */
  readonly objectives: readonly string[];
  /** Every measure a result carries, by name. */
  readonly measures: readonly string[];
  /** The input interval (function tasks). */
  readonly interval?: readonly [number, number];
  /** The error measures among `measures` (function tasks). */
  readonly errorMeasures?: readonly string[];
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

/** A task id or option the user got wrong: printed as one line (the CLI exits 2). */
export class TaskError extends Error {
  override readonly name = 'TaskError';
}
