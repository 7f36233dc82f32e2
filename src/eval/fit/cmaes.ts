/**
 * CMA-ES (Hansen's (mu/mu_w, lambda)-CMA-ES with rank-one and rank-mu covariance updates and
 * cumulative step-size adaptation, as in "The CMA Evolution Strategy: A Tutorial", 2016), with
 * IPOP restarts (population doubled, started again from the best point) while budget remains.
 *
 * It minimises the max error, which is not smooth at the minimax point: CMA-ES only ranks
 * candidates, so that is fine. Constants that span orders of magnitude are handled by searching
 * in coordinates scaled by each constant's initial magnitude (c_i = s_i u_i, s_i = |c0_i| or 1
 * for 0): a step sigma is then a relative change of every constant, the multiplicative
 * perturbation AutoNumerics-Zero uses, while signs can still change.
 */
import seedrandom from 'seedrandom';
import { symmetricEigen } from './linalg.ts';
import type { CountingObjective } from './objective.ts';

export interface CmaesOptions {
  /** Initial step, relative to the constants' magnitudes (e.g. 0.3). */
  readonly sigma0: number;
  readonly budget: number;
  readonly seed: number;
  readonly targetError?: number;
  /** Initial population size (default 4 + floor(3 ln n)). */
  readonly populationSize?: number;
  /** Restart with doubled population until the budget is spent (default true). */
  readonly restarts?: boolean;
}

type Normal = () => number;

function normalSource(seed: number): Normal {
  const rng = seedrandom(`cmaes:${seed}`);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Runs CMA-ES on `objective.maxError` from `x0`; the best point is kept by the objective. */
export function cmaes(objective: CountingObjective, x0: Float64Array, options: CmaesOptions): void {
  const n = x0.length;
  if (n === 0) {
    objective.maxError(x0);
    return;
  }
  const scales = Float64Array.from(x0, (c) => (c !== 0 && Number.isFinite(c) ? Math.abs(c) : 1));
  const normal = normalSource(options.seed);
  const target = options.targetError ?? 0;
  let lambda = options.populationSize ?? 4 + Math.floor(3 * Math.log(n));
  let start = Float64Array.from(x0, (c, i) => c / scales[i]);
  const c = new Float64Array(n);
  const toConstants = (u: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) c[i] = u[i] * scales[i];
    return c;
  };
  objective.maxError(toConstants(start));
  while (objective.evaluations < options.budget && objective.bestError > target) {
    runOnce(objective, start, lambda, options.sigma0, options.budget, target, normal, toConstants);
    if (options.restarts === false) break;
    lambda *= 2;
    start = Float64Array.from(objective.bestConstants, (v, i) => v / scales[i]);
  }
}

function runOnce(
  objective: CountingObjective,
  start: Float64Array,
  lambda: number,
  sigma0: number,
  budget: number,
  target: number,
  normal: Normal,
  toConstants: (u: Float64Array) => Float64Array,
): void {
  const n = start.length;
  const mu = Math.floor(lambda / 2);
  const rawWeights = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const wSum = rawWeights.reduce((s, w) => s + w, 0);
  const weights = rawWeights.map((w) => w / wSum);
  const mueff = 1 / weights.reduce((s, w) => s + w * w, 0);
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
  const cs = (mueff + 2) / (n + mueff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const eigenInterval = Math.max(1, Math.floor(1 / (10 * n * (c1 + cmu))));

  const mean = Float64Array.from(start);
  let sigma = sigma0;
  const pc = new Float64Array(n);
  const ps = new Float64Array(n);
  let C: Float64Array = new Float64Array(n * n);
  let B: Float64Array = new Float64Array(n * n);
  const D = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) C[i * n + i] = B[i * n + i] = 1;

  const xs = Array.from({ length: lambda }, () => new Float64Array(n));
  const ys = Array.from({ length: lambda }, () => new Float64Array(n));
  const fs = new Float64Array(lambda);
  const z = new Float64Array(n);
  let stagnant = 0;
  let lastBest = Infinity;

  for (let generation = 0; ; generation++) {
    for (let k = 0; k < lambda; k++) {
      if (objective.evaluations >= budget) return;
      for (let i = 0; i < n; i++) z[i] = D[i] * normal();
      const y = ys[k];
      const x = xs[k];
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += B[i * n + j] * z[j];
        y[i] = s;
        x[i] = mean[i] + sigma * s;
      }
      const f = objective.maxError(toConstants(x));
      fs[k] = Number.isNaN(f) ? Infinity : f;
      if (f <= target) return;
    }
    const order = Array.from({ length: lambda }, (_, k) => k).sort((a, b) => fs[a] - fs[b]);

    // Mean update and the weighted step y_w.
    const yw = new Float64Array(n);
    for (let r = 0; r < mu; r++) {
      const y = ys[order[r]];
      for (let i = 0; i < n; i++) yw[i] += weights[r] * y[i];
    }
    for (let i = 0; i < n; i++) mean[i] += sigma * yw[i];

    // Step-size path: ps uses C^{-1/2} y_w = B diag(1/D) B^T y_w.
    const bty = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += B[i * n + j] * yw[i];
      bty[j] = s / D[j];
    }
    const csFactor = Math.sqrt(cs * (2 - cs) * mueff);
    let psNorm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += B[i * n + j] * bty[j];
      ps[i] = (1 - cs) * ps[i] + csFactor * s;
      psNorm += ps[i] * ps[i];
    }
    psNorm = Math.sqrt(psNorm);
    const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (generation + 1))) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccFactor = Math.sqrt(cc * (2 - cc) * mueff);
    for (let i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + hsig * ccFactor * yw[i];

    // Covariance: rank-one (pc) and rank-mu (selected steps) updates.
    const keep = 1 - c1 - cmu + (1 - hsig) * c1 * cc * (2 - cc);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let r = 0; r < mu; r++) {
          const y = ys[order[r]];
          rankMu += weights[r] * y[i] * y[j];
        }
        const v = keep * C[i * n + j] + c1 * pc[i] * pc[j] + cmu * rankMu;
        C[i * n + j] = v;
        C[j * n + i] = v;
      }
    }
    sigma *= Math.exp((cs / damps) * (psNorm / chiN - 1));

    if (generation % eigenInterval === 0) {
      const { values, vectors } = symmetricEigen(C, n);
      B = vectors;
      for (let i = 0; i < n; i++) D[i] = Math.sqrt(Math.max(values[i], 1e-300));
      // Re-symmetrise from the decomposition to keep C positive definite.
      const rebuilt = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += B[i * n + k] * D[k] * D[k] * B[j * n + k];
          rebuilt[i * n + j] = s;
        }
      C = rebuilt;
    }

    // Termination of this run (a restart follows while budget remains).
    const best = fs[order[0]];
    if (best < lastBest) {
      lastBest = best;
      stagnant = 0;
    } else stagnant++;
    const maxD = Math.max(...D);
    const minD = Math.min(...D);
    let meanScale = 0;
    for (let i = 0; i < n; i++) meanScale = Math.max(meanScale, Math.abs(mean[i]));
    if (sigma * maxD < 1e-15 * Math.max(meanScale, 1e-300)) return; // steps below double resolution
    if (maxD / minD > 1e7) return; // covariance condition 1e14
    if (stagnant > 10 + Math.ceil((30 * n) / lambda)) return;
    if (!Number.isFinite(sigma)) return;
  }
}
