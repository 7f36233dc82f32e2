/**
 * Polynomial baselines for a target, one row per degree: minimax (Remez) and/or Taylor, with
 * double coefficients and a float32-rounded variant, their errors, their cost, and the Horner
 * program (mul/add and fma forms) so they can sit in the same front table as evolved programs.
 *
 * Errors are measured on a dense set (uniform grid ∪ Chebyshev grid ∪ the Remez extrema)
 * against the double-double reference, with the polynomial evaluated in double-double: this is
 * the real-number error of the polynomial with those coefficients, as Sollya reports it.
 * `float32.maxUlp` is the error of Horner run in float32 arithmetic, in float32 ULPs, on the
 * float32-rounded points of the same set (a sample, not an exhaustive check).
 */
import { printProgram } from '../../dsl/print.ts';
import type { Program } from '../../dsl/program.ts';
import { pointError } from '../error-measures.ts';
import { sub } from '../reference/dd.ts';
import { chebyshevPoints, uniformPoints } from '../reference/points.ts';
import { tabulate, type Reference, type ReferenceTable } from '../reference/targets.ts';
import { evalPolynomialDD, evalPolynomialF32, hornerCost, hornerProgram } from './polynomial.ts';
import { remez, type PolynomialMeasure } from './remez.ts';
import { taylorPolynomial } from './taylor.ts';

export type PolynomialKind = 'minimax' | 'taylor';

export interface PolynomialBaselineOptions {
  readonly degrees: readonly number[];
  /** Error weighting for Remez and the measure reported (default: the target's measure). */
  readonly measure?: PolynomialMeasure;
  /** Which baselines (default both). */
  readonly kinds?: readonly PolynomialKind[];
  /** Points in each of the uniform and Chebyshev grids of the dense set (default 10001). */
  readonly densePoints?: number;
}

export interface PolynomialErrors {
  /** Max error (in `measure`) of the polynomial with these coefficients, real arithmetic. */
  readonly maxError: number;
  /** Where it occurs. */
  readonly argmax: number;
}

export interface PolynomialBaseline extends PolynomialErrors {
  readonly kind: PolynomialKind;
  readonly degree: number;
  readonly measure: PolynomialMeasure;
  /** Ascending powers of x, rounded to double. */
  readonly coefficients: number[];
  /** Remez only: |E| of the levelled solve and whether the exchange converged. */
  readonly levelledError?: number;
  readonly converged?: boolean;
  /** Ops that depend on x: Horner 2n (mul/add), n with fma. */
  readonly cost: { readonly horner: number; readonly fma: number };
  readonly program: Program;
  readonly text: string;
  readonly fmaProgram: Program;
  readonly fmaText: string;
  /** The same polynomial with float32 coefficients. */
  readonly float32: PolynomialErrors & {
    readonly coefficients: number[];
    /** Max float32 ULP error of Horner in float32 arithmetic (mul/add, and fma) on the sample. */
    readonly maxUlp: { readonly horner: number; readonly fma: number };
  };
}

function realErrors(coefficients: readonly number[], table: ReferenceTable, measure: PolynomialMeasure): PolynomialErrors {
  let maxError = -1;
  let argmax = NaN;
  for (let i = 0; i < table.xs.length; i++) {
    const p = evalPolynomialDD(coefficients, table.xs[i]);
    const d = sub(p, { hi: table.hi[i], lo: table.lo[i] });
    const e = Math.abs(d.hi + d.lo);
    const v = measure === 'rel' ? e / Math.abs(table.hi[i] + table.lo[i]) : e;
    if (!(v <= maxError)) {
      maxError = Number.isNaN(v) ? Infinity : v;
      argmax = table.xs[i];
    }
  }
  return { maxError, argmax };
}

function maxUlpF32(coefficients: readonly number[], table: ReferenceTable, fma: boolean): number {
  let worst = 0;
  for (let i = 0; i < table.xs.length; i++) {
    const y = evalPolynomialF32(coefficients, table.xs[i], fma);
    const e = pointError(y, table.hi[i], table.lo[i], 'ulp32');
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

const sortedUnique = (values: Iterable<number>): Float64Array => Float64Array.from(new Set(values)).sort();

/** Minimax and/or Taylor polynomial baselines of `target`, one row per kind and degree. */
export function polynomialBaselines(target: Reference, options: PolynomialBaselineOptions): PolynomialBaseline[] {
  const measure = options.measure ?? target.measure;
  const kinds = options.kinds ?? (['minimax', 'taylor'] as const);
  const [a, b] = target.interval;
  const n = options.densePoints ?? 10001;
  const f = (x: number) => target.evalPoint(x);

  const candidates: { kind: PolynomialKind; degree: number; coefficients: number[]; levelledError?: number; converged?: boolean; extrema: number[] }[] = [];
  for (const kind of kinds) {
    for (const degree of options.degrees) {
      if (degree < 1) throw new Error(`polynomial baselines need degree >= 1, got ${degree}`);
      if (kind === 'minimax') {
        const r = remez(f, target.interval, degree, { measure });
        candidates.push({ kind, degree, coefficients: r.coefficients.map((c) => c.toNumber()), levelledError: r.levelledError, converged: r.converged, extrema: r.extrema });
      } else {
        candidates.push({ kind, degree, coefficients: taylorPolynomial(target, degree).map((c) => c.toNumber()), extrema: [] });
      }
    }
  }

  const dense = sortedUnique([...uniformPoints(a, b, n), ...chebyshevPoints(a, b, n), ...candidates.flatMap((c) => c.extrema)]);
  const table = tabulate(target, dense);
  const table32 = tabulate(target, sortedUnique(Array.from(dense, (x) => Math.fround(x)).filter((x) => x >= a && x <= b)));

  return candidates.map((c) => {
    const coefficients32 = c.coefficients.map((x) => Math.fround(x));
    const program = hornerProgram(c.coefficients);
    const fmaProgram = hornerProgram(c.coefficients, { fma: true });
    return {
      kind: c.kind,
      degree: c.degree,
      measure,
      coefficients: c.coefficients,
      ...realErrors(c.coefficients, table, measure),
      ...(c.levelledError === undefined ? {} : { levelledError: c.levelledError, converged: c.converged }),
      cost: { horner: hornerCost(c.degree, false), fma: hornerCost(c.degree, true) },
      program,
      text: printProgram(program),
      fmaProgram,
      fmaText: printProgram(fmaProgram),
      float32: {
        coefficients: coefficients32,
        ...realErrors(coefficients32, table, measure),
        maxUlp: { horner: maxUlpF32(coefficients32, table32, false), fma: maxUlpF32(coefficients32, table32, true) },
      },
    };
  });
}
