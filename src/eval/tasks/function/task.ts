/**
 * Function-approximation tasks (`fn:NAME`): a target from targets.ts, a fixed point set over its
 * interval (closed ends included, open ends never: reference/interval.ts), and error measures reduced over the points. Both backends score
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
import { compileScalar } from '../../../dsl/compile.ts';
import { DslError } from '../../../dsl/errors.ts';
import { parseProgram } from '../../../dsl/parse.ts';
import { printStatement } from '../../../dsl/print.ts';
import { userReference } from '../../reference/targets.ts';
import { costModel } from './cost-model.ts';
import { functionSearchSpace } from './search-space.ts';
import { warmStartForms } from '../../baselines/warm-start-forms.ts';
import type { CostModel } from './cost-model.ts';
import { TaskError } from '../types.ts';
import type { TaskDefinition, TaskFamily, TaskOptions } from '../types.ts';
export { COST_MODELS } from './cost-model.ts';
import { FUNCTION_TARGETS } from './targets.ts';
import type { FunctionTarget } from './targets.ts';
import { ulp32 } from '../../float32.ts';
import { Lru } from '../../../util/lru.ts';
import { closedInterval, formatInterval, gridPoints, IntervalError, intervalOption, INTERVAL_FORMS, parseInterval as parseIntervalText } from '../../reference/interval.ts';
import type { Interval } from '../../reference/interval.ts';

export const FUNCTION_ERROR_MEASURES = ['maxAbsError', 'maxRelError', 'maxUlpError'] as const;
/** `cost` is the task's cost model (option `cost`); `ops` and `interactions` are always reported too. */
export const FUNCTION_MEASURES = [...FUNCTION_ERROR_MEASURES, 'cost', 'ops', 'interactions'] as const;

export const DEFAULT_POINTS = 1024;
/** Validation points when a search turns validation on (`symdisc search` does for function tasks). */
export const DEFAULT_VALIDATION_POINTS = 16_384;
/** Residual evaluations per child: measured on fn:exp2 f64 (2 min, 1 thread), 100 found rational forms and 14x the minimax polynomial at cost 8, 200 only 0.94x, 50 mostly polynomials. */
export const DEFAULT_FIT_BUDGET = 100;
const MAX_POINTS = 2 ** 24;

export type ErrorKind = 'abs' | 'rel' | 'ulp';
const ERROR_MEASURE: Readonly<Record<ErrorKind, (typeof FUNCTION_ERROR_MEASURES)[number]>> = { abs: 'maxAbsError', rel: 'maxRelError', ulp: 'maxUlpError' };
export const FIT_METHODS = ['none', 'lm-minimax', 'cmaes', 'polish'] as const;
/** Residual evaluations for `fit: 'polish'` (evolve/polish.ts asks for it for every new front entry), before the scorer's per-constant scaling. */
export const DEFAULT_POLISH_BUDGET = 8_000;
export type FitChoice = (typeof FIT_METHODS)[number];

export interface FunctionTask extends TaskDefinition {
  readonly kind: 'function';
  readonly domain: 'function';
  /** The interval's ends; `bounds` says which are open. */
  readonly interval: readonly [number, number];
  readonly bounds: Interval;
  /** The error measures among `measures`. */
  readonly errorMeasures: readonly string[];
  readonly target: FunctionTarget;
  /** Arithmetic the candidate is evaluated in (the webgpu backend does f32 only). */
  readonly precision: Precision;
  /** Number of training points (fitting and selection), both interval ends included. */
  readonly points: number;
  /** Number of validation points (the reported measures and the front); 0 = score on the training points. */
  readonly validation: number;
  /** The error measure objectives[0] names (abs, rel or ulp). */
  readonly error: ErrorKind;
  /** Constant fitting before scoring (cpu backend), and its budget in residual evaluations. */
  readonly fit: FitChoice;
  readonly fitBudget: number;
  readonly costModel: CostModel;
  /** Identifies the point set and reference values (target, interval, precision). */
  readonly dataKey: string;
}

export function isFunctionTask(t: TaskDefinition): t is FunctionTask {
  return t.kind === 'function';
}

const OPTION_NAMES = ['precision', 'points', 'validation', 'error', 'fit', 'fitBudget', 'cost', 'interval', 'target'] as const;

