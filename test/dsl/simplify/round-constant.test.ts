import { describe, expect, it } from 'vitest';
import { shorterConstants, significantDigits } from '../../../src/dsl/simplify/round-constant.ts';

describe('round-constant', () => {
  it('counts the significant digits of the shortest spelling', () => {
    expect(significantDigits(0.899)).toBe(3);
    expect(significantDigits(0.4602)).toBe(4);
    expect(significantDigits(1e-8)).toBe(1);
    expect(significantDigits(-123.25)).toBe(5);
    expect(significantDigits(0)).toBe(1);
  });

  it('offers each shorter rounding once, shortest first', () => {
    expect(shorterConstants(0.899)).toEqual([0.9]);
    expect(shorterConstants(0.4602)).toEqual([0.5, 0.46]);
    expect(shorterConstants(1.109)).toEqual([1, 1.1, 1.11]);
    expect(shorterConstants(0.0002)).toEqual([]);
    expect(shorterConstants(-2.71828)).toEqual([-3, -2.7, -2.72, -2.718, -2.7183]);
  });
});
