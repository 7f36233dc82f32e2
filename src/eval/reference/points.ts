/**
 * Point sets on an interval for error measurement. Both include the interval ends, where
 * approximations are typically worst.
 */

/** n >= 2 equally spaced points from a to b inclusive (the last point is exactly b). */
export function uniformPoints(a: number, b: number, n: number): Float64Array {
  if (!(n >= 2)) throw new Error(`uniformPoints: need n >= 2, got ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  out[n - 1] = b;
  return out;
}

/**
 * n >= 2 Chebyshev extrema (a+b)/2 - (b-a)/2 cos(pi i/(n-1)), i = 0..n-1, ascending, ends exact:
 * denser near the ends, where minimax errors of polynomials and rationals oscillate fastest.
 */
export function chebyshevPoints(a: number, b: number, n: number): Float64Array {
  if (!(n >= 2)) throw new Error(`chebyshevPoints: need n >= 2, got ${n}`);
  const mid = (a + b) / 2;
  const half = (b - a) / 2;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mid - half * Math.cos((Math.PI * i) / (n - 1));
  out[0] = a;
  out[n - 1] = b;
  return out;
}
