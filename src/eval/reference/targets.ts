/**
 * Target functions for function-approximation tasks and their high-precision references.
 *
 * Built-in targets (AutoNumerics-Zero's list) are computed in double-double arithmetic
 * (dd-functions.ts, ~1e-31 relative error, ~1-5 us per point) and checked against decimal.js at
 * 60 digits. A user-defined target is a plain JavaScript function in f64: its "reference" is only
 * as good as that function (errors below ~1e-16 relative cannot be measured against it).
 *
 * Values come back as double-double arrays (hi + lo). `tabulate` once per point set and keep the
 * table: that is the cache (no hidden global cache that a mutated array could make stale).
 */
import type { Decimal } from 'decimal.js';
import { dd, type DD } from './dd.ts';
import { ddErf, ddExp, ddExp2, ddLn, ddLog2, ddSigmoid, ddSin, ddTanh } from './dd-functions.ts';
import { DECIMAL_FUNCTIONS, erfDecimal, HP } from './decimal-functions.ts';
import {
  expJet,
  integrateJet,
  linearJet,
  lnJet,
  mulJets,
  recipJet,
  scaleJet,
  shiftJet,
  sinCosJet,
  type Jet,
} from './jet.ts';

/** The error a target is scored by in the literature (ANCHORS.md): max absolute or max relative. */
export type TargetMeasure = 'abs' | 'rel';

/** High-precision values at a set of points: the true value is hi[i] + lo[i]. */
export interface ReferenceValues {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}

/** A point set with its reference values, computed once and reused. */
export interface ReferenceTable extends ReferenceValues {
  readonly xs: Float64Array;
}

export interface Reference {
  /** `exp2`, `erf`, ... or the user's name. */
  readonly name: string;
  /** Human-readable formula, e.g. `2^x`. */
  readonly expression: string;
  /** The approximation interval [a, b] (closed). */
  readonly interval: readonly [number, number];
  /** The measure used for this target in the literature; callers may score by any measure. */
  readonly measure: TargetMeasure;
  /** `double-double` (~1e-31 relative) for built-ins, `f64` for user functions. */
  readonly accuracy: 'double-double' | 'f64';
  /** The true value at one point. */
  evalPoint(x: number): DD;
  /** The true values at many points, as hi/lo arrays. */
  evalHighPrecision(xs: ArrayLike<number>): ReferenceValues;
  /**
   * The values in plain double arithmetic, within 8 double ULPs of the truth (Math.* for
   * built-ins, a double series for erf): ~20-50 ns a point instead of ~1-5 us, and still 2^-26
   * float32 ULPs accurate, so it is the reference for exhaustive float32 verification. For a
   * user target this is the function itself.
   */
  evalF64(xs: ArrayLike<number>): Float64Array;
  /** Ground truth in decimal.js (built-ins only). */
  readonly decimal?: (x: Decimal) => Decimal;
  /** Taylor coefficients in powers of (x - center), degree 0..degree (built-ins only). */
  readonly taylor?: (center: Decimal, degree: number) => Decimal[];
}

/** `evalPoint` at every x, as hi/lo arrays (a Reference's evalHighPrecision from its evalPoint). */
export function highPrecisionValues(evalPoint: (x: number) => DD, xs: ArrayLike<number>): ReferenceValues {
  const hi = new Float64Array(xs.length);
  const lo = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const y = evalPoint(xs[i]);
    hi[i] = y.hi;
    lo[i] = y.lo;
  }
  return { hi, lo };
}

function fromPointFunction(evalPoint: (x: number) => DD, f64: (x: number) => number): Pick<Reference, 'evalPoint' | 'evalHighPrecision' | 'evalF64'> {
  return {
    evalPoint,
    evalHighPrecision: (xs: ArrayLike<number>): ReferenceValues => highPrecisionValues(evalPoint, xs),
    evalF64(xs: ArrayLike<number>): Float64Array {
      const out = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = f64(xs[i]);
      return out;
    },
  };
}

interface BuiltinSpec {
  readonly name: string;
  readonly expression: string;
  readonly interval: readonly [number, number];
  readonly measure: TargetMeasure;
  readonly dd: (x: DD) => DD;
  readonly f64: (x: number) => number;
  readonly taylorJet: (center: Decimal, order: number) => Jet;
}

