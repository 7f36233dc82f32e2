/**
 * The approximations a numerics engineer writes first, beyond the plain minimax polynomial:
 *
 * - odd polynomials x P(x^2) for odd targets (sin, tanh, erf), even ones P(x^2) for even targets,
 *   and c + x P(x^2) for targets odd about their value at 0 (sigmoid), on intervals symmetric about
 *   0 or starting at 0 — Remez on the powers they use (remez.ts), over [0, b] (the error of an odd
 *   or even form on [-b, b] is the mirror image of the error on [0, b]);
 * - rational functions p_m(x) / q_n(x) with q monic (x^n + ... : its Horner form saves an op),
 *   started by Loeb's linearised least squares and refined to minimax by the project's own
 *   constant fitter (fit/), kept only where the fit converges to a finite, pole-free error; for
 *   odd/even targets also the odd/even rationals x P(x^2) / Q(x^2) and P(x^2) / Q(x^2);
 * - for targets with f(x) f(-x) = f(0)^2 (exponentials), the rational f(0) P(x) / P(-x), which
 *   has that symmetry built in: P's even and odd parts are evaluated once and give both
 *   polynomials, so a degree d/d rational costs about as much as one polynomial of degree d.
 *
 * Each comes as coefficients and as a DSL program, so it can be scored, shown, exported and used
 * as a warm start exactly like an evolved program.
 */
import type { Decimal } from 'decimal.js';
import { lit, program, statement, v, type Program, type Statement } from '../../dsl/program.ts';
import { HP } from '../reference/decimal-functions.ts';
import { ddToDecimal, exactDecimal } from '../reference/dd.ts';
import { chebyshevPoints } from '../reference/points.ts';
import type { Reference } from '../reference/targets.ts';
import { remez, solveDecimal, type PolynomialMeasure } from './remez.ts';

/** The symmetry a target has on an interval, if it is one an odd/even form can use. */
export type Symmetry = 'odd' | 'even' | 'odd+constant';

const SYMMETRY_SAMPLES = 16;

/** The target's double-double value at x, rounded to a double (throws where it is undefined). */
function pointValue(target: Reference, x: number): number {
  const y = target.evalPoint(x);
  return y.hi + y.lo;
}

/**
 * Whether f is odd, even or odd about f(0) on [-b, b] (checked at sample points of (0, b], to 1e-14
 * relative, also where the interval is only [0, b]); undefined unless the interval is [-b, b] or
 * starts at 0 (closed or open), or f cannot be evaluated at -x.
 */
export function symmetryOf(target: Reference, interval: readonly [number, number]): Symmetry | undefined {
  const [a, b] = interval;
  if (!(a === 0 || a === -b) || !(b > 0)) return undefined;
  const value = (x: number): number => pointValue(target, x);
  let f0: number;
  try {
    f0 = value(0);
  } catch {
    return undefined;
  }
  const checks: Record<Symmetry, boolean> = { odd: f0 === 0, even: true, 'odd+constant': Number.isFinite(f0) };
  for (let i = 1; i <= SYMMETRY_SAMPLES; i++) {
    const x = (b * i) / SYMMETRY_SAMPLES;
    let p: number;
    let m: number;
    try {
      p = value(x);
      m = value(-x);
    } catch {
      return undefined;
    }
    if (!(Number.isFinite(p) && Number.isFinite(m))) return undefined;
    const tol = 1e-14 * Math.max(Math.abs(p), Math.abs(m), 1e-300);
    if (!(Math.abs(p + m) <= tol)) checks.odd = false;
    if (!(Math.abs(p - m) <= tol)) checks.even = false;
    if (!(Math.abs(p + m - 2 * f0) <= tol + 1e-14 * Math.abs(f0))) checks['odd+constant'] = false;
  }
  return checks.odd ? 'odd' : checks.even ? 'even' : checks['odd+constant'] ? 'odd+constant' : undefined;
}

/** The powers of x an odd/even form with k + 1 terms of P uses. */
export function symmetricPowers(symmetry: Symmetry, k: number): number[] {
  const terms = Array.from({ length: k + 1 }, (_, j) => (symmetry === 'even' ? 2 * j : 2 * j + 1));
  return symmetry === 'odd+constant' ? [0, ...terms] : terms;
}

/** Where the error of a form without x^0 vanishes at 0, Remez runs on [delta b, b] (its extrema are all further in). */
const LEFT_GAP = 1e-6;

/**
 * The minimax odd/even form with P of degree k: dense ascending coefficients in x (zeros at the
 * unused powers), its levelled error in real arithmetic and whether Remez converged.
 */
