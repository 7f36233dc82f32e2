/**
 * Levenberg-Marquardt on the least-squares residuals, then a minimax refinement by Lawson's
 * iteratively reweighted least squares: each round takes one damped Gauss-Newton step on
 * sum_i w_i r_i^2 and then sets w_i <- w_i |r_i| (normalised), which moves the weight onto the
 * points where the error peaks; for a linear model the weighted least-squares solutions tend
 * to the minimax solution (Lawson 1961). The Jacobian is taken by forward differences (one
 * residual evaluation per constant).
 */
import seedrandom from 'seedrandom';
import { MAX_KERNEL_CONSTANTS, normalEquationsKernel } from '../backends/wasm/normal-equations-kernel.ts';
import { choleskySolve } from './linalg.ts';
import { maxAbs, type CountingObjective } from './objective.ts';

export interface LmMinimaxOptions {
  readonly budget: number;
  readonly targetError?: number;
  /** Share of a run's budget for the least-squares phase before Lawson starts (default 0.3). */
  readonly leastSquaresShare?: number;
  /** Seed for the restart perturbations. */
  readonly seed?: number;
  /** Restart from a perturbed best point while budget remains (default true). */
  readonly restarts?: boolean;
  /** Chance that a restart flips the sign of each constant (default 0.15). */
  readonly signFlip?: number;
  /** The most evaluations one run may take (default: all that is left). */
  readonly runBudget?: number;
}

const SQRT_EPS = Math.sqrt(Number.EPSILON);

/** Forward-difference Jacobian (row-major, nPoints x n) at c with residuals r0; false if out of budget. */
function jacobian(
  objective: CountingObjective,
  c: Float64Array,
  r0: Float64Array,
  J: Float64Array,
  scratch: Float64Array,
  budget: number,
): boolean {
  const n = c.length;
  const m = r0.length;
  const probe = Float64Array.from(c);
  for (let j = 0; j < n; j++) {
    if (objective.evaluations >= budget) return false;
    const h = SQRT_EPS * Math.max(Math.abs(c[j]), 1e-8);
    probe[j] = c[j] + h;
    const step = probe[j] - c[j]; // the step actually taken after rounding
    objective.residuals(probe, scratch);
    probe[j] = c[j];
    for (let i = 0; i < m; i++) {
      const d = (scratch[i] - r0[i]) / step;
      J[i * n + j] = Number.isFinite(d) ? d : 0;
    }
  }
  return true;
}

/**
 * Where the Jacobian lives and how the normal equations are formed: on the wasm kernel
 * (backends/wasm/normal-equations-kernel.ts) for up to MAX_KERNEL_CONSTANTS constants, else by
 * the JS loop; both give the same bits.
 */
interface NormalSolver {
  readonly J: Float64Array;
  /** A = J^T W J, g = J^T W r over the rows with a nonzero weight and a finite residual. */
  normalEquations(r: Float64Array, w: Float64Array | null): { A: Float64Array; g: Float64Array };
}

function normalSolver(m: number, n: number): NormalSolver {
  if (n > MAX_KERNEL_CONSTANTS) {
    const J = new Float64Array(m * n);
    return { J, normalEquations: (r, w) => normalEquationsJs(J, r, w, n) };
  }
  const kernel = normalEquationsKernel(m, n);
  const { weight, residual } = kernel;
  return {
    J: kernel.J,
    normalEquations(r, w) {
      for (let i = 0; i < m; i++) {
        const wi = w ? w[i] : 1;
        const keep = wi !== 0 && Number.isFinite(r[i]);
        weight[i] = keep ? wi : 0;
        residual[i] = keep ? r[i] : 0;
      }
      const A = new Float64Array(n * n);
      const g = new Float64Array(n);
      kernel.solve(A, g);
      return { A, g };
    },
  };
}

/** Weighted normal equations: A = J^T W J, g = J^T W r (the reference the kernel is held to). */
export function normalEquationsJs(J: Float64Array, r: Float64Array, w: Float64Array | null, n: number): { A: Float64Array; g: Float64Array } {
  const m = r.length;
  const A = new Float64Array(n * n);
  const g = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0 || !Number.isFinite(r[i])) continue;
    const row = i * n;
    for (let a = 0; a < n; a++) {
      const ja = J[row + a] * wi;
      g[a] += ja * r[i];
      for (let b = 0; b <= a; b++) A[a * n + b] += ja * J[row + b];
    }
  }
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) A[b * n + a] = A[a * n + b];
  return { A, g };
}

function weightedCost(r: Float64Array, w: Float64Array | null): number {
  let s = 0;
  if (w === null) {
    for (let i = 0; i < r.length; i++) {
      const ri = r[i];
      if (!Number.isFinite(ri)) return Infinity;
      s += ri * ri;
    }
    return s;
  }
  for (let i = 0; i < r.length; i++) {
    const ri = r[i];
    if (!Number.isFinite(ri)) return Infinity;
    s += w[i] * ri * ri;
  }
  return s;
}

/**
 * The damped step (A + lambda diag(A)) delta = -g, trying larger lambda until the weighted cost
 * drops. Returns the new point's residuals in `rNew` and the new lambda, or null when no step
 * helps (or the budget ran out).
 */
