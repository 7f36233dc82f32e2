/**
 * Breeding one child: pick an applicable mutation kind, apply it, and re-mutate from the parent
 * until the child is valid and behaves differently from its parent (different fingerprint).
 * Both kinds of retry are counted, as the Lion and AutoNumerics-Zero searches report them.
 */
import { fingerprint } from '../../dsl/fingerprint.ts';
import { structuralHash } from '../../dsl/hash.ts';
import type { Program } from '../../dsl/program.ts';
import { isValid } from '../../dsl/validate.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { canChangeArgument, changeArgument } from './change-argument.ts';
import { canChangeOp, changeOp } from './change-op.ts';
import { canDelete, deleteStatement } from './delete.ts';
import { canInsert, insertStatement } from './insert.ts';
import type { MutationKind } from './kinds.ts';
import { canPerturbConstant, perturbConstant } from './perturb-constant.ts';

export type { MutationKind } from './kinds.ts';
export { MUTATION_KINDS } from './kinds.ts';

/** One mutation kind; its relative probability among the applicable ones is the vocabulary's. */
interface MutationOperator {
  readonly kind: MutationKind;
  applies(p: Program, vocab: Vocabulary): boolean;
  apply(p: Program, rng: Rng, vocab: Vocabulary): Program;
}

/** The operators, in the order of MUTATION_KINDS (the draw depends on it). */
export const MUTATIONS: readonly MutationOperator[] = [
  { kind: 'insert', applies: canInsert, apply: insertStatement },
  { kind: 'delete', applies: (p) => canDelete(p), apply: (p, rng) => deleteStatement(p, rng) },
  { kind: 'argument', applies: (p) => canChangeArgument(p), apply: changeArgument },
  { kind: 'op', applies: canChangeOp, apply: changeOp },
  { kind: 'constant', applies: (p) => canPerturbConstant(p), apply: perturbConstant },
];

/** Running totals of re-mutations, kept in the search state. */
export interface RetryCounts {
  /** Children that failed validation and were re-mutated. */
  invalid: number;
  /** Valid children with the parent's fingerprint, re-mutated. */
  identical: number;
}

export interface Mutant {
  readonly program: Program;
  /** The kind that produced the accepted child; `none` when every attempt failed (the parent is returned). */
  readonly kind: MutationKind | 'none';
  /** The child's fingerprint, when mutation computed it. */
  readonly fingerprint?: string;
}

export interface MutateOptions {
  /** Re-mutate children functionally identical to the parent (default true). */
  readonly remutateIdentical?: boolean;
  /** The parent's fingerprint, when the caller already has it. */
  readonly parentFingerprint?: string;
  /** The parent's structural hash (dsl/hash.ts), when the caller already has it. */
  readonly parentHash?: string;
  /** Attempts before giving up and returning the parent (default 200). */
  readonly maxAttempts?: number;
}

/** Applies one mutation of the given kind (no validity check): for tests and tools. */
export function applyMutation(kind: MutationKind, p: Program, rng: Rng, vocab: Vocabulary): Program {
  const op = MUTATIONS.find((m) => m.kind === kind);
  if (!op) throw new Error(`unknown mutation '${kind}'`);
  return op.apply(p, rng, vocab);
}

/** A valid child of `parent`, functionally different from it unless that proved impossible. */
export function mutate(parent: Program, rng: Rng, vocab: Vocabulary, retries: RetryCounts, options: MutateOptions = {}): Mutant {
  const maxAttempts = options.maxAttempts ?? 200;
  const remutateIdentical = options.remutateIdentical ?? true;
  const parentPrint = remutateIdentical ? (options.parentFingerprint ?? fingerprint(parent)) : '';
  const parentHash = remutateIdentical ? (options.parentHash ?? structuralHash(parent)) : '';
  let fallback: Mutant | undefined;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const applicable = MUTATIONS.filter((m) => m.applies(parent, vocab));
    if (applicable.length === 0) break;
    const op = applicable[rng.weighted(applicable.map((m) => vocab.mutationWeights[m.kind]))];
    const child = op.apply(parent, rng, vocab);
    if (!isValid(child)) {
      retries.invalid++;
      continue;
    }
    if (!remutateIdentical) return { program: child, kind: op.kind };
    // The same structure (renamed, reordered operands, dead code) computes the same numbers, so
    // it has the parent's fingerprint: most identical children are caught here, without running
    // them (the fingerprint was 65% of the main thread's ask).
    const print = structuralHash(child) === parentHash ? parentPrint : fingerprint(child);
    if (print === parentPrint) {
      retries.identical++;
      fallback ??= { program: child, kind: op.kind, fingerprint: print };
      continue;
    }
    return { program: child, kind: op.kind, fingerprint: print };
  }
  return fallback ?? { program: parent, kind: 'none', ...(remutateIdentical ? { fingerprint: parentPrint } : {}) };
}
