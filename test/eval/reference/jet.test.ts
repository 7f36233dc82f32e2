import { describe, expect, it } from 'vitest';
import { HP } from '../../../src/eval/reference/decimal-functions.ts';
import { exactDecimal } from '../../../src/eval/reference/dd.ts';
import { expJet, linearJet, shiftToMonomials } from '../../../src/eval/reference/jet.ts';
import { listTargets, reference } from '../../../src/eval/reference/targets.ts';

describe('power series (jets)', () => {
  it('exp about 0 has coefficients 1/k!', () => {
    const coefficients = expJet(linearJet(0, 1, 10));
    let factorial = new HP(1);
    coefficients.forEach((c, k) => {
      if (k > 0) factorial = factorial.times(k);
      expect(c.times(factorial).minus(1).abs().toNumber()).toBeLessThan(1e-55);
    });
  });

  it('every built-in Taylor series sums to the function near its center (error ~ t^(n+1))', () => {
    const order = 24;
    for (const r of listTargets()) {
      const [a, b] = r.interval;
      const c = exactDecimal((a + b) / 2 + 0.0625, HP);
      const series = r.taylor!(c, order);
      for (const t of [1e-2, -1e-2]) {
        let sum = new HP(0);
        for (let k = order; k >= 0; k--) sum = sum.times(t).plus(series[k]);
        const want = r.decimal!(c.plus(t));
        expect(sum.minus(want).abs().toNumber(), `${r.name} at center + ${t}`).toBeLessThan(1e-40);
      }
    }
  });

  it('shiftToMonomials re-expands (x - c)^k in powers of x', () => {
    // (x - 2)^2 = x^2 - 4x + 4
    const m = shiftToMonomials([new HP(0), new HP(0), new HP(1)], new HP(2));
    expect(m.map((d) => d.toNumber())).toEqual([4, -4, 1]);
  });

  it('sin about 0 alternates odd coefficients and has zero even ones', () => {
    const s = reference('sin').taylor!(new HP(0), 7);
    expect(s.map((d) => d.toNumber())).toEqual([0, 1, 0, -1 / 6, 0, 1 / 120, 0, -1 / 5040]);
  });
});