export function symmetricMinimax(
  target: Reference,
  interval: readonly [number, number],
  symmetry: Symmetry,
  k: number,
  measure: PolynomialMeasure,
): { coefficients: number[]; maxError: number; converged: boolean } {
  const b = interval[1];
  const powers = symmetricPowers(symmetry, k);
  const lo = powers[0] > 0 ? b * LEFT_GAP : 0;
  const r = remez((x) => target.evalPoint(x), [lo, b], 0, { measure, powers });
  return { coefficients: r.coefficients.map((c) => c.toNumber()), maxError: r.maxError, converged: r.converged };
}

/**
 * The odd/even form as a program: `t = x * x`, Horner in t over P's coefficients (2k ops), then
 * `y = y * x` for odd forms and `y = y + c0` for odd+constant. Cost 2k + 1 (even), 2k + 2 (odd),
 * 2k + 3 (odd+constant) ops that depend on x; P of degree 0 is `y = x * c` (odd) alone.
 */
export function symmetricProgram(coefficients: readonly number[], symmetry: Symmetry): Program {
  const offset = symmetry === 'even' ? 0 : 1;
  const p: number[] = [];
  for (let j = offset; j < coefficients.length; j += 2) p.push(coefficients[j]);
  const k = p.length - 1;
  const body: Statement[] = [];
  if (k === 0) {
    if (symmetry === 'even') throw new Error('symmetricProgram: an even form needs P of degree >= 1');
    body.push(statement('y', 'mul', [v('x'), lit(p[0])]));
  } else {
    body.push(statement('t', 'mul', [v('x'), v('x')]));
    body.push(statement('y', 'mul', [v('t'), lit(p[k])]));
    body.push(statement('y', 'add', [v('y'), lit(p[k - 1])]));
    for (let j = k - 2; j >= 0; j--) {
      body.push(statement('y', 'mul', [v('y'), v('t')]));
      body.push(statement('y', 'add', [v('y'), lit(p[j])]));
    }
    if (symmetry !== 'even') body.push(statement('y', 'mul', [v('y'), v('x')]));
  }
  if (symmetry === 'odd+constant') body.push(statement('y', 'add', [v('y'), lit(coefficients[0])]));
  return program('function', body, ['y']);
}

/**
 * p(s) / q(s), p = sum p_j s^j (degree m), q = s^n + sum_{j<n} q_j s^j, both in Horner form, s the
 * variable `variable` (x, or t = x^2 in an odd/even rational): cost 2m (p) + 2n - 1 (q: its leading
 * 1 makes the first step an add) + 1 (the division) = 2(m + n). m = 0 is `y = p0 / q`.
 */
export function rationalProgram(p: readonly number[], q: readonly number[], variable = 'x'): Program {
  const m = p.length - 1;
  const n = q.length;
  if (n < 1) throw new Error('rationalProgram: the denominator needs degree >= 1');
  const s = v(variable);
  const body: Statement[] = [];
  body.push(statement('q', 'add', [s, lit(q[n - 1])]));
  for (let j = n - 2; j >= 0; j--) {
    body.push(statement('q', 'mul', [v('q'), s]));
    body.push(statement('q', 'add', [v('q'), lit(q[j])]));
  }
  if (m === 0) {
    body.push(statement('y', 'div', [lit(p[0]), v('q')]));
    return program('function', body, ['y']);
  }
  body.push(statement('p', 'mul', [s, lit(p[m])]));
  body.push(statement('p', 'add', [v('p'), lit(p[m - 1])]));
  for (let j = m - 2; j >= 0; j--) {
    body.push(statement('p', 'mul', [v('p'), s]));
    body.push(statement('p', 'add', [v('p'), lit(p[j])]));
  }
  body.push(statement('y', 'div', [v('p'), v('q')]));
  return program('function', body, ['y']);
}

/**
 * The odd rational x P(t) / Q(t) or the even one P(t) / Q(t), t = x^2, P and Q in t as for
 * rationalProgram (Q monic of degree n >= 1): `t = x * x`, the rational in t, then `y = y * x` for
 * the odd form. Cost 2(m + n) + 1 (even), 2(m + n) + 2 (odd): that of the odd/even polynomial of
 * degree m + n in t, whose error it can beat (sin on [-pi/4, pi/4]: 8.7e-10 for 2/1 against
 * 1.2e-9 for the polynomial at cost 8). With `partialFractions`, Q = t + c and m >= 1 it is
 * written S(t) + r / (t + c) (P = S (t + c) + r), one op cheaper: the form a 10-minute sin search
 * found at cost 5, x (a - b / (t + c)). Its terms cancel more as m grows, and the fit of 4/1 stops
 * at 6.4e-14 where the plain form reaches 8.5e-16, so task-baselines.ts keeps both.
 */