const LN2 = (): Decimal => HP.ln(2);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf in doubles by the positive series (a few ULPs for |x| <= 6; 1 beyond, within 3e-17). */
function erfF64(xv: number): number {
  const a = Math.abs(xv);
  if (!(a <= 6)) return Number.isNaN(xv) ? NaN : Math.sign(xv);
  const x2 = a * a;
  let term = a;
  let sum = a;
  for (let n = 1; n < 400 && term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  const y = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return xv < 0 ? -y : y;
}
const x = (c: Decimal, n: number): Jet => linearJet(c, 1, n);

const BUILTINS: readonly BuiltinSpec[] = [
  {
    name: 'exp2',
    expression: '2^x',
    interval: [0, 1],
    measure: 'abs',
    dd: ddExp2,
    f64: (x) => 2 ** x,
    taylorJet: (c, n) => expJet(linearJet(c.times(LN2()), LN2(), n)),
  },
  {
    name: 'exp',
    expression: 'e^x',
    interval: [-Math.LN2 / 2, Math.LN2 / 2],
    measure: 'rel',
    dd: ddExp,
    f64: Math.exp,
    taylorJet: (c, n) => expJet(x(c, n)),
  },
  { name: 'log2', expression: 'log2(x)', interval: [1, 2], measure: 'abs', dd: ddLog2, f64: Math.log2, taylorJet: (c, n) => scaleJet(lnJet(x(c, n)), new HP(1).div(LN2())) },
  { name: 'ln', expression: 'ln(x)', interval: [0.5, 1], measure: 'abs', dd: ddLn, f64: Math.log, taylorJet: (c, n) => lnJet(x(c, n)) },
  {
    name: 'erf',
    expression: 'erf(x)',
    interval: [0, 1],
    measure: 'abs',
    dd: ddErf,
    f64: erfF64,
    // erf' = 2/sqrt(pi) e^{-x^2}
    taylorJet: (c, n) => {
      const t = x(c, n);
      const derivative = scaleJet(expJet(scaleJet(mulJets(t, t), -1)), new HP(2).div(HP.acos(-1).sqrt()));
      return integrateJet(derivative, erfDecimal(c));
    },
  },
  { name: 'sin', expression: 'sin(x)', interval: [-Math.PI / 4, Math.PI / 4], measure: 'abs', dd: ddSin, f64: Math.sin, taylorJet: (c, n) => sinCosJet(x(c, n)).sin },
  {
    name: 'tanh',
    expression: 'tanh(x)',
    interval: [0, 1],
    measure: 'abs',
    dd: ddTanh,
    f64: Math.tanh,
    // tanh x = 1 - 2 / (e^{2x} + 1)
    taylorJet: (c, n) => shiftJet(scaleJet(recipJet(shiftJet(expJet(scaleJet(x(c, n), 2)), 1)), -2), 1),
  },
  {
    name: 'sigmoid',
    expression: '1/(1+e^-x)',
    interval: [-4, 4],
    measure: 'abs',
    dd: ddSigmoid,
    f64: (x) => 1 / (1 + Math.exp(-x)),
    taylorJet: (c, n) => recipJet(shiftJet(expJet(scaleJet(x(c, n), -1)), 1)),
  },
];

function builtinReference(spec: BuiltinSpec): Reference {
  return Object.freeze({
    name: spec.name,
    expression: spec.expression,
    interval: Object.freeze([...spec.interval]) as unknown as readonly [number, number],
    measure: spec.measure,
    accuracy: 'double-double' as const,
    ...fromPointFunction((xv: number) => spec.dd(dd(xv)), spec.f64),
    decimal: DECIMAL_FUNCTIONS[spec.name],
    taylor: (center: Decimal, degree: number): Decimal[] => [...spec.taylorJet(new HP(center), degree)],
  });
}

const REFERENCES: ReadonlyMap<string, Reference> = new Map(BUILTINS.map((s) => [s.name, builtinReference(s)]));

/** The built-in targets, in the order above (exp2, exp, log2, ln, erf, sin, tanh, sigmoid). */
export function listTargets(): Reference[] {
  return [...REFERENCES.values()];
}

/** Whether `name` is a built-in target. */
export const isBuiltinTarget = (name: string): boolean => REFERENCES.has(name);

/** The built-in target `name`; throws an Error naming the valid targets otherwise. */
export function reference(name: string): Reference {
  const r = REFERENCES.get(name);
  if (!r) throw new Error(`unknown target '${name}' (built-in targets: ${[...REFERENCES.keys()].join(', ')})`);
  return r;
}

export interface UserTargetOptions {
  readonly expression?: string;
  readonly measure?: TargetMeasure;
}

/**
 * A user-defined target from a plain f64 function (e.g. a DSL program run by the interpreter).
 * Its accuracy is that of `fn` (typically ~1e-16 relative): fine for float32 ULP errors and for
 * errors well above 1e-14, not for measuring errors near double precision.
 */
export function userReference(
  name: string,
  fn: (x: number) => number,
  interval: readonly [number, number],
  options: UserTargetOptions = {},
): Reference {
  const [a, b] = interval;
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) throw new Error(`interval must be finite with a < b, got [${a}, ${b}]`);
  return Object.freeze({
    name,
    expression: options.expression ?? name,
    interval: Object.freeze([a, b]) as unknown as readonly [number, number],
    measure: options.measure ?? 'abs',
    accuracy: 'f64' as const,
    ...fromPointFunction((xv: number) => dd(fn(xv)), fn),
  });
}

/** Reference values at `xs`, kept together with the points (compute once per point set). */
export function tabulate(ref: Reference, xs: ArrayLike<number>): ReferenceTable {
  const points = Float64Array.from(xs);
  const { hi, lo } = ref.evalHighPrecision(points);
  return { xs: points, hi, lo };
}
