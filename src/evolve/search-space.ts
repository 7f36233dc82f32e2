/**
 * What a task gives the search: the programs it may write (vocabulary), the search settings it
 * starts from, the programs it starts from, and how a program's cost is measured. Each task kind
 * defines one as data in its own folder (src/eval/tasks/<kind>/search-space.ts) and hands it over
 * through its TaskDefinition; the engine reads only this, so it knows no task kind by name.
 */
import type { DisplayPrecision } from '../dsl/display.ts';
import type { Program } from '../dsl/program.ts';
import type { ScoreLabel } from './archive.ts';
import type { MutationKind } from './mutate/kinds.ts';
import type { TaskRef } from '../eval/evaluator.ts';
import type { HurdleSettings } from './hurdle.ts';
import type { SearchSettings } from './settings.ts';

/** How a fresh numeric constant is drawn. */
export type ConstantDistribution =
  /** N(mean, sd²). */
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  /** 10^u with u uniform on [minExponent, maxExponent), with a random sign when `signed`. */
  | { readonly kind: 'log-uniform'; readonly minExponent: number; readonly maxExponent: number; readonly signed: boolean };

/** The programs a search may write, as data (op names refer to the op table, src/dsl/ops/). */
export interface VocabularySpec {
  /** Ops a statement may apply, in a fixed order (drawing from it is part of determinism). */
  readonly ops: readonly string[];
  /** Named constants (arity-0 ops of the op table) an operand may be. */
  readonly namedConstants: readonly string[];
  /** Exact literals an operand may be (AutoNumerics' 0 1 2). */
  readonly fixedLiterals: readonly number[];
  /** Probability that a new operand is a constant rather than a variable. */
  readonly constantOperandChance: number;
  readonly constants: ConstantDistribution;
  /** Significant digits a drawn or perturbed constant keeps; null keeps full precision. */
  readonly significantDigits: number | null;
  /**
   * A constant perturbation replaces the literal with an N(0,1) draw with this probability, and
   * otherwise multiplies it by 2^a, a ~ N(0,1).
   */
  readonly replaceChance: number;
  /** Relative weights of the mutation kinds. */
  readonly mutationWeights: Readonly<Record<MutationKind, number>>;
  /** Upper bound on statements a mutation may grow a program to. */
  readonly maxStatements: number;
}

/** The programs a search starts from when the user names none. */
export interface DefaultWarmStart {
  /** Seed names (src/dsl/seeds/), in order. */
  readonly seeds: readonly string[];
  /** Program texts added after the seeds (a function task's structured baselines), computed when asked: they can take seconds. */
  readonly forms?: () => readonly string[];
  /** Random programs of the vocabulary added after the seeds. */
  readonly randomPrograms: number;
}

export interface SearchSpace {
  readonly vocabulary: VocabularySpec;
  readonly settings: SearchSettings;
  readonly warmStart: DefaultWarmStart;
  /** The arithmetic programs are scored in: displays fold constants in it (src/dsl/display.ts). */
  readonly precision: DisplayPrecision;
  /** How the run's summary and front name objectives[0]. */
  readonly scoreLabel: ScoreLabel;
  /** The cost of a program, where the evaluator's result carries no `cost` measure. */
  cost(program: Program): number;
  /** The task a front-polish batch is scored on (polish.ts), when a search on `task` polishes its front. */
  polishTask?(task: TaskRef): TaskRef | undefined;
  /** The cheap first stage the task offers (hurdle.ts), for `--hurdle on`; absent: none. */
  readonly hurdle?: HurdleSettings;
}
