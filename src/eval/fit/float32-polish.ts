/**
 * Float32 constant polish: a function program fitted in f64 runs in float32 with each constant
 * rounded to the nearest float32, and that rounding (plus the float32 rounding of every op) moves
 * the max ULP error away from the f64 fit's optimum. This searches the float32 lattice around the
 * rounded f64 optimum directly, against the max float32 ULP error of the program evaluated in
 * float32 exactly as the f32 evaluator does (compileWithConstants 'f32': Math.fround of every
 * constant and op, the arithmetic of compile.ts, the CPU backend and `symdisc verify`).
 *
 * Search: a small beam over coordinate steps. From the start (every fitted literal rounded to
 * float32), each round moves one constant of each beam member by ±1..k float32 ULPs (its float32
 * order, float32.ts) and keeps the `beam` best programs seen, ranked by (max ULP, then mean ULP:
 * the max alone is flat over many neighbours, the mean breaks its ties toward the interior of a
 * plateau); it stops when a round finds nothing better than the best so far, or at the budget.
 * Everything is deterministic (no random numbers; ties keep the earlier candidate), so the same
 * program polishes the same way whatever worker scores it.
 *
 * The caller makes the final choice among `finalists` on points the search did not see (denser
 * float32 points in the scorer, every float32 of the interval in `symdisc polish`): the search
 * points alone overfit at the sub-ULP level.
 */
import { compileWithConstants } from '../../dsl/compile.ts';
import { literals, withLiterals } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import { float32FromOrder, float32Order } from '../float32.ts';
import type { FunctionTaskData } from '../tasks/function/task.ts';
import { isFittedLiteral } from './program-objective.ts';

export interface Float32PolishOptions {
  /** Largest step, in float32 ULPs of a constant (steps ±1, 2, 3, 4, 8, 16, ... up to maxStep). Default 64. */
  readonly maxStep?: number;
  /** Programs kept between rounds (1 = greedy). Default 4. */
  readonly beam?: number;
  /** Most float32 evaluations of the program over the points. Default 4000. */
  readonly budget?: number;
  /** Finalists handed back, best first. Default 4. */
  readonly finalists?: number;
}

export interface Float32Candidate {
  /** The program with its fitted literals set to these float32 values. */
  readonly program: Program;
  readonly constants: readonly number[];
  /** Max and mean float32 ULP error over the search points (Infinity where an output is not finite). */
  readonly maxUlp: number;
  readonly meanUlp: number;
}

export interface Float32Polish {
  /** The start: the program with its constants rounded to float32 (what the f32 evaluator runs). */
  readonly start: Float32Candidate;
  /** The best programs found, best first; the start among them when nothing beat it. */
  readonly finalists: readonly Float32Candidate[];
  readonly evaluations: number;
}

export const FLOAT32_POLISH_DEFAULTS = { maxStep: 64, beam: 4, budget: 4000, finalists: 4 } as const;

/** (max, mean) ULP errors of float32 outputs `ys` against the double-double reference of `data`. */
function ulpErrors(ys: Float64Array, data: FunctionTaskData): { max: number; mean: number } {
  const { hi, lo, inverseUlp } = data;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) return { max: Infinity, mean: Infinity };
    const e = Math.abs(y - hi[i] - lo[i]) * inverseUlp[i];
    sum += e;
    if (e > max) max = e;
  }
  return { max, mean: sum / Math.max(1, ys.length) };
}

const better = (a: { maxUlp: number; meanUlp: number }, b: { maxUlp: number; meanUlp: number }): boolean => a.maxUlp < b.maxUlp || (a.maxUlp === b.maxUlp && a.meanUlp < b.meanUlp);

/** A float32 program evaluator over `data`'s points with its fitted literals as a parameter vector. */
export function float32Objective(p: Program, data: FunctionTaskData): { positions: readonly number[]; initial: Float64Array; errors(constants: Float64Array): { max: number; mean: number } } {
  const { run, positions, initial } = compileWithConstants(p, 'f32', isFittedLiteral);
  const ys = new Float64Array(data.xs.length);
  const inputs = [data.xs];
  const outputs = [ys];
  return {
    positions,
    initial,
    errors(constants) {
      run(inputs, outputs, data.xs.length, constants);
      return ulpErrors(ys, data);
    },
  };
}

/** Searches the float32 neighbours of `p`'s fitted literals (rounded to float32) on `data`'s points. */
export function float32Polish(p: Program, data: FunctionTaskData, options: Float32PolishOptions = {}): Float32Polish {
  const maxStep = options.maxStep ?? FLOAT32_POLISH_DEFAULTS.maxStep;
  const beamWidth = Math.max(1, options.beam ?? FLOAT32_POLISH_DEFAULTS.beam);
  const budget = options.budget ?? FLOAT32_POLISH_DEFAULTS.budget;
  const keep = Math.max(1, options.finalists ?? FLOAT32_POLISH_DEFAULTS.finalists);
  // ±1..4 ULPs, then doubling up to maxStep: small constants (high-degree coefficients) move the
  // error only when stepped by many of their ULPs.
  const steps: number[] = [];
  for (let d = 1; d <= maxStep; d = d < 4 ? d + 1 : d * 2) steps.push(d);
  const objective = float32Objective(p, data);
  const { positions } = objective;
  const values = literals(p);
  const programOf = (c: Float64Array): Program => {
    const v = [...values];
    positions.forEach((k, j) => {
      v[k] = c[j];
    });
    return withLiterals(p, v);
  };
  interface Point {
    readonly c: Float64Array;
    readonly maxUlp: number;
    readonly meanUlp: number;
  }
  const seen = new Map<string, Point>();
  let evaluations = 0;
  const evaluate = (c: Float64Array): Point | undefined => {
    const key = Array.from(c).join(',');
    if (seen.has(key)) return undefined;
    evaluations++;
    const e = objective.errors(c);
    const point = { c, maxUlp: e.max, meanUlp: e.mean };
    seen.set(key, point);
    return point;
  };
  const start = evaluate(Float64Array.from(objective.initial, (x) => Math.fround(x))) as Point;
  let beam: Point[] = [start];
  let best = start;
  const all: Point[] = [start];
  while (positions.length > 0 && evaluations < budget) {
    const fresh: Point[] = [];
    for (const member of beam) {
      for (let j = 0; j < positions.length && evaluations < budget; j++) {
        const order = float32Order(member.c[j]);
        for (const d of steps) {
          if (evaluations >= budget) break;
          for (const sign of [1, -1]) {
            const x = float32FromOrder(order + sign * d);
            if (!Number.isFinite(x)) continue;
            const c = Float64Array.from(member.c);
            c[j] = x;
            const point = evaluate(c);
            if (point) fresh.push(point);
          }
        }
      }
    }
    all.push(...fresh);
    // Stable sort: equal candidates keep their evaluation order (determinism).
    beam = [...beam, ...fresh].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, beamWidth);
    if (!better(beam[0], best)) break;
    best = beam[0];
  }
  const toCandidate = (pt: Point): Float32Candidate => ({ program: programOf(pt.c), constants: Array.from(pt.c), maxUlp: pt.maxUlp, meanUlp: pt.meanUlp });
  const ranked = [...all].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, keep);
  return { start: toCandidate(start), finalists: ranked.map(toCandidate), evaluations };
}