function pointCount(id: string, name: string, value: unknown, fallback: number, allowZero: boolean): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !Number.isInteger(n) || (n < 2 && !(allowZero && n === 0)) || n > MAX_POINTS) {
    throw new TaskError(`task ${id}: ${name} must be an integer from 2 to ${MAX_POINTS}${allowZero ? ' (or 0: none)' : ''}, got '${String(value)}'`);
  }
  return n;
}

/** One of reference/interval.ts's forms (`(0,1]`, `[a,b)`, `a,b` = closed, ...). */
export function parseInterval(id: string, value: unknown): Interval {
  if (typeof value !== 'string') throw new TaskError(`task ${id}: interval must be ${INTERVAL_FORMS}, got '${String(value)}'`);
  try {
    return parseIntervalText(value);
  } catch (e) {
    if (e instanceof IntervalError) throw new TaskError(`task ${id}: interval ${e.message}`);
    throw e;
  }
}

function oneOfOption<T extends string>(id: string, name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new TaskError(`task ${id}: ${name} must be one of ${allowed.join(', ')}, got '${String(v)}'`);
  return v as T;
}

/**
 * The task for one target. Options: `precision` (f32|f64, default f32), `points` (training,
 * default 1024), `validation` (points, default 0 = none), `error` (abs|rel|ulp; default the target's
 * literature measure), `fit` (none|lm-minimax|cmaes|polish, default none),
 * `fitBudget` (residual evaluations per child, default 200), `cost` (interactions|ops|
 * weights:FILE|latency, default interactions), `interval` ('(a,b]', '[a,b)', 'a,b' = closed, ...; default
 * the target's literature interval, closed).
 */
export function functionTask(target: FunctionTarget, options: TaskOptions = {}, id = `fn:${target.name}`): FunctionTask {
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) throw new TaskError(`task ${id}: unknown option '${key}' (options: ${OPTION_NAMES.join(', ')})`);
  }
  if (options.target !== undefined && id !== 'fn:user') throw new TaskError(`task ${id}: option target is for fn:user only`);
  const precision = options.precision ?? 'f32';
  if (precision !== 'f32' && precision !== 'f64') throw new TaskError(`task ${id}: precision must be f32 or f64, got '${String(precision)}'`);
  const points = pointCount(id, 'points', options.points, DEFAULT_POINTS, false);
  const validation = pointCount(id, 'validation', options.validation, 0, true);
  // The literature's measure by default in both precisions (`symdisc search --precision f32` asks for ulp).
  const defaultError: ErrorKind = target.reference.measure;
  const error = oneOfOption<ErrorKind>(id, 'error', options.error, ['abs', 'rel', 'ulp'], defaultError);
  const fit = oneOfOption<FitChoice>(id, 'fit', options.fit, FIT_METHODS, 'none');
  const fitBudget = options.fitBudget ?? (fit === 'polish' ? DEFAULT_POLISH_BUDGET : DEFAULT_FIT_BUDGET);
  if (typeof fitBudget !== 'number' || !Number.isInteger(fitBudget) || fitBudget < 1) throw new TaskError(`task ${id}: fitBudget must be a positive integer, got '${String(options.fitBudget)}'`);
  const costSpec = options.cost ?? 'interactions';
  if (typeof costSpec !== 'string') throw new TaskError(`task ${id}: cost must be a string`);
  let model: CostModel;
  try {
    model = costModel(costSpec, precision);
  } catch (e) {
    throw e instanceof TaskError ? new TaskError(`task ${id}: ${e.message}`) : e;
  }
  const bounds = options.interval !== undefined ? parseInterval(id, options.interval) : closedInterval(target.reference.interval);
  const { lo, hi } = bounds;
  const task: FunctionTask = Object.freeze({
    id,
    kind: 'function',
    domain: 'function',
    description: `${target.reference.expression} on ${formatInterval(bounds)}`,
    objectives: Object.freeze([ERROR_MEASURE[error], 'cost']),
    measures: FUNCTION_MEASURES,
    interval: Object.freeze([lo, hi]) as unknown as readonly [number, number],
    bounds,
    errorMeasures: FUNCTION_ERROR_MEASURES,
    searchSpace: functionSearchSpace(model.cost, precision, () => warmStartForms(task)),
    // precision and points always; the rest as given (a TaskRef rebuilds the same task).
    options: Object.freeze({
      precision,
      points,
      ...(validation > 0 ? { validation } : {}),
      ...(options.error !== undefined ? { error } : {}),
      ...(fit !== 'none' ? { fit, fitBudget } : {}),
      ...(options.cost !== undefined ? { cost: costSpec } : {}),
      ...(options.interval !== undefined ? { interval: intervalOption(bounds) } : {}),
      ...(options.target !== undefined ? { target: options.target } : {}),
    }),
    target,
    precision,
    points,
    validation,
    error,
    fit,
    fitBudget,
    costModel: model,
    dataKey: `${id}/${target.name}/${options.target ?? ''}/${intervalOption(bounds)}/${precision}`,
  });
  return task;
}