export function symmetricRationalProgram(p: readonly number[], q: readonly number[], symmetry: 'odd' | 'even', partialFractions = false): Program {
  const body = [statement('t', 'mul', [v('x'), v('x')])];
  if (partialFractions && q.length === 1 && p.length >= 2) {
    const { quotient, remainder } = divideByLinear(p, q[0]);
    body.push(statement('q', 'add', [v('t'), lit(q[0])]), statement('d', 'div', [lit(remainder), v('q')]));
    const top = quotient.length - 1;
    if (top === 0) body.push(statement('y', 'add', [v('d'), lit(quotient[0])]));
    else {
      body.push(statement('s', 'mul', [v('t'), lit(quotient[top])]), statement('s', 'add', [v('s'), lit(quotient[top - 1])]));
      for (let j = top - 2; j >= 0; j--) body.push(statement('s', 'mul', [v('s'), v('t')]), statement('s', 'add', [v('s'), lit(quotient[j])]));
      body.push(statement('y', 'add', [v('s'), v('d')]));
    }
  } else body.push(...rationalProgram(p, q, 't').body);
  if (symmetry === 'odd') body.push(statement('y', 'mul', [v('y'), v('x')]));
  return program('function', body, ['y']);
}

/** P(t) = S(t) (t + c) + r by synthetic division (P ascending, degree >= 1): S ascending and r. */
function divideByLinear(p: readonly number[], c: number): { quotient: number[]; remainder: number } {
  const m = p.length - 1;
  const quotient = new Array<number>(m);
  quotient[m - 1] = p[m];
  for (let j = m - 1; j >= 1; j--) quotient[j - 1] = p[j] - c * quotient[j];
  return { quotient, remainder: p[0] - c * quotient[0] };
}

/**
 * Loeb's linearised rational least squares: minimise sum w_i (p(x_i) - f_i q(x_i))^2 with q monic,
 * w_i = 1 / |q_prev(x_i)| (1 in the first round; times 1 / |f_i| for 'rel'), re-solved `rounds` times on Chebyshev points,
 * in 60-digit decimals (the normal equations of a monomial basis are ill-conditioned). With
 * `symmetry`, p and q are polynomials in t = x^2 and the rational is x p(t) / q(t) (odd) or
 * p(t) / q(t) (even); coefficients are those in t. The start for the minimax refinement;
 * undefined if a system is singular.
 */
export function loebRational(
  target: Reference,
  interval: readonly [number, number],
  m: number,
  n: number,
  measure: PolynomialMeasure,
  rounds = 4,
  symmetry?: 'odd' | 'even',
): { p: number[]; q: number[] } | undefined {
  const [a, b] = interval;
  const xs = chebyshevPoints(a, b, Math.max(64, 12 * (m + n + 2)));
  const X = Array.from(xs, (x) => exactDecimal(x, HP));
  const F = Array.from(xs, (x) => ddToDecimal(target.evalPoint(x), HP));
  const step = symmetry === undefined ? 1 : 2;
  const shift = symmetry === 'odd' ? 1 : 0;
  const unknowns = m + 1 + n;
  let p: Decimal[] = [];
  let q: Decimal[] = Array.from({ length: n }, () => new HP(0));
  for (let round = 0; round < rounds; round++) {
    const A: Decimal[][] = Array.from({ length: unknowns }, () => Array.from({ length: unknowns }, () => new HP(0)));
    const rhs: Decimal[] = Array.from({ length: unknowns }, () => new HP(0));
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      const f = F[i];
      const power = (j: number): Decimal => x.pow(step * j);
      let qPrev = power(n);
      for (let j = 0; j < n; j++) qPrev = qPrev.plus(q[j].times(power(j)));
      // Round 0 has no q yet: unweighted.
      let w = round === 0 || qPrev.isZero() ? new HP(1) : new HP(1).div(qPrev.abs());
      if (measure === 'rel') {
        if (f.isZero()) continue;
        w = w.div(f.abs());
      }
      const row: Decimal[] = [];
      for (let j = 0; j <= m; j++) row.push(power(j).times(x.pow(shift)).times(w));
      for (let j = 0; j < n; j++) row.push(f.neg().times(power(j)).times(w));
      const y = f.times(power(n)).times(w);
      for (let r = 0; r < unknowns; r++) {
        rhs[r] = rhs[r].plus(row[r].times(y));
        for (let c = 0; c < unknowns; c++) A[r][c] = A[r][c].plus(row[r].times(row[c]));
      }
    }
    let z: Decimal[];
    try {
      z = solveDecimal(A, rhs);
    } catch {
      return undefined;
    }
    p = z.slice(0, m + 1);
    q = z.slice(m + 1);
  }
  return { p: p.map((c) => c.toNumber()), q: q.map((c) => c.toNumber()) };
}

