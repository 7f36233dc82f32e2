/** The search's units of data: members of a population and the children a strategy asks for. */
import type { Program } from '../dsl/program.ts';
import type { MutationKind } from './mutate/kinds.ts';

/** A scored member of a population; plain data (it lives in checkpoints). */
export interface Individual {
  /** Canonical text as adopted (after the evaluator fitted its constants). */
  readonly program: string;
  /** Values to minimise, in the task's objective order; objectives[0] is the score. Infinity when invalid. */
  readonly objectives: readonly number[];
  /** The candidate number at which it was born: its age, for regularized evolution. */
  readonly born: number;
  /** NSGA-II front number and crowding distance, set at survivor selection. */
  readonly rank?: number;
  readonly crowding?: number;
}

/** How a child came to be: a mutation kind, or one of the ways an unmutated program enters. */
export type Origin = MutationKind | 'none' | 'seed' | 'restart' | 'random' | 'polish';

/** A candidate asked for by a strategy, not yet scored. */
export interface Child {
  readonly program: Program;
  /** Canonical text, as sent to the evaluator. */
  readonly text: string;
  /** The parent's canonical text (null for a seed). */
  readonly parent: string | null;
  readonly origin: Origin;
  /** Its fingerprint, when breeding already computed it. */
  readonly fingerprint?: string;
}

/** Makes children; the strategies choose parents, this applies mutation (and counts retries). */
export interface Breeder {
  /** A mutated child of the program `parent` (canonical text). */
  mutant(parent: string): Child;
  /** `program` itself entering a population unmutated. */
  copy(program: string, origin: Origin): Child;
}
