import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressSeries, quantile } from '../../src/report/progress-series.ts';
import type { CandidateColumns } from '../../src/report/run-reader.ts';

/** Columns with the given scores (NaN = invalid) and cache-hit flags; the other columns unused here. */
function columns(scores: readonly number[], hits: readonly boolean[]): CandidateColumns {
  const n = scores.length;
  return {
    count: n,
    candidate: Int32Array.from({ length: n }, (_, i) => i),
    batch: new Int32Array(n),
    island: new Int32Array(n),
    score: Float64Array.from(scores, (s) => (Number.isNaN(s) ? Infinity : s)),
    cost: new Float64Array(n),
    flags: Uint8Array.from(scores, (s, i) => (Number.isNaN(s) ? 0 : 1) | (hits[i] ? 2 : 0)),
    hash: scores.map(() => '0'),
    parent: scores.map(() => null),
    mutation: scores.map(() => 'insert' as const),
    offset: new Float64Array(n + 1),
  };
}

const scoreArb = fc.oneof(fc.double({ min: -5, max: 1e6, noNaN: true }), fc.constant(NaN));

describe('quantile', () => {
  it('is the minimum at 0, the maximum at 1 and monotone in between', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        expect(quantile(sorted, 0)).toBe(sorted[0]);
        expect(quantile(sorted, 1)).toBe(sorted[sorted.length - 1]);
        expect(quantile(sorted, 0.25)).toBeLessThanOrEqual(quantile(sorted, 0.5));
        expect(quantile(sorted, 0.5)).toBeLessThanOrEqual(quantile(sorted, 0.75));
      }),
    );
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
  });
});

describe('progressSeries', () => {
  it('tracks the running minimum of valid scores against the evaluation count', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(scoreArb, fc.boolean()), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (rows, window) => {
        const scores = rows.map((r) => r[0]);
        const hits = rows.map((r) => r[1]);
        const s = progressSeries(columns(scores, hits), window, 40);
        let best = Infinity;
        let evaluated = 0;
        const expected: { evaluations: number; score: number }[] = [];
        scores.forEach((x, i) => {
          if (!hits[i]) evaluated++;
          if (!Number.isNaN(x) && x < best) {
            best = x;
            expected.push({ evaluations: evaluated, score: x });
          }
        });
        const improvements = s.best.filter((p, i) => i === 0 || p.score < s.best[i - 1].score);
        expect(improvements.map((p) => ({ evaluations: p.evaluations, score: p.score }))).toEqual(expected);
        for (const q of s.quantiles) {
          expect(q.q10).toBeLessThanOrEqual(q.q25);
          expect(q.q25).toBeLessThanOrEqual(q.q50);
          expect(q.q50).toBeLessThanOrEqual(q.q75);
          expect(q.q75).toBeLessThanOrEqual(q.q90);
          expect(q.valid).toBeGreaterThan(0);
          expect(q.valid).toBeLessThanOrEqual(1);
          // The window's quantiles come from its last `window` candidates only.
          const end = q.candidate;
          const inWindow = scores.slice(Math.max(0, end - window + 1), end + 1).filter((x) => !Number.isNaN(x));
          expect(q.q10).toBeGreaterThanOrEqual(Math.min(...inWindow));
          expect(q.q90).toBeLessThanOrEqual(Math.max(...inWindow));
        }
        expect(s.quantiles.length).toBeLessThanOrEqual(40);
      }),
    );
  });

  it('closes the best line at the last candidate', () => {
    const s = progressSeries(columns([3, 1, 2, 5], [false, false, true, false]), 2);
    expect(s.best).toEqual([
      { evaluations: 1, candidate: 0, score: 3 },
      { evaluations: 2, candidate: 1, score: 1 },
      { evaluations: 3, candidate: 3, score: 1 },
    ]);
    expect(s.quantiles.at(-1)).toMatchObject({ evaluations: 3, candidate: 3, q10: 2.3, q90: 4.7, valid: 1 });
  });
});