function dampedStep(
  objective: CountingObjective,
  c: Float64Array,
  cost: number,
  A: Float64Array,
  g: Float64Array,
  w: Float64Array | null,
  lambda: number,
  rNew: Float64Array,
  budget: number,
): { c: Float64Array; cost: number; lambda: number } | null {
  const n = c.length;
  let maxDiag = 0;
  for (let a = 0; a < n; a++) maxDiag = Math.max(maxDiag, A[a * n + a]);
  if (!(maxDiag > 0)) return null;
  const minusG = Float64Array.from(g, (x) => -x);
  for (let tries = 0; tries < 30 && lambda < 1e16; tries++) {
    const M = Float64Array.from(A);
    for (let a = 0; a < n; a++) M[a * n + a] += lambda * Math.max(A[a * n + a], 1e-12 * maxDiag);
    const delta = choleskySolve(M, minusG, n);
    if (delta) {
      const trial = Float64Array.from(c, (x, a) => x + delta[a]);
      if (objective.evaluations >= budget) return null;
      objective.residuals(trial, rNew);
      const trialCost = weightedCost(rNew, w);
      if (trialCost < cost) return { c: trial, cost: trialCost, lambda: Math.max(lambda / 3, 1e-15) };
      // No change at all in the constants: the step is below their resolution.
      if (trial.every((x, a) => x === c[a])) return null;
    }
    lambda *= 4;
  }
  return null;
}

/**
 * LM on least squares, then Lawson reweighting toward minimax; the best point is kept by the
 * objective. While budget remains after a run has converged, it restarts from the best point
 * with every constant multiplied by 2^N(0,1) (AutoNumerics-Zero's constant mutation), seeded.
 */
export function lmMinimax(objective: CountingObjective, x0: Float64Array, options: LmMinimaxOptions): void {
  const target = options.targetError ?? 0;
  const rng = seedrandom(`lm-minimax:${options.seed ?? 0}`);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  if (x0.length === 0) {
    objective.maxError(x0);
    return;
  }
  let start = Float64Array.from(x0);
  for (let run = 0; objective.evaluations < options.budget && objective.bestError > target; run++) {
    const before = objective.evaluations;
    runOnce(objective, start, options, Math.min(options.budget, objective.evaluations + (options.runBudget ?? options.budget)));
    if (options.restarts === false || objective.evaluations === before) break;
    // Multiplicative steps keep signs; a sign flip now and then lets a restart cross a pole
    // (c1/(x + c2) with c2 on the wrong side of the interval cannot be repaired smoothly).
    start = Float64Array.from(objective.bestConstants, (c) => c * 2 ** normal() * (rng() < (options.signFlip ?? 0.15) ? -1 : 1));
  }
}

function runOnce(objective: CountingObjective, x0: Float64Array, options: LmMinimaxOptions, budget: number): void {
  const n = x0.length;
  const m = objective.objective.nPoints;
  const runStart = objective.evaluations;
  const target = options.targetError ?? 0;
  let c: Float64Array = Float64Array.from(x0);
  let r: Float64Array = new Float64Array(m);
  let rNew: Float64Array = new Float64Array(m);
  const solver = normalSolver(m, n);
  const J = solver.J;
  const scratch = new Float64Array(m);
  objective.residuals(c, r);

  // Phase 1: plain Levenberg-Marquardt on sum r_i^2.
  const lsBudget = runStart + Math.floor((budget - runStart) * (options.leastSquaresShare ?? 0.3));
  let cost = weightedCost(r, null);
  let lambda = 1e-3;
  while (objective.evaluations < lsBudget && objective.bestError > target && Number.isFinite(cost)) {
    if (!jacobian(objective, c, r, J, scratch, lsBudget)) break;
    const { A, g } = solver.normalEquations(r, null);
    const step = dampedStep(objective, c, cost, A, g, null, lambda, rNew, lsBudget);
    if (!step) break;
    const converged = cost - step.cost <= 1e-12 * cost;
    c = step.c;
    cost = step.cost;
    lambda = step.lambda;
    [r, rNew] = [rNew, r];
    if (converged) break;
  }

  // Phase 2: Lawson, from phase 1's last accepted point.
  const phase1Best = weightedCost(r, null);
  if (!Number.isFinite(phase1Best)) return;
  const w = new Float64Array(m).fill(1 / m);
  lambda = 1e-3;
  let failures = 0;
  let runBest = maxAbs(r);
  let sinceImprovement = 0;
  while (objective.evaluations < budget && objective.bestError > target && sinceImprovement < 30) {
    if (!jacobian(objective, c, r, J, scratch, budget)) break;
    const { A, g } = solver.normalEquations(r, w);
    const step = dampedStep(objective, c, weightedCost(r, w), A, g, w, lambda, rNew, budget);
    if (step) {
      c = step.c;
      lambda = step.lambda;
      [r, rNew] = [rNew, r];
      failures = 0;
    } else if (++failures > 3) break;
    const e = maxAbs(r);
    if (e < runBest * (1 - 1e-7)) {
      runBest = e;
      sinceImprovement = 0;
    } else sinceImprovement++;
    // Lawson update: weight grows where the error is large.
    let total = 0;
    for (let i = 0; i < m; i++) {
      w[i] *= Number.isFinite(r[i]) ? Math.abs(r[i]) : 0;
      total += w[i];
    }
    if (!(total > 0)) break;
    for (let i = 0; i < m; i++) w[i] /= total;
  }
}
