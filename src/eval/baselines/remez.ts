/**
 * Minimax polynomial by the Remez exchange algorithm, absolute or relative weighting.
 *
 * Each iteration solves the levelled-error system on n+2 reference points
 *     p(x_i) - f(x_i) = (-1)^i E s_i,  s_i = 1 (abs) or |f(x_i)| (rel)
 * in decimal.js at 60 digits (the monomial system is ill-conditioned: a double solve loses the
 * last digits of a 1e-12 error), then finds the error's extrema: the sign runs of the error on a
 * Chebyshev grid, one maximum of |error| per run refined by golden-section search, all in
 * double-double against the high-precision target. The new reference is the n+2 consecutive
 * alternating extrema that contain the global maximum (multi-point exchange, as Chebfun's remez).
 * It stops when the extrema are level: (max - min) / max < tolerance.
 */
import type { Decimal } from 'decimal.js';
import { HP } from '../reference/decimal-functions.ts';
import { add, dd, ddFromDecimal, ddToDecimal, exactDecimal, mulNumber, sub, type DD } from '../reference/dd.ts';
import { chebyshevPoints } from '../reference/points.ts';

export type PolynomialMeasure = 'abs' | 'rel';

export interface RemezOptions {
  readonly measure: PolynomialMeasure;
  /** Stop when the reference extrema agree to this relative spread (default 1e-9). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Chebyshev grid used to locate the error's sign runs (default max(2000, 200 (n + 2))). */
  readonly gridSize?: number;
  /**
   * The powers of x the polynomial may use, ascending (default 0..degree): [1, 3, 5] is an odd
   * polynomial x P(x^2), [0, 2, 4] an even one. Any ascending powers form a Haar system on an
   * interval of positive numbers (Descartes' rule of signs), so the exchange works there.
   */
  readonly powers?: readonly number[];
}

export interface RemezResult {
  /** Coefficients in ascending powers of x, at 60 digits (0 at powers not in `powers`). */
  readonly coefficients: Decimal[];
  /** |E| of the last levelled solve. */
  readonly levelledError: number;
  /** The largest error found at the extrema (Decimal coefficients, real arithmetic). */
  readonly maxError: number;
  /** Where the error's extrema are (the last reference set), ascending. */
  readonly extrema: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** A target as a function returning a double-double (built-in references) or a double. */
export type TargetFunction = (x: number) => DD | number;

const asDD = (y: DD | number): DD => (typeof y === 'number' ? dd(y) : y);

/** Solves A z = b in place by Gaussian elimination with partial pivoting. */
export function solveDecimal(A: Decimal[][], b: Decimal[]): Decimal[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (A[r][col].abs().gt(A[pivot][col].abs())) pivot = r;
    if (A[pivot][col].isZero()) throw new Error('remez: singular system (repeated reference points?)');
    [A[col], A[pivot]] = [A[pivot], A[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < n; r++) {
      const factor = A[r][col].div(A[col][col]);
      if (factor.isZero()) continue;
      for (let c = col; c < n; c++) A[r][c] = A[r][c].minus(factor.times(A[col][c]));
      b[r] = b[r].minus(factor.times(b[col]));
    }
  }
  const z: Decimal[] = new Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s = s.minus(A[r][c].times(z[c]));
    z[r] = s.div(A[r][r]);
  }
  return z;
}

/** Horner in double-double with double-double coefficients. */
function evalDD(coefficients: readonly DD[], x: number): DD {
  let y = coefficients[coefficients.length - 1];
  for (let k = coefficients.length - 2; k >= 0; k--) y = add(mulNumber(y, x), coefficients[k]);
  return y;
}

interface Extremum {
  readonly x: number;
  readonly e: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** The x in [lo, hi] maximizing |err| (golden-section search; ends included in the comparison). */
function refineMaximum(err: (x: number) => number, lo: number, hi: number, start: Extremum): Extremum {
  let best = start;
  const consider = (x: number, e: number): void => {
    if (Math.abs(e) > Math.abs(best.e)) best = { x, e };
  };
  let a = lo;
  let b = hi;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let ec = err(c);
  let ed = err(d);
  consider(c, ec);
  consider(d, ed);
  for (let i = 0; i < 60 && b - a > 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), 1e-300); i++) {
    if (Math.abs(ec) > Math.abs(ed)) {
      b = d;
      d = c;
      ed = ec;
      c = b - GOLDEN * (b - a);
      ec = err(c);
      consider(c, ec);
    } else {
      a = c;
      c = d;
      ec = ed;
      d = a + GOLDEN * (b - a);
      ed = err(d);
      consider(d, ed);
    }
  }
  return best;
}

