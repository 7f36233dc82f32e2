/**
 * A function run's front beside the baselines of equal cost (baselines/task-baselines.ts: minimax
 * polynomials, odd/even forms, rationals), as ANCHORS.md compares them: for each cost budget k,
 * the front's best error at cost <= k against the minimax polynomial's and the best baseline's at
 * cost <= k (degree n by mul/add Horner costs 2n interactions). With
 * `dense`, every front program is also re-checked on a dense grid (the "final check": 2^20 + 1
 * evenly spaced points, float32-rounded for f32 tasks) against the double-double reference, in
 * the task's precision: the front is selected on 16k validation points, and the dense check
 * shows the error does not hide between them.
 */
import { parseProgram } from '../../../dsl/parse.ts';
import { polynomialBaselines } from '../../baselines/polynomial-baselines.ts';
import { ColumnPool, evaluateColumnar } from './columnar.ts';
import { functionTaskData, reduceErrors } from './task.ts';
import type { FunctionTask } from './task.ts';

export const DENSE_POINTS = 2 ** 20 + 1;

export interface FrontPoint {
  readonly cost: number;
  /** objectives[0] as the search scored it (validation points). */
  readonly error: number;
  readonly program: string;
}

export interface ComparisonRow {
  /** Cost budget k. */
  readonly cost: number;
  /** Best front error at cost <= k (dense when checked), and its program. */
  readonly front: number;
  readonly program?: string;
  /** Best minimax polynomial error at cost <= k, with its degree (undefined below degree 1). */
  readonly minimax?: number;
  readonly degree?: number;
  /** Best baseline of any structure (minimax included) at cost <= k, and which one. */
  readonly baseline?: number;
  readonly baselineLabel?: string;
}

export type MeasureName = 'maxAbsError' | 'maxRelError' | 'maxUlpError';

/** Minimax errors by degree in the task's measure (f32 tasks: float32 Horner ULPs on a sample). */
export function minimaxByDegree(task: FunctionTask, maxDegree: number): { degree: number; cost: number; error: number }[] {
  const measure = task.error === 'rel' ? 'rel' : 'abs';
  const degrees = Array.from({ length: maxDegree }, (_, i) => i + 1);
  return polynomialBaselines({ ...task.target.reference, interval: task.interval }, { degrees, measure, kinds: ['minimax'], densePoints: 4001 }).map((b) => ({
    degree: b.degree,
    cost: b.cost.horner,
    error: task.error === 'ulp' ? b.float32.maxUlp.horner : b.maxError,
  }));
}

/** Each program's error on the dense grid, in the task's measure and precision. */
export function denseErrors(task: FunctionTask, programs: readonly string[], points = DENSE_POINTS): number[] {
  const data = functionTaskData(task, points);
  const pool = new ColumnPool(points);
  const constant = new Float64Array(points);
  const measure = task.objectives[0] as MeasureName;
  return programs.map((text) => {
    pool.reset();
    const [y] = evaluateColumnar(parseProgram(text), [data.xs], points, task.precision, pool);
    const e = reduceErrors(typeof y === 'number' ? constant.fill(y) : y, data, points);
    return e.nonFinite > 0 ? Infinity : e[measure];
  });
}

/** A baseline as the comparison needs it (baselines/task-baselines.ts gives these). */
export interface BaselinePoint {
  readonly label: string;
  readonly cost: number;
  readonly error: number;
}

/**
 * One row per cost budget from 1 to the front's largest cost: the front's best at cost <= k, the
 * minimax polynomial's, and the best of every baseline (odd/even forms, rationals, ...) at cost <= k.
 */
export function compareWithMinimax(
  front: readonly FrontPoint[],
  minimax: readonly { degree: number; cost: number; error: number }[],
  baselines: readonly BaselinePoint[] = [],
): ComparisonRow[] {
  const maxCost = Math.max(0, ...front.map((f) => f.cost));
  const rows: ComparisonRow[] = [];
  for (let k = 1; k <= maxCost; k++) {
    let best: FrontPoint | undefined;
    for (const f of front) if (f.cost <= k && (best === undefined || f.error < best.error)) best = f;
    let poly: { degree: number; error: number } | undefined;
    for (const m of minimax) if (m.cost <= k && (poly === undefined || m.error < poly.error)) poly = m;
    // With task baselines (scored like the front, in the task's precision) they alone are the
    // baseline; the minimax column (real-arithmetic error for abs/rel) stands in only without them.
    let base: BaselinePoint | undefined = poly && baselines.length === 0 ? { label: `minimax deg ${poly.degree}`, cost: k, error: poly.error } : undefined;
    for (const b of baselines) if (b.cost <= k && (base === undefined || b.error < base.error)) base = b;
    rows.push({
      cost: k,
      front: best?.error ?? Infinity,
      ...(best ? { program: best.program } : {}),
      ...(poly ? { minimax: poly.error, degree: poly.degree } : {}),
      ...(base ? { baseline: base.error, baselineLabel: base.label } : {}),
    });
  }
  return rows;
}

const sci = (x: number | undefined): string => (x === undefined ? '-' : Number.isFinite(x) ? x.toExponential(2) : String(x));

/**
 * The table as text lines: cost, front, minimax (degree), the best baseline of any structure and
 * which, the ratio best baseline / front (> 1: the front wins), program.
 */
export function comparisonLines(rows: readonly ComparisonRow[], oneLine: (text: string) => string): string[] {
  const header = ['cost<=', 'front', 'minimax', 'deg', 'best baseline', 'which', 'baseline/front', 'program'];
  const last = header.length - 1;
  const body = rows.map((r) => [
    String(r.cost),
    sci(r.front),
    sci(r.minimax),
    r.degree === undefined ? '-' : String(r.degree),
    sci(r.baseline),
    r.baselineLabel ?? '-',
    r.baseline === undefined || !(r.front > 0) ? '-' : `${(r.baseline / r.front).toPrecision(3)}x`,
    r.program ? oneLine(r.program) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (i === last ? 0 : b[i].length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === last ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}
