/**
 * A task's vocabulary (search-space.ts, plain data) made ready for mutation: op names resolved
 * against the op table, the constant distribution and rounding turned into functions, and the
 * user's overrides (`--ops`, `--max-statements`) applied and checked.
 */
import { APPLICABLE_OPS, NAMED_CONSTANTS, OPS, getOp } from '../dsl/ops/table.ts';
import type { OpSpec } from '../dsl/ops/table.ts';
import { nearest } from '../dsl/validate.ts';
import type { MutationKind } from './mutate/kinds.ts';
import type { Rng } from './rng.ts';
import type { ConstantDistribution, VocabularySpec } from './search-space.ts';

export interface Vocabulary {
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
  /** Probability that a constant perturbation replaces the literal rather than scaling it. */
  readonly replaceChance: number;
  /** Upper bound on statements a mutation may grow a program to. */
  readonly maxStatements: number;
  /** Relative weights of the mutation kinds. */
  readonly mutationWeights: Readonly<Record<MutationKind, number>>;
}

/** What the user may change of a task's vocabulary (stored in config.json with the settings). */
export interface VocabularyOverrides {
  readonly ops?: readonly string[];
  readonly maxStatements?: number;
}

/** A vocabulary override that names no op of the table, or is empty: one line, exit 2. */
export class VocabularyError extends Error {
  override readonly name = 'VocabularyError';
}

function sampler(d: ConstantDistribution): (rng: Rng) => number {
  if (d.kind === 'normal') {
    const { mean, sd } = d;
    return mean === 0 && sd === 1 ? (rng) => rng.normal() : (rng) => mean + sd * rng.normal();
  }
  const { minExponent, maxExponent, signed } = d;
  const span = maxExponent - minExponent;
  // The sign is drawn first, as the search always has (the draw order is part of determinism).
  return (rng) => (signed && rng.chance(0.5) ? -1 : 1) * 10 ** (rng.next() * span + minExponent);
}

function rounder(digits: number | null): (value: number) => number {
  if (digits === null) return (value) => value;
  return (value) => (value === 0 ? 0 : Number(value.toPrecision(digits)));
}

/** The op specs `names` denote; VocabularyError naming `flag` for an unknown or constant one. */
export function resolveOps(names: readonly string[], flag = 'ops'): OpSpec[] {
  if (names.length === 0) throw new VocabularyError(`--${flag}: give at least one op`);
  const applicable = APPLICABLE_OPS.map((op) => op.name);
  const out: OpSpec[] = [];
  for (const name of names) {
    if (NAMED_CONSTANTS.some((c) => c.name === name)) throw new VocabularyError(`--${flag}: '${name}' is a named constant, not an op; ops: ${applicable.join(',')}`);
    if (!OPS.some((op) => op.name === name)) {
      const close = nearest(name, applicable);
      throw new VocabularyError(`--${flag}: unknown op '${name}'${close ? `; did you mean '${close}'?` : ''} (ops: ${applicable.join(',')})`);
    }
    const op = getOp(name);
    if (!out.includes(op)) out.push(op);
  }
  return out;
}

export function makeVocabulary(spec: VocabularySpec, overrides: VocabularyOverrides = {}): Vocabulary {
  const maxStatements = overrides.maxStatements ?? spec.maxStatements;
  if (!(Number.isSafeInteger(maxStatements) && maxStatements >= 1)) throw new VocabularyError(`--max-statements must be an integer >= 1, got '${maxStatements}'`);
  return Object.freeze({
    ops: Object.freeze(resolveOps(overrides.ops ?? spec.ops)),
    namedConstants: spec.namedConstants,
    fixedLiterals: spec.fixedLiterals,
    constantOperandChance: spec.constantOperandChance,
    newConstant: sampler(spec.constants),
    roundConstant: rounder(spec.significantDigits),
    replaceChance: spec.replaceChance,
    maxStatements,
    mutationWeights: spec.mutationWeights,
  });
}
