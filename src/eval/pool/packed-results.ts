/**
 * CandidateResults packed for a thread boundary: every number in one Float64Array (moved, not
 * copied) and the few strings beside it.
 */
import type { CandidateResult } from '../evaluator.ts';

export interface PackedResults {
  /** Per candidate: score, valid (1/0), then each measure in `measures` order. */
  readonly values: Float64Array;
  readonly measures: readonly string[];
  readonly errors: readonly (string | null)[];
  readonly programs: readonly (string | null)[];
}

export function packResults(results: readonly CandidateResult[], measures: readonly string[]): PackedResults {
  const stride = 2 + measures.length;
  const values = new Float64Array(results.length * stride);
  results.forEach((r, i) => {
    values[i * stride] = r.score;
    values[i * stride + 1] = r.valid ? 1 : 0;
    measures.forEach((m, j) => {
      values[i * stride + 2 + j] = r.measures[m] ?? NaN;
    });
  });
  return { values, measures, errors: results.map((r) => r.error ?? null), programs: results.map((r) => r.program ?? null) };
}

export function unpackResults(packed: PackedResults): CandidateResult[] {
  const stride = 2 + packed.measures.length;
  return packed.errors.map((error, i) => {
    const measures: Record<string, number> = {};
    packed.measures.forEach((m, j) => {
      const x = packed.values[i * stride + 2 + j];
      if (!Number.isNaN(x)) measures[m] = x;
    });
    const program = packed.programs[i];
    return {
      score: packed.values[i * stride],
      valid: packed.values[i * stride + 1] === 1,
      measures,
      ...(error !== null ? { error } : {}),
      ...(program !== null ? { program } : {}),
    };
  });
}
