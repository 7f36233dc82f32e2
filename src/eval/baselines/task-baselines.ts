/**
 * The baselines of one function task, each a DSL program with its cost in the task's cost model
 * and its error scored exactly as the front is (the task's measure and precision, on a uniform grid
 * of BASELINE_POINTS that respects open ends): minimax polynomials (mul/add and fma Horner),
 * odd/even forms where the target has the symmetry, rational minimax p/q of small degrees where the
 * fit converges (and odd/even rationals x P(x^2)/Q(x^2), P(x^2)/Q(x^2) for odd/even targets),
 * f(0) P(x)/P(-x) where f(x) f(-x) = f(0)^2 (structured.ts), and powered forms
 * r(x)^(2^k) of polynomials and rationals of the target's root where the target is positive and
 * they beat the rest (powered.ts). The front comparison, the summary table and the warm start all
 * take them from here.
 */
import { parseProgram } from '../../dsl/parse.ts';
import { printProgram } from '../../dsl/print.ts';
import type { Program } from '../../dsl/program.ts';
import { ColumnPool, evaluateColumnar } from '../tasks/function/columnar.ts';
import { fitProgram } from '../fit/program-objective.ts';
import { functionTaskData, reduceErrors } from '../tasks/function/task.ts';
import type { FunctionTask } from '../tasks/function/task.ts';
import { hornerProgram } from './polynomial.ts';
import { remez } from './remez.ts';
import type { Reference } from '../reference/targets.ts';
import { POWERED_SQUARINGS, positiveOn, poweredProgram, rootReference } from './powered.ts';
import { loebRational, rationalProgram, reciprocalProgram, reciprocalStart, reciprocalSymmetry, symmetricMinimax, symmetricProgram, symmetricRationalProgram, symmetryOf, type Symmetry } from './structured.ts';

export type BaselineKind = 'minimax' | 'minimax-fma' | Symmetry | 'rational' | 'symmetric-rational' | 'reciprocal' | 'powered';

export interface TaskBaseline {
  readonly kind: BaselineKind;
  /** e.g. `minimax deg 3`, `odd x*P(x^2) deg 7`, `rational 2/1`. */
  readonly label: string;
  /** In the task's cost model. */
  readonly cost: number;
  /** objectives[0] on the grid, in the task's precision. */
  readonly error: number;
  readonly text: string;
}

export const BASELINE_POINTS = 16_385;
/** Residual evaluations for each rational's minimax refinement. */
const RATIONAL_FIT_BUDGET = 2000;
const POWERED_FIT_RUNS = 1;
const POWERED_FIT_BUDGET = 500;
/** f(0) P(x)/P(-x) up to this degree of P (cost 12 at degree 5). */
const MAX_RECIPROCAL_DEGREE = 5;
/**
 * Odd/even rationals x P(t)/Q(t), P(t)/Q(t) with Q of degree 1 to 3: on sin, tanh and erf
 * (built-in intervals, f64) no Q of degree 4 or 5 was the best form at any cost up to 12, and each
 * form costs a decimal start and a minimax fit when a search starts (3.6 s for the three with
 * degree up to 7, 2.7 s with 3).
 */
const MAX_SYMMETRIC_DENOMINATOR = 3;
/** Odd/even rationals up to this degree of P Q in t (cost 16 for an odd form). */
const MAX_SYMMETRIC_RATIONAL_DEGREE = 7;

export interface TaskBaselineOptions {
  /** Only forms of at most this cost (default 16). */
  readonly maxCost?: number;
  /** Rationals with m + n at most this (default 4). */
  readonly maxRationalDegree?: number;
  /** Which kinds (default all). */
  readonly kinds?: readonly ('minimax' | 'symmetric' | 'rational' | 'powered')[];
}

/** Each program's error on `points` grid points in the task's measure and precision (Infinity if any output is not finite). */
export function gridErrors(task: FunctionTask, programs: readonly Program[], points = BASELINE_POINTS): number[] {
  const data = functionTaskData(task, points);
  const pool = new ColumnPool(points);
  const constant = new Float64Array(points);
  const measure = task.objectives[0] as 'maxAbsError' | 'maxRelError' | 'maxUlpError';
  return programs.map((p) => {
    pool.reset();
    const [y] = evaluateColumnar(p, [data.xs], points, task.precision, pool);
    const e = reduceErrors(typeof y === 'number' ? constant.fill(y) : y, data, points);
    return e.nonFinite > 0 ? Infinity : e[measure];
  });
}

