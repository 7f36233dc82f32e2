/**
 * Function-approximation tasks (`fn:NAME`): a target from targets.ts, a fixed point set over its
 * interval (both ends included), and error measures reduced over the points. Both backends score
 * through this module: it owns the point set, the reference values, the definition of each error
 * measure and the assembly of a CandidateResult, so the backends only evaluate and reduce.
 *
 * Error measures, as src/eval/error-measures.ts defines them (y the candidate's output, r = hi + lo
 * the double-double reference at the same input):
 * - maxAbsError = max |y - r|, computed as |(y - hi) - lo|;
 * - maxRelError = max |y - r| / |r| (0 where y = r = 0, Infinity where r = 0 and y != 0);
 * - maxUlpError = max |y - r| / ulp32(r), the float32 grid spacing in r's binade.
 * A candidate with a non-finite output at any point is invalid (score Infinity).
 */
import type { Program } from '../../../dsl/program.ts';
import type { Precision } from '../../../dsl/ops/table.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { programCost } from '../../program-cost.ts';
import { TaskError } from '../types.ts';
import type { TaskDefinition, TaskFamily, TaskOptions } from '../types.ts';
import { FUNCTION_TARGETS } from './targets.ts';
import type { FunctionTarget } from './targets.ts';
import { ulp32 } from '../../float32.ts';

export const FUNCTION_ERROR_MEASURES = ['maxAbsError', 'maxRelError', 'maxUlpError'] as const;
export const FUNCTION_MEASURES = [...FUNCTION_ERROR_MEASURES, 'cost', 'interactions'] as const;

export const DEFAULT_POINTS = 1024;
const MAX_POINTS = 2 ** 24;

export interface FunctionTask extends TaskDefinition {
  readonly kind: 'function';
  readonly domain: 'function';
  readonly interval: readonly [number, number];
  readonly target: FunctionTarget;
  /** Arithmetic the candidate is evaluated in (the webgpu backend does f32 only). */
  readonly precision: Precision;
  /** Number of evaluation points, both interval ends included. */
  readonly points: number;
}

export function isFunctionTask(t: TaskDefinition): t is FunctionTask {
  return t.kind === 'function';
}

function readOptions(id: string, options: TaskOptions): { precision: Precision; points: number } {
  for (const key of Object.keys(options)) {
    if (key !== 'precision' && key !== 'points') throw new TaskError(`task ${id}: unknown option '${key}' (options: precision, points)`);
  }
  const precision = options.precision ?? 'f32';
  if (precision !== 'f32' && precision !== 'f64') throw new TaskError(`task ${id}: precision must be f32 or f64, got '${String(precision)}'`);
  const points = options.points ?? DEFAULT_POINTS;
  if (typeof points !== 'number' || !Number.isInteger(points) || points < 2 || points > MAX_POINTS) {
    throw new TaskError(`task ${id}: points must be an integer from 2 to ${MAX_POINTS}, got '${String(points)}'`);
  }
  return { precision, points };
}

/** The task for one target; `options` may set `precision` (f32|f64) and `points`. */
export function functionTask(target: FunctionTarget, options: TaskOptions = {}): FunctionTask {
  const id = `fn:${target.name}`;
  const { precision, points } = readOptions(id, options);
  const [lo, hi] = target.reference.interval;
  return Object.freeze({
    id,
    kind: 'function',
    domain: 'function',
    description: `${target.reference.expression} on [${lo}, ${hi}]`,
    objectives: Object.freeze(['maxAbsError', 'cost']),
    measures: FUNCTION_MEASURES,
    interval: target.reference.interval,
    errorMeasures: FUNCTION_ERROR_MEASURES,
    options: Object.freeze({ precision, points }),
    target,
    precision,
    points,
  });
}

export const functionTaskFamily: TaskFamily = {
  prefix: 'fn:',
  ids: () => FUNCTION_TARGETS.map((t) => `fn:${t.name}`),
  get(id, options) {
    const target = FUNCTION_TARGETS.find((t) => `fn:${t.name}` === id);
    return target ? functionTask(target, options) : undefined;
  },
};

/** The evaluation points and reference values of a task. */
export interface FunctionTaskData {
  /** Inputs, evenly spaced over the interval, ends included; rounded to float32 for f32 tasks. */
  readonly xs: Float64Array;
  /** The true value at xs[i] is hi[i] + lo[i] (double-double). */
  readonly hi: Float64Array;
  readonly lo: Float64Array;
  /** |hi + lo| and 1 / ulp32(hi + lo), per point (the reductions' divisors). */
  readonly absolute: Float64Array;
  readonly inverseUlp: Float64Array;
}

const dataCache = new Map<string, FunctionTaskData>();

export function functionTaskData(task: FunctionTask): FunctionTaskData {
  const key = `${task.id}/${task.precision}/${task.points}`;
  const cached = dataCache.get(key);
  if (cached) return cached;
  const [lo, hi] = task.interval;
  const n = task.points;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1);
    xs[i] = task.precision === 'f32' ? Math.fround(x) : x;
  }
  const values = task.target.reference.evalHighPrecision(xs);
  const absolute = new Float64Array(n);
  const inverseUlp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    absolute[i] = Math.abs(values.hi[i] + values.lo[i]);
    inverseUlp[i] = 1 / ulp32(absolute[i]); // a power of two: err * inverseUlp is err / ulp exactly
  }
  const data = Object.freeze({ xs, hi: values.hi, lo: values.lo, absolute, inverseUlp });
  dataCache.set(key, data);
  return data;
}

/** The error reductions a backend hands back for one candidate. */
export interface FunctionErrors {
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly maxUlpError: number;
  /** Points where the output was NaN or ±Infinity. */
  readonly nonFinite: number;
}

/**
 * The error reductions of outputs `ys` against the task's reference (the CPU backend's path):
 * the maxima of error-measures.ts's `pointError` for each measure, in one pass.
 */
export function reduceErrors(ys: Float64Array, data: FunctionTaskData, n: number): FunctionErrors {
  const { hi, lo, absolute, inverseUlp } = data;
  let maxAbs = 0;
  let maxRel = 0;
  let maxUlp = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      nonFinite++;
      continue;
    }
    const err = Math.abs(y - hi[i] - lo[i]);
    if (err > maxAbs) maxAbs = err;
    const r = absolute[i];
    const rel = r === 0 ? (err === 0 ? 0 : Infinity) : err / r;
    if (rel > maxRel) maxRel = rel;
    const ulps = err * inverseUlp[i];
    if (ulps > maxUlp) maxUlp = ulps;
  }
  return { maxAbsError: maxAbs, maxRelError: maxRel, maxUlpError: maxUlp, nonFinite };
}

/** The CandidateResult of a candidate from its error reductions. */
export function functionResult(task: FunctionTask, program: Program, errors: FunctionErrors): CandidateResult {
  const { cost, interactions } = programCost(program);
  if (errors.nonFinite > 0) {
    return {
      score: Infinity,
      valid: false,
      measures: { maxAbsError: Infinity, maxRelError: Infinity, maxUlpError: Infinity, cost, interactions },
      error: `non-finite output (NaN or Infinity) at ${errors.nonFinite} of ${task.points} points`,
    };
  }
  const measures = { maxAbsError: errors.maxAbsError, maxRelError: errors.maxRelError, maxUlpError: errors.maxUlpError, cost, interactions };
  return { score: measures[task.objectives[0] as keyof typeof measures], valid: true, measures };
}
