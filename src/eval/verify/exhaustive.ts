/**
 * Exhaustive float32 verification of a function program: its float32 output at every float32 x of
 * the interval (open or closed ends, float32IntervalRange), against the target's reference, in float32 ULPs of the reference (|y - r| / ulp32(r)).
 *
 * The program runs as a compiled float32 closure (compile.ts: the op table's `ts` emitters with
 * Math.fround after every op — the same arithmetic the interpreter and the CPU backend use). The
 * reference is the target's `evalF64` (within 8 double ULPs of the truth, i.e. 2^-26 float32 ULPs
 * accurate; reference/targets.ts), since double-double at ~1 us a point would take 20 minutes per
 * core for the 1.07e9 floats of [0, 1).
 *
 * Inputs are addressed by their float32 order (float32.ts: consecutive orders are consecutive
 * floats), so a range splits into independent pieces for worker threads.
 */
import { compileProgram } from '../../dsl/compile.ts';
import { parseProgram } from '../../dsl/parse.ts';
import { FLOAT32_MIN_ULP, ceil32, float32Order, ulp32 } from '../float32.ts';
import type { Reference } from '../reference/targets.ts';
import { highestInside, lowestInside } from '../reference/interval.ts';
import type { Interval } from '../reference/interval.ts';

export interface VerifyRange {
  /** Float32 orders: every x with start <= order(x) < end. */
  readonly start: number;
  readonly end: number;
}

export interface VerifyResult {
  /** Max |y - r| / ulp32(r) over the finite outputs. */
  readonly maxUlp: number;
  /** The input where it occurs, the program's output and the reference there. */
  readonly argmax: number;
  readonly output: number;
  readonly reference: number;
  /** Points checked, and of those with a NaN or infinite output (the first such input, if any). */
  readonly points: number;
  readonly nonFinite: number;
  readonly firstNonFinite?: number;
}

/**
 * The float32 order range of an interval, ends as it says: a closed end's float (if it is one) is
 * checked, an open end's is not (reference/interval.ts). An interval with no float32 is empty.
 */
export function float32IntervalRange(iv: Interval): VerifyRange {
  const start = float32Order(lowestInside(iv, true));
  const end = float32Order(highestInside(iv, true)) + 1;
  return { start, end: Math.max(start, end) };
}

/** The float32 order range of [a, b). */
export function float32Range(a: number, b: number): VerifyRange {
  return { start: float32Order(ceil32(a)), end: float32Order(ceil32(b)) };
}

export const CHUNK = 1 << 16;

/** Verifies `programText` over `range`; `onChunk(points)` after every chunk of up to 65536 points. */
export function verifyRange(programText: string, reference: Reference, range: VerifyRange, onChunk?: (points: number) => void): VerifyResult {
  const run = compileProgram(parseProgram(programText, 'program'), 'f32');
  const bits = new Uint32Array(CHUNK);
  const floats = new Float32Array(bits.buffer);
  const xs = new Float64Array(CHUNK);
  const ys = new Float64Array(CHUNK);
  let maxUlp = -1;
  let argmax = NaN;
  let output = NaN;
  let refAt = NaN;
  let points = 0;
  let nonFinite = 0;
  let ulp = NaN;
  let binLo = NaN;
  let binHi = NaN;
  let firstNonFinite: number | undefined;
  for (let order = range.start; order < range.end; order += CHUNK) {
    const n = Math.min(CHUNK, range.end - order);
    for (let i = 0; i < n; i++) {
      const o = order + i;
      bits[i] = o >= 0 ? o : (0x80000000 | -o) >>> 0;
    }
    for (let i = 0; i < n; i++) xs[i] = floats[i];
    run([xs], [ys], n);
    const ref = reference.evalF64(n === CHUNK ? xs : xs.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) {
        nonFinite++;
        firstNonFinite ??= xs[i];
        continue;
      }
      const r = ref[i];
      const a = Math.abs(r);
      if (!(a >= binLo && a < binHi)) {
        // A new binade: ulp32 once, then reused while r stays in [binLo, binHi).
        ulp = ulp32(a);
        binLo = ulp === FLOAT32_MIN_ULP ? 0 : ulp * 2 ** 23;
        binHi = ulp === FLOAT32_MIN_ULP ? 2 ** -126 : binLo * 2;
      }
      const e = Math.abs(y - r) / ulp;
      if (e > maxUlp) {
        maxUlp = e;
        argmax = xs[i];
        output = y;
        refAt = r;
      }
    }
    points += n;
    onChunk?.(n);
  }
  return { maxUlp: Math.max(maxUlp, 0), argmax, output, reference: refAt, points, nonFinite, ...(firstNonFinite !== undefined ? { firstNonFinite } : {}) };
}

/** Combines the results of disjoint ranges. */
export function mergeResults(results: readonly VerifyResult[]): VerifyResult {
  let best = results[0];
  let points = 0;
  let nonFinite = 0;
  let firstNonFinite: number | undefined;
  for (const r of results) {
    if (r.points > 0 && (best.points === 0 || r.maxUlp > best.maxUlp)) best = r;
    points += r.points;
    nonFinite += r.nonFinite;
    if (r.firstNonFinite !== undefined && (firstNonFinite === undefined || r.firstNonFinite < firstNonFinite)) firstNonFinite = r.firstNonFinite;
  }
  return { maxUlp: best.maxUlp, argmax: best.argmax, output: best.output, reference: best.reference, points, nonFinite, ...(firstNonFinite !== undefined ? { firstNonFinite } : {}) };
}
