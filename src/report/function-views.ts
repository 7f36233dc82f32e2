/**
 * The report's views of a function-approximation run: polynomial baselines scored exactly as the
 * run scored its candidates (same points, same precision, same error measure, same cost count), so
 * they sit on the same front plot; and the error against x of chosen programs, run in f64, against
 * the task's double-double reference.
 */
import { compileProgram } from '../dsl/compile.ts';
import { parseProgram } from '../dsl/parse.ts';
import type { Program } from '../dsl/program.ts';
import { polynomialBaselines } from '../eval/baselines/polynomial-baselines.ts';
import { taskBaselines } from '../eval/baselines/task-baselines.ts';
import type { PolynomialKind } from '../eval/baselines/polynomial-baselines.ts';
import type { BaselineKind } from '../eval/baselines/task-baselines.ts';
import { pointErrors } from '../eval/error-measures.ts';
import type { ErrorMeasure } from '../eval/error-measures.ts';
import type { FunctionTask } from '../eval/tasks/function/task.ts';
import { programCost } from '../eval/program-cost.ts';
import { taskKind } from '../eval/tasks/registry.ts';
import type { ReferenceValues } from '../eval/reference/targets.ts';

export interface BaselinePoint {
  /** Series name, e.g. `minimax (Horner)`. */
  readonly series: string;
  readonly label: string;
  readonly cost: number;
  readonly score: number;
  readonly program: string;
}

export type ErrorKind = 'abs' | 'rel' | 'ulp';

/** The pointwise error the task's score measure takes the maximum of. */
export function errorKind(measure: string): ErrorKind {
  if (measure === 'maxRelError') return 'rel';
  if (measure === 'maxUlpError') return 'ulp';
  return 'abs';
}

/** A program scored as the run's evaluator scores it on `task` (the task kind's CPU scorer). */
export function scoreOnTask(p: Program, task: FunctionTask): { score: number; cost: number; valid: boolean } {
  const [result] = taskKind(task).scoreOnCpu(task, [p]);
  return { score: result.score, cost: result.measures.cost ?? programCost(p).cost, valid: result.valid };
}

const SERIES: readonly { kind: PolynomialKind; fma: boolean; name: string }[] = [
  { kind: 'minimax', fma: false, name: 'minimax polynomial (Horner)' },
  { kind: 'minimax', fma: true, name: 'minimax polynomial (fma)' },
  { kind: 'taylor', fma: false, name: 'Taylor polynomial (Horner)' },
];

/**
 * Minimax and Taylor polynomials of degree 1..maxDegree (built-in targets only; empty otherwise),
 * each in Horner form and the minimax ones also with fma.
 */
export function functionBaselines(task: FunctionTask, maxDegree = 8): BaselinePoint[] {
  const ref = task.target.reference;
  if (ref.accuracy !== 'double-double') return [];
  const measure = errorKind(task.objectives[0]) === 'rel' ? 'rel' : 'abs';
  const degrees = Array.from({ length: maxDegree }, (_, i) => i + 1);
  const rows = polynomialBaselines(ref, { degrees, measure, densePoints: 2001 });
  const out: BaselinePoint[] = [];
  for (const s of SERIES) {
    for (const row of rows.filter((r) => r.kind === s.kind)) {
      const program = s.fma ? row.fmaProgram : row.program;
      const scored = scoreOnTask(program, task);
      if (!scored.valid || !Number.isFinite(scored.score)) continue;
      out.push({ series: s.name, label: `${s.kind} degree ${row.degree}${s.fma ? ' (fma)' : ''}`, cost: scored.cost, score: scored.score, program: s.fma ? row.fmaText : row.text });
    }
  }
  // Odd/even forms and rationals, odd/even ones and P(x)/P(-x) included (baselines/task-baselines.ts), scored by the run's own scorer too.
  for (const b of taskBaselines(task, { maxCost: 2 * maxDegree, kinds: ['symmetric', 'rational'] })) {
    const scored = scoreOnTask(parseProgram(b.text), task);
    if (!scored.valid || !Number.isFinite(scored.score)) continue;
    out.push({ series: baselineSeries(b.kind), label: b.label, cost: scored.cost, score: scored.score, program: b.text });
  }
  return out;
}

/** The report's series name of a structured baseline kind. */
function baselineSeries(kind: BaselineKind): string {
  if (kind === 'rational') return 'rational minimax p/q';
  if (kind === 'symmetric-rational') return 'odd/even rational P(x²)/Q(x²)';
  if (kind === 'reciprocal') return 'rational f(0)·P(x)/P(−x)';
  return `${kind} polynomial`;
}

export interface ErrorCurve {
  readonly name: string;
  /** Whether it is a baseline (drawn dashed). */
  readonly baseline: boolean;
  readonly points: readonly { readonly x: number; readonly error: number }[];
  readonly maxError: number;
}

const MEASURE: Readonly<Record<ErrorKind, ErrorMeasure>> = { abs: 'abs', rel: 'rel', ulp: 'ulp32' };

/** Evenly spaced points over the task's interval, ends included. */
export function curveXs(task: FunctionTask, n: number): Float64Array {
  const [lo, hi] = task.interval;
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}

/**
 * The error of `programText` at `xs` against the task's high-precision reference (`reference`, its
 * values at `xs`), the program run in f64. Non-finite errors are left out.
 */
export function errorCurve(name: string, programText: string, task: FunctionTask, xs: Float64Array, reference: ReferenceValues, baseline = false): ErrorCurve {
  const p = parseProgram(programText);
  const ys = new Float64Array(xs.length);
  compileProgram(p, 'f64')([xs], [ys], xs.length);
  const errors = pointErrors(ys, reference, MEASURE[errorKind(task.objectives[0])]);
  const points: { x: number; error: number }[] = [];
  let maxError = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = errors[i];
    if (!Number.isFinite(e)) continue;
    points.push({ x: xs[i], error: e });
    if (e > maxError) maxError = e;
  }
  return { name, baseline, points, maxError };
}
