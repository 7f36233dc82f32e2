/**
 * Approximation intervals, open or closed at either end: `[a,b]`, `(a,b]`, `[a,b)`, `(a,b)`, and
 * the older `a,b` (closed). One parser for every place an interval is accepted (CLI flags, task
 * options, config.json's TaskRef), so they all agree and all fail with the same message.
 *
 * An open end is never a point. Point sets place their points on a uniform grid whose spacing
 * leaves half a spacing between an open end and the first point (`gridPoints`): with both ends
 * open the points are the midpoints of n equal cells, with both closed they are the usual n
 * points ends included. A point that rounds onto an open end (float32 tasks, tiny intervals) moves
 * to the next representable number inward. AutoNumerics-Zero's 2^x on (0, 1] is why: its programs
 * divide by x, and the function they compute has a finite limit at 0 but no value there.
 */
import { ceil32, nextDown32, nextUp32 } from '../float32.ts';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
  /** Whether lo (hi) is excluded. */
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

export const INTERVAL_FORMS = "'[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b";

/** Why a text is not an interval (the caller names the flag or option). */
export class IntervalError extends Error {}

const FORM = /^\s*([[(]?)\s*([^,()[\]]*?)\s*,\s*([^,()[\]]*?)\s*([\])]?)\s*$/;

/** Parses one of INTERVAL_FORMS; throws IntervalError `must be ... got '...'`. */
export function parseInterval(text: string): Interval {
  const m = FORM.exec(text);
  const fail = (): never => {
    throw new IntervalError(`must be ${INTERVAL_FORMS}, got '${text}'`);
  };
  if (!m) return fail();
  const [, open, a, b, close] = m;
  if ((open === '') !== (close === '')) return fail();
  const lo = a === '' ? NaN : Number(a);
  const hi = b === '' ? NaN : Number(b);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) return fail();
  return closedOrOpen(lo, hi, open === '(', close === ')');
}

export function closedOrOpen(lo: number, hi: number, loOpen = false, hiOpen = false): Interval {
  return Object.freeze({ lo, hi, loOpen, hiOpen });
}

export const closedInterval = (pair: readonly [number, number]): Interval => closedOrOpen(pair[0], pair[1]);

/** Canonical text: `a,b` when closed at both ends (the older form, so old configs stay identical), else with brackets. */
export function intervalOption(iv: Interval): string {
  return iv.loOpen || iv.hiOpen ? formatInterval(iv, '') : `${iv.lo},${iv.hi}`;
}

/** `[a, b]`, `(a, b]`, ... for people (separator ', ' by default). */
export function formatInterval(iv: Interval, space = ' '): string {
  return `${iv.loOpen ? '(' : '['}${iv.lo},${space}${iv.hi}${iv.hiOpen ? ')' : ']'}`;
}

export function contains(iv: Interval, x: number): boolean {
  return (iv.loOpen ? x > iv.lo : x >= iv.lo) && (iv.hiOpen ? x < iv.hi : x <= iv.hi);
}

/**
 * n >= 2 uniformly spaced points over `iv`: x_i = lo + (hi - lo) (i + s_lo) / (n - 1 + s_lo + s_hi)
 * with s = 1/2 at an open end and 0 at a closed one (a closed end is exactly a point). With
 * `float32`, points are rounded to float32; one that rounds onto or past an open end becomes the
 * nearest float32 inside.
 */
export function gridPoints(iv: Interval, n: number, float32 = false): Float64Array {
  if (!(n >= 2)) throw new Error(`gridPoints: need n >= 2, got ${n}`);
  const sLo = iv.loOpen ? 0.5 : 0;
  const sHi = iv.hiOpen ? 0.5 : 0;
  const span = n - 1 + sLo + sHi;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = i === n - 1 && !iv.hiOpen ? iv.hi : i === 0 && !iv.loOpen ? iv.lo : iv.lo + ((iv.hi - iv.lo) * (i + sLo)) / span;
    if (float32) x = Math.fround(x);
    // Only an open end moves a point: a closed end's float32 rounding stays as it always was.
    if (iv.loOpen && !(x > iv.lo)) x = lowestInside(iv, float32);
    if (iv.hiOpen && !(x < iv.hi)) x = highestInside(iv, float32);
    out[i] = x;
  }
  return out;
}

/** The smallest (largest) number of the precision inside the interval. */
export function lowestInside(iv: Interval, float32 = false): number {
  if (!float32) return iv.loOpen ? nextUpF64(iv.lo) : iv.lo;
  const c = ceil32(iv.lo);
  return iv.loOpen && c === iv.lo ? nextUp32(c) : c;
}

export function highestInside(iv: Interval, float32 = false): number {
  if (!float32) return iv.hiOpen ? nextDownF64(iv.hi) : iv.hi;
  const f = -ceil32(-iv.hi);
  return iv.hiOpen && f === iv.hi ? nextDown32(f) : f;
}

/** x clamped into the interval's representable numbers (past an open end: the nearest one inside). */
export function inside(iv: Interval, x: number, float32 = false): number {
  const low = lowestInside(iv, float32);
  const high = highestInside(iv, float32);
  return x < low ? low : x > high ? high : x;
}

const F64 = new Float64Array(1);
const BITS = new BigInt64Array(F64.buffer);

/** The next double above x (x finite). */
export function nextUpF64(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  F64[0] = x;
  BITS[0] += x > 0 ? 1n : -1n;
  return F64[0];
}

/** The next double below x (x finite). */
export function nextDownF64(x: number): number {
  return -nextUpF64(-x);
}