/**
 * `fn:user`: the target is a DSL program `def f(x): ... return y` (option `target`, its text),
 * evaluated in f64 by the compiled closure; `interval` is required. Its reference is only f64
 * accurate (~1e-16 relative), fine for float32 ULPs and for errors well above 1e-14.
 */
function userTarget(options: TaskOptions): FunctionTarget {
  const text = options.target;
  if (typeof text !== 'string') throw new TaskError("task fn:user: option target (a DSL program 'def f(x): ... return y') is required");
  if (options.interval === undefined) throw new TaskError(`task fn:user: option interval (${INTERVAL_FORMS}) is required`);
  const { lo, hi } = parseInterval('fn:user', options.interval);
  const interval: readonly [number, number] = [lo, hi];
  let program: Program;
  try {
    program = parseProgram(text, 'target');
  } catch (e) {
    if (e instanceof DslError) throw new TaskError(`task fn:user: target: ${e.message}`);
    throw e;
  }
  if (program.domain !== 'function') throw new TaskError(`task fn:user: target must be a function program 'def f(x): ... return y'`);
  const f = compileScalar(program, 'f64');
  const expression = program.body.map(printStatement).join('; ');
  return { name: 'user', reference: userReference('user', (x) => f(x)[0], interval, { expression }) };
}

export const functionTaskFamily: TaskFamily = {
  prefix: 'fn:',
  ids: () => FUNCTION_TARGETS.map((t) => `fn:${t.name}`),
  get(id, options) {
    if (id === 'fn:user') return functionTask(userTarget(options), options, id);
    const target = FUNCTION_TARGETS.find((t) => `fn:${t.name}` === id);
    return target ? functionTask(target, options) : undefined;
  },
};

/** The evaluation points and reference values of a task. */
export interface FunctionTaskData {
  /** Inputs, evenly spaced over the interval, closed ends included and open ends not (interval.ts's gridPoints); rounded to float32 for f32 tasks. */
  readonly xs: Float64Array;
  /** The true value at xs[i] is hi[i] + lo[i] (double-double). */
  readonly hi: Float64Array;
  readonly lo: Float64Array;
  /** |hi + lo| and 1 / ulp32(hi + lo), per point (the reductions' divisors). */
  readonly absolute: Float64Array;
  readonly inverseUlp: Float64Array;
}

/** Point sets of the last few (task, n) asked for. */
const dataCache = new Lru<string, FunctionTaskData>(16);

/** The training points (`points`), or another evenly spaced set of `n` points (validation, dense checks). */
export function functionTaskData(task: FunctionTask, n: number = task.points): FunctionTaskData {
  const key = `${task.dataKey}/${n}`;
  const cached = dataCache.get(key);
  if (cached) return cached;
  const xs = gridPoints(task.bounds, n, task.precision === 'f32');
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
export function functionResult(task: FunctionTask, program: Program, errors: FunctionErrors, extra: { program?: string; points?: number } = {}): CandidateResult {
  const { cost: ops, interactions } = programCost(program);
  const cost = task.costModel.cost(program);
  const fitted = extra.program !== undefined ? { program: extra.program } : {};
  if (errors.nonFinite > 0) {
    return {
      score: Infinity,
      valid: false,
      measures: { maxAbsError: Infinity, maxRelError: Infinity, maxUlpError: Infinity, cost, ops, interactions },
      error: `non-finite output (NaN or Infinity) at ${errors.nonFinite} of ${extra.points ?? task.points} points`,
      ...fitted,
    };
  }
  const measures = { maxAbsError: errors.maxAbsError, maxRelError: errors.maxRelError, maxUlpError: errors.maxUlpError, cost, ops, interactions };
  return { score: measures[task.objectives[0] as keyof typeof measures], valid: true, measures, ...fitted };
}
