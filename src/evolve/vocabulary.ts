/**
 * What a mutation may write, per domain: the ops a statement can apply, the constants an operand
 * can be, and how new numeric constants are drawn. Optimizer programs use the Lion search space
 * (every applicable op of the op table, named constants, N(0,1) literals); function programs use
 * AutoNumerics-Zero's (+ - * / sqrt fma, exact scalings, literals 0 1 2, and learnable constants
 * drawn log-uniformly over many orders of magnitude with a random sign).
 */
import { APPLICABLE_OPS, NAMED_CONSTANTS, getOp } from '../dsl/ops/table.ts';
import type { OpSpec } from '../dsl/ops/table.ts';
import type { Domain } from '../dsl/signature.ts';
import type { Rng } from './rng.ts';

export interface Vocabulary {
  readonly domain: Domain;
  /** Ops a statement may apply, in a fixed order (drawing from it is part of determinism). */
  readonly ops: readonly OpSpec[];
  /** Named constants (arity-0 ops) an operand may be. */
  readonly namedConstants: readonly string[];
  /** Exact literals an operand may be (AutoNumerics' 0 1 2). */
  readonly fixedLiterals: readonly number[];
  /** Probability that a new operand is a constant rather than a variable. */
  readonly constantOperandChance: number;
  /** Draws a fresh learnable constant. */
  newConstant(rng: Rng): number;
  /** Rounds a drawn or perturbed constant to what the program text keeps. */
  roundConstant(value: number): number;
  /** Upper bound on statements a mutation may grow a program to. */
  readonly maxStatements: number;
  /** Relative weights of the mutation kinds (mutate/index.ts), where they differ from 1. */
  readonly mutationWeights?: Readonly<Partial<Record<'insert' | 'delete' | 'argument' | 'op' | 'constant', number>>>;
}

/** Four significant digits keep optimizer programs readable (Lion prints 0.899, 0.4602). */
function fourDigits(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

const FUNCTION_OPS = ['add', 'sub', 'mul', 'div', 'sqrt', 'fma', 'mul2', 'div2', 'mul4', 'div4'] as const;

const OPTIMIZER: Vocabulary = Object.freeze({
  domain: 'optimizer',
  ops: APPLICABLE_OPS,
  namedConstants: NAMED_CONSTANTS.map((op) => op.name),
  fixedLiterals: [],
  constantOperandChance: 0.2,
  newConstant: (rng: Rng) => fourDigits(rng.normal()),
  roundConstant: fourDigits,
  maxStatements: 30,
});

const FUNCTION: Vocabulary = Object.freeze({
  domain: 'function',
  ops: FUNCTION_OPS.map(getOp),
  namedConstants: [],
  fixedLiterals: [0, 1, 2],
  constantOperandChance: 0.3,
  // Log-uniform over 1e-6 .. 1e6 with a random sign; the evaluator fits it afterwards.
  newConstant: (rng: Rng) => (rng.chance(0.5) ? -1 : 1) * 10 ** (rng.next() * 12 - 6),
  // Fitted constants carry full precision: rounding them would undo the fit.
  roundConstant: (value: number) => value,
  maxStatements: 20,
  // Every child's constants are fitted (the task's `fit` option), so a constant perturbation only
  // acts as a restart of the fit: structure changes get the draws (inserts twice as often). On
  // fn:exp2 f64 (2 min, 1 thread, fit budget 200) rational forms reached the front only with these.
  mutationWeights: { insert: 2, delete: 1, argument: 1, op: 1, constant: 0.25 },
});

export function vocabularyFor(domain: Domain): Vocabulary {
  return domain === 'optimizer' ? OPTIMIZER : FUNCTION;
}
