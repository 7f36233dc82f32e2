/**
 * Error of an approximation's outputs against high-precision reference values (hi + lo).
 *
 * - abs:   |y - f(x)|
 * - rel:   |y - f(x)| / |f(x)|   (0 where both are 0, Infinity where only f(x) is 0)
 * - ulp32: |y - f(x)| / ulp32(f(x)), the distance in units of the float32 grid at the true
 *          value (so a correctly rounded float32 result scores <= 0.5).
 *
 * The difference is taken as (y - hi) - lo: y - hi is exact when y is close to hi (Sterbenz),
 * so the error itself is accurate to about 1e-16 relative even when it is 1e-30 absolute.
 * A non-finite output (NaN, ±Infinity) has error Infinity.
 */
import { ulp32 } from './float32.ts';
import type { ReferenceValues } from './reference/targets.ts';

export type ErrorMeasure = 'abs' | 'rel' | 'ulp32';

export const ERROR_MEASURES: readonly ErrorMeasure[] = Object.freeze(['abs', 'rel', 'ulp32']);

/** The largest error over a point set and where it occurs (first index on ties). */
export interface MaxError {
  readonly value: number;
  /** The input with the largest error (NaN for an empty set). */
  readonly x: number;
  readonly index: number;
}

/** The error of one output y against the true value hi + lo. */
export function pointError(y: number, hi: number, lo: number, measure: ErrorMeasure): number {
  if (!Number.isFinite(y)) return Infinity;
  const e = Math.abs(y - hi - lo);
  switch (measure) {
    case 'abs':
      return e;
    case 'rel': {
      const f = Math.abs(hi + lo);
      if (f === 0) return e === 0 ? 0 : Infinity;
      return e / f;
    }
    case 'ulp32':
      return e / ulp32(hi + lo);
  }
}

/** Per-point errors of `ys` against `ref` (written into `out` when given). */
export function pointErrors(ys: ArrayLike<number>, ref: ReferenceValues, measure: ErrorMeasure, out?: Float64Array): Float64Array {
  const n = ys.length;
  if (ref.hi.length < n) throw new Error(`pointErrors: ${n} outputs but ${ref.hi.length} reference values`);
  const errors = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = pointError(ys[i], ref.hi[i], ref.lo[i], measure);
  return errors;
}

/** The maximum error of `ys` (outputs at `xs`) against `ref`, with the argmax. */
export function maxError(xs: ArrayLike<number>, ys: ArrayLike<number>, ref: ReferenceValues, measure: ErrorMeasure): MaxError {
  const n = ys.length;
  if (xs.length !== n) throw new Error(`maxError: ${xs.length} points but ${n} outputs`);
  if (ref.hi.length < n) throw new Error(`maxError: ${n} outputs but ${ref.hi.length} reference values`);
  let value = n === 0 ? 0 : -1;
  let index = -1;
  for (let i = 0; i < n; i++) {
    const e = pointError(ys[i], ref.hi[i], ref.lo[i], measure);
    // `!(e <= value)` also catches NaN (treated as the worst error).
    if (!(e <= value)) {
      value = Number.isNaN(e) ? Infinity : e;
      index = i;
    }
  }
  return { value, x: index >= 0 ? xs[index] : NaN, index };
}

/** Every measure at once. */
export function errorSummary(xs: ArrayLike<number>, ys: ArrayLike<number>, ref: ReferenceValues): Readonly<Record<ErrorMeasure, MaxError>> {
  return {
    abs: maxError(xs, ys, ref, 'abs'),
    rel: maxError(xs, ys, ref, 'rel'),
    ulp32: maxError(xs, ys, ref, 'ulp32'),
  };
}