/**
 * f(0) when f(x) f(-x) = f(0)^2 on the interval (checked at sample points of (0, max |end|], to
 * 1e-14 relative), as it is for exponentials; undefined otherwise or where f cannot be evaluated
 * at -x or 0.
 */
export function reciprocalSymmetry(target: Reference, interval: readonly [number, number]): number | undefined {
  const reach = Math.max(Math.abs(interval[0]), Math.abs(interval[1]));
  const value = (x: number): number => pointValue(target, x);
  try {
    const f0 = value(0);
    if (!(Number.isFinite(f0) && f0 > 0)) return undefined;
    for (let i = 1; i <= SYMMETRY_SAMPLES; i++) {
      const x = (reach * i) / SYMMETRY_SAMPLES;
      const product = value(x) * value(-x);
      if (!(Math.abs(product - f0 * f0) <= 1e-14 * f0 * f0)) return undefined;
    }
    return f0;
  } catch {
    return undefined;
  }
}

/**
 * A start for f(0) P(x) / P(-x) with P of degree d >= 2 and P(0) = 1: linear least squares on
 * P(x) - g(x) P(-x) = 0 (g = f / f(0)) over Chebyshev points, in 60-digit decimals; P's ascending
 * coefficients, or undefined if the system is singular.
 */
export function reciprocalStart(target: Reference, interval: readonly [number, number], d: number, f0: number): number[] | undefined {
  const [a, b] = interval;
  const xs = chebyshevPoints(a, b, Math.max(64, 12 * (d + 2)));
  const A: Decimal[][] = Array.from({ length: d }, () => Array.from({ length: d }, () => new HP(0)));
  const rhs: Decimal[] = Array.from({ length: d }, () => new HP(0));
  const scale = exactDecimal(f0, HP);
  for (const xv of xs) {
    const x = exactDecimal(xv, HP);
    const g = ddToDecimal(target.evalPoint(xv), HP).div(scale);
    // Unknowns c_1..c_d: sum_k c_k (x^k - g (-x)^k) = g - 1.
    const row = Array.from({ length: d }, (_, j) => x.pow(j + 1).minus(g.times(x.neg().pow(j + 1))));
    const y = g.minus(1);
    for (let r = 0; r < d; r++) {
      rhs[r] = rhs[r].plus(row[r].times(y));
      for (let c = 0; c < d; c++) A[r][c] = A[r][c].plus(row[r].times(row[c]));
    }
  }
  try {
    return [1, ...solveDecimal(A, rhs).map((c) => c.toNumber())];
  } catch {
    return undefined;
  }
}

/**
 * f(0) P(x) / P(-x) as a program, P given by ascending coefficients (degree d >= 2), scaled so
 * that its highest even coefficient is 1 (the ratio does not change; the Horner form of the even
 * part then starts with an add): `t = x * x`, the even part u = E(t) and odd part O(t) in Horner
 * form, `o = O * x`, `y = (u + o) / (u - o)`, then `y = y * f0` unless f(0) = 1. Cost for d = 2, 3, 4,
 * 5: 6, 8, 10, 12 (+1 for the scale).
 */
export function reciprocalProgram(coefficients: readonly number[], f0: number): Program {
  const d = coefficients.length - 1;
  if (d < 2) throw new Error('reciprocalProgram: P needs degree >= 2');
  const lead = coefficients[2 * Math.floor(d / 2)];
  const c = coefficients.map((x) => x / lead);
  const even = c.filter((_, k) => k % 2 === 0);
  const odd = c.filter((_, k) => k % 2 === 1);
  const body: Statement[] = [statement('t', 'mul', [v('x'), v('x')])];
  const horner = (name: string, coeffs: readonly number[], monic: boolean): void => {
    const top = coeffs.length - 1;
    if (monic) body.push(statement(name, 'add', [v('t'), lit(coeffs[top - 1])]));
    else body.push(statement(name, 'mul', [v('t'), lit(coeffs[top])]), statement(name, 'add', [v(name), lit(coeffs[top - 1])]));
    for (let j = top - 2; j >= 0; j--) body.push(statement(name, 'mul', [v(name), v('t')]), statement(name, 'add', [v(name), lit(coeffs[j])]));
  };
  horner('u', even, true);
  if (odd.length === 1) body.push(statement('o', 'mul', [v('x'), lit(odd[0])]));
  else {
    horner('o', odd, false);
    body.push(statement('o', 'mul', [v('o'), v('x')]));
  }
  body.push(statement('p', 'add', [v('u'), v('o')]), statement('q', 'sub', [v('u'), v('o')]), statement('y', 'div', [v('p'), v('q')]));
  if (f0 !== 1) body.push(statement('y', 'mul', [v('y'), lit(f0)]));
  return program('function', body, ['y']);
}
