import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, ddFromDecimal, ddToDecimal, div, exactDecimal, mul, sqr, twoProd, twoSum, type DD } from '../../../src/eval/reference/dd.ts';

const D = Decimal.clone({ precision: 120 });
/** Doubles whose exact decimal expansion fits in 100 digits (|x| in [1e-6, 1e6] or 0). */
const moderate = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  fc.double({ min: -1e6, max: -1e-6, noNaN: true }),
);
const exact = (x: number): Decimal => exactDecimal(x, D);
const value = (a: DD): Decimal => ddToDecimal(a, D);
const relErr = (got: Decimal, want: Decimal): number => (want.isZero() ? got.abs().toNumber() : got.minus(want).div(want).abs().toNumber());

describe('double-double error-free transformations', () => {
  it('twoSum and twoProd are exact', () => {
    fc.assert(
      fc.property(moderate, moderate, (a, b) => {
        expect(value(twoSum(a, b)).eq(exact(a).plus(exact(b)))).toBe(true);
        expect(value(twoProd(a, b)).eq(exact(a).times(exact(b)))).toBe(true);
      }),
    );
  });

  it('exactDecimal is exact where new Decimal(number) is not', () => {
    expect(exactDecimal(0.1).toString()).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(new Decimal(0.1).toString()).toBe('0.1');
  });
});

describe('double-double arithmetic', () => {
  const pair = fc.tuple(moderate, moderate).map(([hi, lo]) => twoSum(hi, lo * 1e-17));
  it('add, mul, sqr and div are accurate to ~1e-31 relative', () => {
    fc.assert(
      fc.property(pair, pair, (a, b) => {
        const A = value(a);
        const B = value(b);
        const sum = A.plus(B);
        if (!sum.isZero()) {
          // Addition is accurate relative to the operands' size (cancellation is exact).
          const scale = A.abs().plus(B.abs());
          expect(value(add(a, b)).minus(sum).abs().div(scale).toNumber()).toBeLessThan(1e-31);
        }
        expect(relErr(value(mul(a, b)), A.times(B))).toBeLessThan(1e-31);
        expect(relErr(value(sqr(a)), A.times(A))).toBeLessThan(1e-31);
        if (!B.isZero()) expect(relErr(value(div(a, b)), A.div(B))).toBeLessThan(1e-31);
      }),
    );
  });

  it('ddFromDecimal round-trips a Decimal to ~1e-32', () => {
    const third = new D(1).div(3);
    const x = ddFromDecimal(third);
    expect(x.hi).toBe(1 / 3);
    expect(relErr(value(x), third)).toBeLessThan(1e-32);
  });
});
