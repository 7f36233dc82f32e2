/**
 * The ground truth: every built-in target computed with decimal.js at 60 significant digits.
 * Slow (tens of microseconds to a fraction of a millisecond per point), so it is used to derive
 * constants, Taylor coefficients and Remez solves, and to test the fast double-double references
 * (dd-functions.ts), not to tabulate large point sets.
 */
import { Decimal } from 'decimal.js';

/** A Decimal constructor with 60 significant digits (about 3e-60 relative rounding). */
export const HP = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type HPDecimal = InstanceType<typeof HP>;

const TWO_OVER_SQRT_PI: Decimal = new HP(2).div(HP.acos(-1).sqrt());

/**
 * erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): every term positive,
 * so no cancellation. Terms are summed until they no longer change the sum (fine for |x| <= 6).
 */
export function erfDecimal(x: Decimal): Decimal {
  const X = new HP(x);
  if (X.isZero()) return new HP(0);
  const x2 = X.times(X);
  let term = X;
  let sum = X;
  const eps = new HP(10).pow(-HP.precision - 2);
  for (let n = 1; n < 10_000; n++) {
    term = term.times(x2).times(2).div(2 * n + 1);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(eps))) break;
  }
  return TWO_OVER_SQRT_PI.times(HP.exp(x2.neg())).times(sum);
}

export const sigmoidDecimal = (x: Decimal): Decimal => new HP(1).div(new HP(1).plus(HP.exp(new HP(x).neg())));

/**
 * The built-in targets in decimal.js, keyed by target name. They take a Decimal, never a number:
 * decimal.js reads numbers through their shortest decimal string, which is not their exact value
 * (use exactDecimal from dd.ts).
 */
export const DECIMAL_FUNCTIONS: Readonly<Record<string, (x: Decimal) => Decimal>> = Object.freeze({
  exp2: (x: Decimal) => HP.exp(new HP(x).times(HP.ln(2))),
  exp: (x: Decimal) => HP.exp(x),
  log2: (x: Decimal) => HP.ln(x).div(HP.ln(2)),
  ln: (x: Decimal) => HP.ln(x),
  erf: erfDecimal,
  sin: (x: Decimal) => HP.sin(x),
  tanh: (x: Decimal) => HP.tanh(x),
  sigmoid: sigmoidDecimal,
});
