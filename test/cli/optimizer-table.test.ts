/** The optimizer score tables (src/cli/optimizer-table.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparisonLines, familiesOf, familyDetailLines, formatLogRatio } from '../../src/cli/optimizer-table.ts';
import type { CandidateResult } from '../../src/eval/evaluator.ts';

const result = (score: number, families: Record<string, number>): CandidateResult => ({
  score,
  valid: true,
  measures: { score, ...Object.fromEntries(Object.entries(families).flatMap(([f, s]) => [[`family.${f}`, s], [`lr.${f}`, 30], [`loss.${f}`, 0.0123], [`diverged.${f}`, 0.25]])) },
});

describe('optimizer tables', () => {
  it('formatLogRatio: always signed, 3 decimals, parses back to within 5e-4', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), (x) => {
        const s = formatLogRatio(x);
        expect(s).toMatch(/^[+-]\d+\.\d{3}$/);
        expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(5e-4 + 1e-12);
      }),
    );
    expect([formatLogRatio(Infinity), formatLogRatio(-Infinity), formatLogRatio(NaN), formatLogRatio(-0.0001)]).toEqual(['inf', '-inf', 'nan', '+0.000']);
  });

  it('comparisonLines: one aligned column per family, invalid rows marked', () => {
    const rows = [
      { name: 'best', result: result(-0.5, { quadratic: -1, mlp: 0 }) },
      { name: 'AdamW', result: result(0, { quadratic: 0, mlp: 0 }) },
      { name: 'broken', result: { score: Infinity, valid: false, measures: {} } },
    ];
    const lines = comparisonLines(['quadratic', 'mlp'], rows);
    expect(lines).toEqual([
      '          score  quadratic     mlp',
      'best     -0.500     -1.000  +0.000',
      'AdamW    +0.000     +0.000  +0.000',
      'broken  invalid',
    ]);
    expect(familiesOf(rows[0].result)).toEqual(['quadratic', 'mlp']);
  });

  it('familyDetailLines: score, best lr, loss and diverged share per family, then the mean', () => {
    expect(familyDetailLines(['quadratic'], result(-0.25, { quadratic: -0.25 }))).toEqual([
      'family      score  best lr    loss  diverged',
      'quadratic  -0.250       30  0.0123       25%',
      'mean       -0.250',
    ]);
  });

  it('familyDetailLines: a held-out accuracy column when a family reports one', () => {
    const r = result(-0.25, { softmax: -0.5, quadratic: 0 });
    const lines = familyDetailLines(['softmax', 'quadratic'], { ...r, measures: { ...r.measures, 'acc.softmax': 0.8125 } });
    expect(lines).toEqual([
      'family      score  best lr    loss  diverged  accuracy',
      'softmax    -0.500       30  0.0123       25%     81.3%',
      'quadratic  +0.000       30  0.0123       25%         –',
      'mean       -0.250',
    ]);
  });
});
