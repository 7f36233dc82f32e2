import { describe, expect, it } from 'vitest';
import { errorSummary, maxError, pointError, pointErrors } from '../../src/eval/error-measures.ts';
import { uniformPoints } from '../../src/eval/reference/points.ts';
import { reference, tabulate } from '../../src/eval/reference/targets.ts';

describe('error measures', () => {
  it('measures against hi + lo, not against hi alone', () => {
    // The true value is 1 + 2^-60; y = 1 is off by exactly 2^-60.
    expect(pointError(1, 1, 2 ** -60, 'abs')).toBe(2 ** -60);
    expect(pointError(1, 1, 2 ** -60, 'rel')).toBe(2 ** -60);
    expect(pointError(1 + 2 ** -23, 1, 0, 'ulp32')).toBe(1);
    expect(pointError(0.75, 1, 0, 'ulp32')).toBe(2 ** 21);
  });

  it('treats non-finite outputs as infinitely wrong and zero references specially', () => {
    expect(pointError(NaN, 1, 0, 'abs')).toBe(Infinity);
    expect(pointError(Infinity, 1, 0, 'rel')).toBe(Infinity);
    expect(pointError(0, 0, 0, 'rel')).toBe(0);
    expect(pointError(1e-300, 0, 0, 'rel')).toBe(Infinity);
  });

  it('finds the max and its argmax, with NaN counted as the worst', () => {
    const xs = uniformPoints(0, 1, 5);
    const ref = { hi: Float64Array.from([1, 1, 1, 1, 1]), lo: new Float64Array(5) };
    expect(maxError(xs, [1, 1.5, 0.25, 1, 1], ref, 'abs')).toEqual({ value: 0.75, x: 0.5, index: 2 });
    expect(maxError(xs, [1, NaN, 0.25, 1, 1], ref, 'abs')).toEqual({ value: Infinity, x: 0.25, index: 1 });
    expect(Array.from(pointErrors([1, 2, 1, 1, 1], ref, 'rel'))).toEqual([0, 1, 0, 0, 0]);
    expect(() => maxError(xs, [1], ref, 'abs')).toThrow();
  });

  it('scores Math.exp2-in-f64 on 2^x at about 1e-16 and the float32-rounded values at <= 0.5 ULP', () => {
    const table = tabulate(reference('exp2'), uniformPoints(0, 1, 4097));
    const f64 = Array.from(table.xs, (x) => 2 ** x);
    const s = errorSummary(table.xs, f64, table);
    expect(s.abs.value).toBeGreaterThan(0); // the reference sees double rounding errors
    expect(s.abs.value).toBeLessThan(5e-16);
    const f32 = Array.from(table.hi, (y, i) => Math.fround(y + table.lo[i]));
    expect(maxError(table.xs, f32, table, 'ulp32').value).toBeLessThanOrEqual(0.5);
  });
});
