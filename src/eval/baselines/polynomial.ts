/**
 * Polynomials in monomial form, coefficients ascending (c[0] + c[1] x + ... + c[n] x^n):
 * evaluation (exact-ish in double-double, in f64 and in float32 Horner) and the Horner form as a
 * DSL program, so a baseline is shown and scored exactly like an evolved program.
 *
 * Cost: Horner with mul/add is 2n ops that depend on x (n mul, n add); with fma it is n.
 */
import { lit, program, statement, v, type Program } from '../../dsl/program.ts';
import { printProgram } from '../../dsl/print.ts';
import { addNumber, dd, mulNumber, type DD } from '../reference/dd.ts';

/** The polynomial at x in double-double arithmetic: the real-number value of the double coefficients to ~1e-31. */
export function evalPolynomialDD(coefficients: ArrayLike<number>, x: number): DD {
  const n = coefficients.length - 1;
  let y: DD = dd(coefficients[n]);
  for (let k = n - 1; k >= 0; k--) y = addNumber(mulNumber(y, x), coefficients[k]);
  return y;
}

/** Horner in f64. */
export function evalPolynomialF64(coefficients: ArrayLike<number>, x: number): number {
  const n = coefficients.length - 1;
  let y = coefficients[n];
  for (let k = n - 1; k >= 0; k--) y = y * x + coefficients[k];
  return y;
}

/**
 * Horner in float32 arithmetic, as the DSL's f32 precision runs the Horner program: inputs and
 * coefficients rounded to float32, every op result rounded. With `fma`, y*x+c is rounded once
 * (the product of two float32 values is exact in f64, so fround(y*x + c) is the fused result up
 * to a double-rounding tie that is vanishingly rare).
 */
export function evalPolynomialF32(coefficients: ArrayLike<number>, x: number, fma: boolean): number {
  const n = coefficients.length - 1;
  const xf = Math.fround(x);
  let y = Math.fround(coefficients[n]);
  for (let k = n - 1; k >= 0; k--) {
    const c = Math.fround(coefficients[k]);
    y = fma ? Math.fround(y * xf + c) : Math.fround(Math.fround(y * xf) + c);
  }
  return y;
}

/**
 * Horner as a program: `y = x * c_n`, `y = y + c_{n-1}`, `y = y * x`, ... (2n ops), or with fma
 * `y = fma(x, c_n, c_{n-1})`, `y = fma(y, x, c_{n-2})`, ... (n ops). Degree >= 1.
 */
export function hornerProgram(coefficients: ArrayLike<number>, options: { fma?: boolean } = {}): Program {
  const n = coefficients.length - 1;
  if (n < 1) throw new Error(`hornerProgram: degree must be >= 1, got ${n}`);
  const body = [];
  if (options.fma) {
    body.push(statement('y', 'fma', [v('x'), lit(coefficients[n]), lit(coefficients[n - 1])]));
    for (let k = n - 2; k >= 0; k--) body.push(statement('y', 'fma', [v('y'), v('x'), lit(coefficients[k])]));
  } else {
    body.push(statement('y', 'mul', [v('x'), lit(coefficients[n])]));
    body.push(statement('y', 'add', [v('y'), lit(coefficients[n - 1])]));
    for (let k = n - 2; k >= 0; k--) {
      body.push(statement('y', 'mul', [v('y'), v('x')]));
      body.push(statement('y', 'add', [v('y'), lit(coefficients[k])]));
    }
  }
  return program('function', body, ['y']);
}

/** The canonical DSL text of the Horner program. */
export const hornerText = (coefficients: ArrayLike<number>, options: { fma?: boolean } = {}): string =>
  printProgram(hornerProgram(coefficients, options));

/** Ops that depend on x in Horner form: 2n (mul/add) or n (fma). */
export const hornerCost = (degree: number, fma: boolean): number => (fma ? degree : 2 * degree);
