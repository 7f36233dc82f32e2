/**
 * How far a WGSL op's result on the device may be from the f32 interpreter's (the correctly
 * rounded f32 result of the op applied to the same f32 operands), per the WGSL spec's "Floating
 * Point Accuracy" section, read from each op's `wgslAccuracy` in the op table:
 *
 *   tol = ulp * ulp32(y) + abs + ulpPerAbsArg * |a| * ulp32(y)       (y the expected result)
 *
 * plus the terms the spec's "inherited from <formula>" accuracies imply where the table's
 * constants cannot express them (written down per op below), plus 2^-126 where a subnormal may
 * be flushed to zero (WGSL allows it).
 *
 * Where the spec leaves a result unbounded, `tolerance` returns undefined and the point is not
 * checked: an operand that is non-finite or subnormal; an expected result that is non-finite or
 * within a factor 2 of overflow; sin/cos/tan outside [-pi, pi] (the spec bounds them only there);
 * tan within 2^-9 of a pole; division / reciprocal by |b| outside [2^-126, 2^126]; inherited
 * formulas whose intermediate overflows (asinh for |x| > 2^63: x*x; interp when |x| + |y| > 2^126).
 */
import { ulp32 } from '../../../src/eval/float32.ts';
import { getOp } from '../../../src/dsl/ops/table.ts';

const MIN_NORMAL = 2 ** -126;
const TWO_M23 = 2 ** -23;

function normalOrZero(x: number): boolean {
  return Number.isFinite(x) && (x === 0 || Math.abs(x) >= MIN_NORMAL);
}

/** Extra tolerance from the spec's inherited formulas, by op (a, b, c the operands, y expected). */
const INHERITED: Readonly<Record<string, (args: readonly number[], y: number) => number | undefined>> = {
  // fma is "inherited from x * y + z": unfused, the product's rounding error is not bounded by
  // ULPs of a result that cancels.
  fma: ([a, b]) => 0.5 * ulp32(a * b),
  // mix(x, y, a) is "inherited from x * (1 - a) + y * a"; the device may also evaluate it as
  // x + a * (y - x). Either way the error is bounded by the operands' magnitudes, not the result's.
  interp: ([x, y, a]) => (Math.abs(x) + Math.abs(y) > 2 ** 126 ? undefined : 2 * TWO_M23 * (Math.abs(x) + Math.abs(y)) * (1 + 2 * Math.abs(a))),
  // tan is "inherited from sin(x) / cos(x)": absolute 2^-11 on each, divided by cos.
  tan: ([a], y) => (Math.abs(a) > Math.PI || Math.abs(Math.cos(a)) < 2 ** -9 ? undefined : (2 ** -11 * (1 + Math.abs(y))) / Math.abs(Math.cos(a))),
  // pow(x, y) is "inherited from exp2(y * log2(x))": log2's error (3 ULP, or absolute 2^-21 in
  // [0.5, 2]) times |y|, carried through exp2 (relative ln 2 per unit), plus exp2's own 3 + 2|z| ULP.
  power: ([x, e], y) => {
    const ax = Math.abs(x);
    if (ax === 0) return 0;
    const l = Math.log2(ax);
    const dl = 3 * ulp32(l) + 2 ** -21;
    const z = e * l;
    return Math.abs(y) * Math.LN2 * (Math.abs(e) * dl + 0.5 * ulp32(z)) + (3 + 2 * Math.abs(z)) * ulp32(y);
  },
  // cbrt is sign(x) * pow(|x|, 1.0 / 3.0): pow's error with y = 1/3, plus the rounding of 1/3 to f32.
  cbrt: ([x], y) => {
    const ax = Math.abs(x);
    if (ax === 0) return 0;
    const l = Math.log2(ax);
    const z = l / 3;
    const third = Math.abs(Math.fround(1 / 3) - 1 / 3);
    return Math.abs(y) * Math.LN2 * ((3 * ulp32(l) + 2 ** -21) / 3 + 0.5 * ulp32(z) + third * Math.abs(l)) + (3 + 2 * Math.abs(z)) * ulp32(y);
  },
  // sinh, cosh are "inherited from (exp(x) ± exp(-x)) / 2": exp's 3 + 2|x| ULP of exp(|x|).
  sinh: ([a]) => (3 + 2 * Math.abs(a)) * ulp32(Math.exp(Math.abs(a)) / 2),
  cosh: ([a]) => (3 + 2 * Math.abs(a)) * ulp32(Math.exp(Math.abs(a)) / 2),
  // expm1 (Kahan: u = exp(x); (u - 1) * x / log(u)): exp's 3 + 2|x| ULP of exp(x).
  expm1: ([a]) => (3 + 2 * Math.abs(a)) * ulp32(Math.exp(a)),
  // asinh is "inherited from log(x + sqrt(x * x + 1))": x * x overflows beyond 2^63.
  arcsinh: ([a]) => (Math.abs(a) > 2 ** 63 ? undefined : 0),
  div: ([, b]) => (Math.abs(b) < MIN_NORMAL || Math.abs(b) > 2 ** 126 ? undefined : 0),
  reciprocal: ([a]) => (Math.abs(a) < MIN_NORMAL || Math.abs(a) > 2 ** 126 ? undefined : 0),
  sin: ([a]) => (Math.abs(a) > Math.PI ? undefined : 0),
  cos: ([a]) => (Math.abs(a) > Math.PI ? undefined : 0),
};

/**
 * The allowed |device - expected| for `op` on f32 operands `args` with expected (correctly
 * rounded f32) result `y`; undefined where the spec leaves the result unbounded (not checked).
 */
export function tolerance(opName: string, args: readonly number[], y: number): number | undefined {
  if (!args.every(normalOrZero)) return undefined;
  if (!Number.isFinite(y) || Math.abs(y) >= 2 ** 127) return undefined;
  const acc = getOp(opName).wgslAccuracy;
  const inherited = INHERITED[opName]?.(args, y);
  if (opName in INHERITED && inherited === undefined) return undefined;
  const u = ulp32(y);
  const flush = Math.abs(y) < 2 * MIN_NORMAL ? 2 * MIN_NORMAL : 0;
  return acc.ulp * u + acc.abs + (acc.ulpPerAbsArg ?? 0) * Math.abs(args[0] ?? 0) * u + (inherited ?? 0) + flush;
}
