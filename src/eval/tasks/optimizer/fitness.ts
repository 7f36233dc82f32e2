/**
 * Fitness of an update rule on the optimizer proxy tasks, relative to tuned AdamW. Exact definition
 * (lower is better, negative beats AdamW, AdamW itself scores exactly 0):
 *
 * 1. A training of rule P on instance i at learning rate lr (the program's `lr` input, which the
 *    program scales itself, e.g. AdamW's `lr = lr * 0.001`) gives its final loss L = the mean
 *    training loss over the last 10% of its steps (trainer.ts), or is diverged (a NaN/Inf loss or
 *    parameter, or a loss above 100 × its first-step loss L0_i).
 * 2. Its log-loss is ℓ = log(clamp(L, floor_f, ceiling_i)), where floor_f is the family's loss floor
 *    (so runs that converge to ~0 don't dominate) and ceiling_i = 100 · max(L0_i, 1e-3) is the
 *    divergence threshold; a diverged training has ℓ = log(ceiling_i), the worst value possible on
 *    that instance (any finished training's losses all stayed at or below the ceiling).
 * 3. Tuned AdamW: on each family f, AdamW (the seed program `adamw`) is trained on every instance at
 *    every lr of the family's grid; its tuned lr* is the grid lr with the smallest mean ℓ over the
 *    instances (the first such lr on ties), and its baseline log-losses are b_i = ℓ(AdamW, lr*, i).
 * 4. Family score of P: S_f(P) = min over the grid lr of mean_i (ℓ(P, lr, i) - b_i), i.e. the mean log
 *    ratio of P's floored final loss to tuned AdamW's, at P's own best lr from the same grid.
 *    By construction S_f(AdamW) = 0, and S_f(P) ≤ mean_i (log ceiling_i - b_i), which a rule that
 *    diverges at every lr gets (the worst score, finite so it can still be ranked).
 * 5. Task score: the mean of S_f over the task's families (each family has the same number of
 *    instances, so this is also the mean over all instances at each family's best lr).
 *
 * Learning-rate grid: search instances use lr = c_f × {0.1, 0.3, 1, 3, 10}, with c_f near tuned
 * AdamW's best lr on family f, so the baseline sits mid-grid and a candidate whose natural step size
 * differs from AdamW's by up to 10× either way (Lion's users take a 3-10× smaller lr than AdamW's)
 * still finds its best lr inside the grid. Five points keep a candidate's cost at 5 trainings per
 * instance; a program can rescale lr itself through its own constant, and mutation does. Meta
 * (funnel-selection) instances use a wider grid, c'_f × {0.03, 0.1, 0.3, 1, 3, 10, 30}: few programs
 * reach it, the larger models prefer smaller lrs, and a rule must not lose there for want of a
 * grid point.
 */
import type { TrainingResult } from './trainer.ts';
import { divergenceCeiling } from './trainer.ts';

/** What fitness reads from a training (the GPU backend reduces its trainings to this too). */
export type TrainingOutcome = Pick<TrainingResult, 'finalLoss' | 'initialLoss' | 'diverged'>;

/** ℓ: the clamped log final loss of one training (see the module comment). */
export function logLoss(r: TrainingOutcome, floor: number): number {
  const ceiling = divergenceCeiling(r.initialLoss);
  if (r.diverged || !Number.isFinite(r.finalLoss)) return Math.log(ceiling);
  return Math.log(Math.min(Math.max(r.finalLoss, floor), ceiling));
}

/** The worst log-loss an instance can get (a diverged training). */
export function worstLogLoss(r: TrainingOutcome): number {
  return Math.log(divergenceCeiling(r.initialLoss));
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Tuned AdamW on one family: its lr and its log-loss on each instance at that lr. */
export interface Baseline {
  readonly lr: number;
  readonly lrIndex: number;
  /** b_i, one per instance. */
  readonly logLosses: readonly number[];
  /** AdamW's final losses at lr* (NaN where diverged), for reports. */
  readonly finalLosses: readonly number[];
}

/**
 * Tunes a baseline: `results[k][i]` is the training at grid lr k on instance i. Picks the lr with
 * the smallest mean log-loss (the first on ties).
 */
export function tuneBaseline(grid: readonly number[], results: readonly (readonly TrainingOutcome[])[], floor: number): Baseline {
  let best = -1;
  let bestMean = Infinity;
  results.forEach((row, k) => {
    const m = mean(row.map((r) => logLoss(r, floor)));
    if (m < bestMean) {
      bestMean = m;
      best = k;
    }
  });
  if (best < 0) throw new Error('tuneBaseline: empty learning-rate grid');
  const row = results[best];
  return Object.freeze({
    lr: grid[best],
    lrIndex: best,
    logLosses: Object.freeze(row.map((r) => logLoss(r, floor))),
    finalLosses: Object.freeze(row.map((r) => (r.diverged ? NaN : r.finalLoss))),
  });
}

/** A rule's score on one family. */
export interface FamilyScore {
  /** S_f: mean log-loss ratio to tuned AdamW at the rule's best grid lr. */
  readonly score: number;
  /** The grid lr achieving it. */
  readonly lr: number;
  readonly lrIndex: number;
  /** The family score at every grid lr, in grid order. */
  readonly perLr: readonly number[];
  /** Geometric mean of the floored final losses at the best lr (diverged trainings count at their ceiling). */
  readonly geoMeanLoss: number;
  /** Fraction of trainings at the best lr that diverged. */
  readonly divergedFraction: number;
  /** The worst family score possible (every training diverged). */
  readonly worst: number;
}

/** Scores one family: `results[k][i]` is the rule's training at grid lr k on instance i. */
export function familyScore(grid: readonly number[], results: readonly (readonly TrainingOutcome[])[], baseline: Baseline, floor: number): FamilyScore {
  if (results.length !== grid.length) throw new Error(`familyScore: ${results.length} result rows for a grid of ${grid.length}`);
  // mean(l) - mean(b) rather than mean(l - b): the same value in exact arithmetic, and computed the
  // way tuneBaseline ranks learning rates, so the baseline scores exactly 0 and nothing beats it by rounding.
  const baselineMean = mean(baseline.logLosses);
  const perLr = results.map((row) => {
    if (row.length !== baseline.logLosses.length) throw new Error(`familyScore: ${row.length} instances, baseline has ${baseline.logLosses.length}`);
    return mean(row.map((r) => logLoss(r, floor))) - baselineMean;
  });
  let best = 0;
  for (let k = 1; k < perLr.length; k++) if (perLr[k] < perLr[best]) best = k;
  const row = results[best];
  const worst = mean(row.map((r) => worstLogLoss(r))) - baselineMean;
  return Object.freeze({
    score: perLr[best],
    lr: grid[best],
    lrIndex: best,
    perLr: Object.freeze(perLr),
    geoMeanLoss: Math.exp(mean(row.map((r) => logLoss(r, floor)))),
    divergedFraction: row.filter((r) => r.diverged).length / row.length,
    worst,
  });
}