const cache = new Map<string, TaskBaseline[]>();

/** The baselines of `task` up to `maxCost`, cheapest first (computed once per task and options). */
export function taskBaselines(task: FunctionTask, options: TaskBaselineOptions = {}): TaskBaseline[] {
  const maxCost = options.maxCost ?? 16;
  const maxRational = options.maxRationalDegree ?? 4;
  const kinds = options.kinds ?? ['minimax', 'symmetric', 'rational', 'powered'];
  const key = `${task.dataKey}/${task.error}/${task.costModel.spec}/${maxCost}/${maxRational}/${kinds.join(',')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const ref = task.target.reference;
  const measure = task.error === 'rel' ? 'rel' : 'abs';
  const interval = task.interval;
  const found: { kind: BaselineKind; label: string; program: Program }[] = [];
  const affordable = (p: Program): boolean => task.costModel.cost(p) <= maxCost;

  if (kinds.includes('minimax')) {
    for (let n = 1; n <= 12; n++) {
      const coefficients = remez((x) => ref.evalPoint(x), interval, n, { measure }).coefficients.map((c) => c.toNumber());
      const plain = hornerProgram(coefficients);
      const fma = hornerProgram(coefficients, { fma: true });
      if (!affordable(plain) && !affordable(fma)) break;
      if (affordable(plain)) found.push({ kind: 'minimax', label: `minimax deg ${n}`, program: plain });
      if (affordable(fma) && task.costModel.cost(fma) < task.costModel.cost(plain)) found.push({ kind: 'minimax-fma', label: `minimax deg ${n} fma`, program: fma });
    }
  }
  const symmetry = kinds.includes('symmetric') ? symmetryOf(ref, interval) : undefined;
  if (symmetry !== undefined) {
    const form = symmetry === 'even' ? 'P(x^2)' : symmetry === 'odd' ? 'x*P(x^2)' : 'c+x*P(x^2)';
    for (let k = symmetry === 'even' ? 1 : 0; k <= 10; k++) {
      const s = symmetricMinimax(ref, interval, symmetry, k, measure);
      const p = symmetricProgram(s.coefficients, symmetry);
      if (!affordable(p)) break;
      found.push({ kind: symmetry, label: `${symmetry} ${form} deg ${s.coefficients.length - 1}`, program: p });
    }
  }
  const data = functionTaskData(task, 1025);
  const fit = (p: Program, runs: number, budget: number): Program => fitProgram(p, data, { method: 'lm-minimax', budget, seed: 1, error: task.error, runs }).program;
  /** Rationals of `target` (the task's target or a root of it) whose program, after `wrap`, is affordable; fitted to the task's target. */
  const rationals = (target: Reference, wrap: (p: Program) => Program, label: (m: number, n: number) => string, kind: BaselineKind, runs: number, budget: number): void => {
    for (let total = 1; total <= maxRational; total++) {
      for (let n = 1; n <= total; n++) {
        const m = total - n;
        const start = loebRational(target, interval, m, n, measure);
        if (!start || ![...start.p, ...start.q].every(Number.isFinite)) continue;
        const initial = wrap(rationalProgram(start.p, start.q));
        if (!affordable(initial)) continue;
        found.push({ kind, label: label(m, n), program: fit(initial, runs, budget) });
      }
    }
  };
  /** f(0) P(x)/P(-x) of `target` (the task's target or a root of it: both have the symmetry), as for `rationals`. */
  const reciprocals = (target: Reference, f0: number, wrap: (p: Program) => Program, label: (d: number) => string, kind: BaselineKind, runs: number, budget: number): void => {
    for (let d = 2; d <= MAX_RECIPROCAL_DEGREE; d++) {
      const start = reciprocalStart(target, interval, d, f0);
      if (!start || !start.every(Number.isFinite)) continue;
      const initial = wrap(reciprocalProgram(start, f0));
      if (!affordable(initial)) break;
      found.push({ kind, label: label(d), program: fit(initial, runs, budget) });
    }
  };
  if (kinds.includes('rational')) rationals(ref, (p) => p, (m, n) => `rational ${m}/${n}`, 'rational', 4, RATIONAL_FIT_BUDGET);
  if (kinds.includes('rational') && (symmetry === 'odd' || symmetry === 'even')) {
    const form = symmetry === 'odd' ? 'x*P(x^2)/Q(x^2)' : 'P(x^2)/Q(x^2)';
    const ones = (k: number): number[] => new Array<number>(k).fill(1);
    for (let total = 1; total <= MAX_SYMMETRIC_RATIONAL_DEGREE; total++) {
      for (let n = 1; n <= Math.min(total, MAX_SYMMETRIC_DENOMINATOR); n++) {
        const m = total - n;
        const forms = n === 1 && m >= 1 ? [false, true] : [false];
        // The cost depends on the degrees only: checked before the decimal start.
        const affordableForms = forms.filter((partial) => affordable(symmetricRationalProgram(ones(m + 1), ones(n), symmetry, partial)));
        if (affordableForms.length === 0) continue;
        const start = loebRational(ref, interval, m, n, measure, 4, symmetry);
        if (!start || ![...start.p, ...start.q].every(Number.isFinite)) continue;
        for (const partial of affordableForms) {
          const initial = symmetricRationalProgram(start.p, start.q, symmetry, partial);
          found.push({ kind: 'symmetric-rational', label: `${symmetry} ${form} ${m}/${n}${partial ? ' partial fractions' : ''}`, program: fit(initial, 4, RATIONAL_FIT_BUDGET) });
        }
      }
    }
  }
  const f0 = kinds.includes('rational') ? reciprocalSymmetry(ref, interval) : undefined;
  if (f0 !== undefined) reciprocals(ref, f0, (p) => p, (d) => `P(x)/P(-x) deg ${d}`, 'reciprocal', 4, RATIONAL_FIT_BUDGET);
  if (kinds.includes('powered') && positiveOn(ref, interval)) {
    for (const k of POWERED_SQUARINGS) {
      const root = rootReference(ref, k);
      const power = `^${2 ** k}`;
      for (let n = 1; n <= 12; n++) {
        const p = poweredProgram(hornerProgram(remez((x) => root.evalPoint(x), interval, n, { measure }).coefficients.map((c) => c.toNumber())), k);
        if (!affordable(p)) break;
        found.push({ kind: 'powered', label: `(minimax deg ${n})${power}`, program: p });
      }
      // A short fit of one run: Loeb's start on the root is already close (squaring only rescales its error).
      rationals(root, (p) => poweredProgram(p, k), (m, n) => `(rational ${m}/${n})${power}`, 'powered', POWERED_FIT_RUNS, POWERED_FIT_BUDGET);
      if (f0 !== undefined) reciprocals(root, f0 ** (1 / 2 ** k), (p) => poweredProgram(p, k), (d) => `(P(x)/P(-x) deg ${d})${power}`, 'powered', POWERED_FIT_RUNS, POWERED_FIT_BUDGET);
    }
  }
  const errors = gridErrors(task, found.map((f) => f.program));
  const out = found
    .map((f, i) => ({ kind: f.kind, label: f.label, cost: task.costModel.cost(f.program), error: errors[i], text: printProgram(f.program) }))
    .filter((b) => Number.isFinite(b.error)) // a rational with a pole in the interval did not converge
    .sort((a, b) => a.cost - b.cost || a.error - b.error);
  // A rational is kept only where it beats every polynomial form of its cost or less: otherwise
  // its fit has not converged to a true rational (q drifting to a constant, a pole nearby). A
  // powered form only where it beats every unpowered one: otherwise the root did not help.
  const isRational = (b: TaskBaseline): boolean => b.kind === 'rational' || b.kind === 'symmetric-rational' || b.kind === 'reciprocal';
  const polynomials = out.filter((b) => !isRational(b) && b.kind !== 'powered');
  const unpowered = out.filter((b) => b.kind !== 'powered' && (!isRational(b) || b.error < (bestBaselineAt(polynomials, b.cost)?.error ?? Infinity)));
  const kept = [...unpowered, ...out.filter((b) => b.kind === 'powered' && b.error < (bestBaselineAt(unpowered, b.cost)?.error ?? Infinity))].sort((a, b) => a.cost - b.cost || a.error - b.error);
  if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
  cache.set(key, kept);
  return kept;
}

/** For each cost, the best baseline at that cost or less (a staircase), as the front comparison uses it. */
export function bestBaselineAt(baselines: readonly TaskBaseline[], cost: number): TaskBaseline | undefined {
  let best: TaskBaseline | undefined;
  for (const b of baselines) if (b.cost <= cost && (best === undefined || b.error < best.error)) best = b;
  return best;
}

/** A baseline's program, parsed. */
export const baselineProgram = (b: TaskBaseline): Program => parseProgram(b.text, b.label);
