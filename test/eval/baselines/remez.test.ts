import { describe, expect, it } from 'vitest';
import { remez } from '../../../src/eval/baselines/remez.ts';
import { polynomialBaselines } from '../../../src/eval/baselines/polynomial-baselines.ts';
import { evalPolynomialDD } from '../../../src/eval/baselines/polynomial.ts';
import { sub } from '../../../src/eval/reference/dd.ts';
import { listTargets, reference, userReference } from '../../../src/eval/reference/targets.ts';

/** ANCHORS.md: Sollya remez minimax polynomials, degrees 1..8. */
const EXP2_ABS = [4.3e-2, 2.48e-3, 1.07e-4, 3.7e-6, 1.07e-7, 2.64e-9, 5.72e-11, 1.1e-12];
const EXP_REL = [3.0e-2, 1.7e-3, 7.5e-5, 2.6e-6, 7.5e-8, 1.9e-9, 4.0e-11, 7.7e-13];
const twoDigits = (x: number): string => x.toPrecision(2);

describe('Remez minimax polynomials reproduce the ANCHORS.md table', () => {
  const degrees = [1, 2, 3, 4, 5, 6, 7, 8];
  it('max abs error of 2^x on [0, 1], degrees 1..8 (double coefficients, dense grid)', () => {
    const rows = polynomialBaselines(reference('exp2'), { degrees, measure: 'abs', kinds: ['minimax'] });
    expect(rows.map((r) => twoDigits(r.maxError))).toEqual(EXP2_ABS.map(twoDigits));
    expect(rows.every((r) => r.converged)).toBe(true);
  });

  it('max rel error of e^x on [-ln2/2, ln2/2], degrees 1..8', () => {
    const rows = polynomialBaselines(reference('exp'), { degrees, measure: 'rel', kinds: ['minimax'] });
    expect(rows.map((r) => twoDigits(r.maxError))).toEqual(EXP_REL.map(twoDigits));
  });
});

describe('remez', () => {
  it('equioscillates: the error at the n+2 extrema alternates in sign with equal size', () => {
    const r = reference('erf');
    const res = remez((x) => r.evalPoint(x), r.interval, 5, { measure: 'abs' });
    expect(res.converged).toBe(true);
    expect(res.extrema.length).toBe(7);
    expect(res.extrema[0]).toBe(0);
    expect(res.extrema[6]).toBe(1);
    const coefficients = res.coefficients.map((c) => c.toNumber());
    const errs = res.extrema.map((x) => {
      const d = sub(evalPolynomialDD(coefficients, x), r.evalPoint(x));
      return d.hi + d.lo;
    });
    for (let i = 1; i < errs.length; i++) expect(Math.sign(errs[i])).toBe(-Math.sign(errs[i - 1]));
    for (const e of errs) expect(Math.abs(Math.abs(e) / res.levelledError - 1)).toBeLessThan(1e-6);
  });

  it('handles odd targets on symmetric intervals (degree 2k equals degree 2k-1 for sin)', () => {
    const r = reference('sin');
    const f = (x: number) => r.evalPoint(x);
    for (const n of [1, 3, 5]) {
      const odd = remez(f, r.interval, n, { measure: 'abs' });
      const even = remez(f, r.interval, n + 1, { measure: 'abs' });
      expect(odd.converged && even.converged).toBe(true);
      expect(Math.abs(odd.maxError / even.maxError - 1)).toBeLessThan(1e-6);
    }
  });

  it('converges for every built-in target, degrees 1..8', () => {
    for (const r of listTargets()) {
      for (let n = 1; n <= 8; n++) {
        const res = remez((x) => r.evalPoint(x), r.interval, n, { measure: r.measure });
        expect(res.converged, `${r.name} degree ${n}`).toBe(true);
      }
    }
  });

  it('accepts a plain f64 function (user targets)', () => {
    const res = remez(Math.sqrt, [0.25, 1], 2, { measure: 'rel' });
    expect(res.converged).toBe(true);
    // The best relative quadratic for sqrt on [1/4, 1] is in the 1e-3 range.
    expect(res.maxError).toBeGreaterThan(1e-4);
    expect(res.maxError).toBeLessThan(1e-2);
    const user = userReference('sqrt', Math.sqrt, [0.25, 1]);
    const rows = polynomialBaselines(user, { degrees: [2], measure: 'rel', kinds: ['minimax'], densePoints: 2001 });
    expect(Math.abs(rows[0].maxError / res.maxError - 1)).toBeLessThan(1e-6);
  });

  it('rejects bad arguments', () => {
    expect(() => remez(Math.exp, [1, 0], 2, { measure: 'abs' })).toThrow(/empty interval/);
    expect(() => remez(Math.exp, [0, 1], 1.5, { measure: 'abs' })).toThrow(/degree/);
  });
});
