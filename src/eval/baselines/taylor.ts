/**
 * Taylor polynomials of the built-in targets, expanded about the interval midpoint (which is 0
 * for the symmetric intervals of exp and sin) and re-expanded in powers of x so they run as the
 * same Horner program as the minimax baselines. The coefficients are exact to 60 digits (power
 * series arithmetic in decimal.js, reference/jet.ts), so the error is the truncation error only.
 */
import type { Decimal } from 'decimal.js';
import { HP } from '../reference/decimal-functions.ts';
import { exactDecimal } from '../reference/dd.ts';
import { shiftToMonomials } from '../reference/jet.ts';
import type { Reference } from '../reference/targets.ts';

/** The expansion point used by `taylorPolynomial`: the midpoint of the target's interval. */
export const taylorCenter = (target: Reference): number => (target.interval[0] + target.interval[1]) / 2;

/**
 * Degree-`degree` Taylor polynomial of `target` about `center` (default: the interval midpoint),
 * coefficients ascending in powers of x. Built-in targets only (a plain f64 function has no
 * exact derivatives).
 */
export function taylorPolynomial(target: Reference, degree: number, center = taylorCenter(target)): Decimal[] {
  if (!target.taylor) throw new Error(`no Taylor series for target '${target.name}': Taylor baselines need a built-in target`);
  if (!(Number.isInteger(degree) && degree >= 0)) throw new Error(`taylorPolynomial: degree must be a non-negative integer, got ${degree}`);
  const c = exactDecimal(center, HP);
  return shiftToMonomials(target.taylor(c, degree), c);
}