/** One maximum of |err| per sign run of err on the grid, refined; alternating in sign. */
function findExtrema(err: (x: number) => number, grid: Float64Array, count: number): Extremum[] {
  const values = Array.from(grid, err);
  const runs: Extremum[] = [];
  let runStart = 0;
  let runSign = 0; // the sign of the run's first non-zero value; zeros join the current run
  const closeRun = (endExclusive: number): void => {
    let best = runStart;
    for (let i = runStart + 1; i < endExclusive; i++) if (Math.abs(values[i]) > Math.abs(values[best])) best = i;
    const lo = grid[Math.max(best - 1, 0)];
    const hi = grid[Math.min(best + 1, grid.length - 1)];
    runs.push(refineMaximum(err, lo, hi, { x: grid[best], e: values[best] }));
  };
  for (let i = 0; i < grid.length; i++) {
    const s = Math.sign(values[i]);
    if (s === 0 || Number.isNaN(s)) continue;
    if (runSign === 0) runSign = s;
    else if (s !== runSign) {
      closeRun(i);
      runStart = i;
      runSign = s;
    }
  }
  closeRun(grid.length);
  // Runs born of rounding noise near a zero of the error are tiny: drop them, then merge
  // neighbours that now share a sign.
  let kept = runs;
  if (kept.length > count) {
    const largest = Math.max(...kept.map((r) => Math.abs(r.e)));
    kept = kept.filter((r) => Math.abs(r.e) >= 1e-8 * largest);
  }
  const merged: Extremum[] = [];
  for (const r of kept) {
    const last = merged[merged.length - 1];
    if (last && Math.sign(last.e) === Math.sign(r.e)) {
      if (Math.abs(r.e) > Math.abs(last.e)) merged[merged.length - 1] = r;
    } else merged.push(r);
  }
  return merged;
}

/**
 * Chebyshev extrema, interior points shifted by a small asymmetric warp t -> t + 0.05 (1 - t^2)
 * (monotone, ends fixed). A symmetric reference with an odd number of points makes the levelled
 * system degenerate (E = 0) for odd targets such as sin on [-pi/4, pi/4].
 */
function initialReference(a: number, b: number, m: number): number[] {
  const mid = (a + b) / 2;
  const half = (b - a) / 2;
  return Array.from(chebyshevPoints(-1, 1, m), (t, i) => (i === 0 ? a : i === m - 1 ? b : mid + half * (t + 0.05 * (1 - t * t))));
}

/**
 * The minimax polynomial of `degree` for `f` on `interval`, minimizing max |p - f| ('abs') or
 * max |p - f| / |f| ('rel'; f must not vanish on the interval).
 */
export function remez(f: TargetFunction, interval: readonly [number, number], degree: number, options: RemezOptions): RemezResult {
  const [a, b] = interval;
  if (!(Number.isInteger(degree) && degree >= 0)) throw new Error(`remez: degree must be a non-negative integer, got ${degree}`);
  if (!(a < b)) throw new Error(`remez: empty interval [${a}, ${b}]`);
  const powers = options.powers ?? Array.from({ length: degree + 1 }, (_, j) => j);
  if (powers.some((p, i) => !Number.isInteger(p) || p < 0 || (i > 0 && p <= powers[i - 1]))) throw new Error(`remez: powers must be ascending non-negative integers, got ${powers.join(', ')}`);
  if (options.powers !== undefined && powers[0] > 0 && a <= 0) throw new Error(`remez: powers without x^0 vanish at 0: the interval must be of positive numbers, got [${a}, ${b}]`);
  const top = powers[powers.length - 1];
  const m = powers.length + 1;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 60;
  const grid = chebyshevPoints(a, b, options.gridSize ?? Math.max(2000, 200 * m));
  const relative = options.measure === 'rel';

  // Without x^0 the error vanishes at 0, so no alternation point sits at the left end: start from
  // the m rightmost of m + 1 points.
  let reference = powers[0] > 0 ? initialReference(a, b, m + 1).slice(1) : initialReference(a, b, m);
  let coefficients: Decimal[] = [];
  let levelled = NaN;
  let maxError = NaN;
  let extrema: number[] = reference;
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const fx = reference.map((x) => asDD(f(x)));
    const A: Decimal[][] = [];
    const rhs: Decimal[] = [];
    reference.forEach((x, i) => {
      const X = exactDecimal(x, HP);
      const row: Decimal[] = [];
      for (const p of powers) row.push(X.pow(p));
      const fi = ddToDecimal(fx[i], HP);
      const s = relative ? fi.abs() : new HP(1);
      row.push(i % 2 === 0 ? s : s.neg());
      A.push(row);
      rhs.push(fi);
    });
    const z = solveDecimal(A, rhs);
    // Dense ascending coefficients, zero at the powers not used.
    coefficients = Array.from({ length: top + 1 }, () => new HP(0));
    powers.forEach((p, j) => {
      coefficients[p] = z[j];
    });
    levelled = Math.abs(z[powers.length].toNumber());
    const cdd = coefficients.map(ddFromDecimal);
    const err = (x: number): number => {
      const fv = asDD(f(x));
      const e = sub(evalDD(cdd, x), fv);
      const v = e.hi + e.lo;
      return relative ? v / Math.abs(fv.hi + fv.lo) : v;
    };
    const found = findExtrema(err, grid, m);
    if (found.length < m) break; // cannot happen in exact arithmetic; keep the last solve
    let maxIndex = 0;
    found.forEach((r, i) => {
      if (Math.abs(r.e) > Math.abs(found[maxIndex].e)) maxIndex = i;
    });
    const startIndex = Math.min(Math.max(maxIndex - m + 1, 0), found.length - m);
    const window = found.slice(startIndex, startIndex + m);
    maxError = Math.abs(found[maxIndex].e);
    const minError = Math.min(...window.map((r) => Math.abs(r.e)));
    extrema = window.map((r) => r.x);
    reference = extrema;
    if ((maxError - minError) / maxError < tolerance) {
      converged = true;
      break;
    }
  }
  return { coefficients, levelledError: levelled, maxError, extrema, iterations, converged };
}
