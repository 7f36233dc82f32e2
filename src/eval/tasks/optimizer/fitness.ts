/**
 * Fitness of an update rule on the optimizer proxy tasks, relative to tuned AdamW. Exact definition
 * (lower is better, negative beats AdamW, AdamW itself scores exactly 0):
 *
 * 1. A training of rule P on instance i at learning rate lr (the program's `lr` input, which the
 *    program scales itself, e.g. AdamW's `lr = lr * 0.001`) gives its loss L: the loss on the
 *    family's held-out split at the end of training where the family has one (the training split
 *    only shapes the parameters, so a regularizer can pay off), otherwise the final training loss
 *    (the mean over the last 10% of its steps, trainer.ts); or the training is diverged (a NaN/Inf
 *    loss or parameter, or a training loss above 100 × its first-step loss L0_i).
 * 2. Its log-loss is ℓ = log(clamp(L, floor_f, ceiling_i)), where floor_f is the family's loss floor
 *    (so runs that converge to ~0 don't dominate) and ceiling_i = 100 · max(L0_i, 1e-3) is the
 *    divergence threshold; a diverged training has ℓ = log(ceiling_i), the worst value possible on
 *    that instance (any finished training's losses all stayed at or below the ceiling).
 * 3. Tuned AdamW: on each family f, AdamW (the seed program `adamw` with its weight-decay literal
 *    set to each value of WEIGHT_DECAY_GRID, baselines.ts) is trained on every instance at every lr
 *    of the family's grid; its tuned (wd*, lr*) is the pair with the smallest mean ℓ over the
 *    instances (the first such pair on ties, weight decays in grid order, then lrs), and its
 *    baseline log-losses are b_i = ℓ(AdamW[wd*], lr*, i). So a candidate has to beat an AdamW whose
 *    learning rate and weight decay were both tuned per family, as the Lion paper's baselines were.
 * 4. Family score of P: S_f(P) = min over the grid lr of mean_i (ℓ(P, lr, i) - b_i), i.e. the mean log
 *    ratio of P's floored final loss to tuned AdamW's, at P's own best lr from the same grid.
 *    By construction S_f(AdamW[wd*]) = 0 (the seed itself, wd = 0.01, scores ≥ 0), and S_f(P) ≤ mean_i (log ceiling_i - b_i), which a rule that
 *    diverges at every lr gets (the worst score, finite so it can still be ranked).
 * 5. Task score: the mean of S_f over the task's families (each family has the same number of
 *    instances, so this is also the mean over all instances at each family's best lr). With the
 *    task option `gainCap` c > 0 it is the mean of capped family scores instead: a family's gain
 *    over AdamW counts up to about c (S' = -c·tanh(-S/c) for S < 0), its losses count in full
 *    (S' = S for S ≥ 0). The plain mean lets one family where log loss ratios run to ±4 (a
 *    synthetic valley) outweigh every family where they run to ±0.1 (real data); the cap asks a rule
 *    to win on many families and lose on none. The transform is monotone, so it ranks the
 *    programs of one family as S does and tuning per family is unchanged.
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

/**
 * What fitness reads from a training (the GPU backend reduces its trainings to this too). The
 * held-out fields are present for families with a held-out split (both backends report them).
 */
export interface TrainingOutcome extends Pick<TrainingResult, 'finalLoss' | 'initialLoss' | 'diverged'> {
  /** Loss on the family's held-out split with the final parameters. */
  readonly heldOutLoss?: number;
  /** Classifiers: fraction of the held-out split classified right (a reported measure, not scored). */
  readonly heldOutAccuracy?: number;
}

/** The loss fitness scores: the held-out loss where the family has one, else the final training loss. */
export function scoredLoss(r: TrainingOutcome): number {
  return r.heldOutLoss ?? r.finalLoss;
}

/** ℓ: the clamped log of the scored loss of one training (see the module comment). */
export function logLoss(r: TrainingOutcome, floor: number): number {
  const ceiling = divergenceCeiling(r.initialLoss);
  const loss = scoredLoss(r);
  if (r.diverged || !Number.isFinite(loss)) return Math.log(ceiling);
  return Math.log(Math.min(Math.max(loss, floor), ceiling));
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

/** A family score as the task score counts it with gain cap `c` (module comment, step 5; c = 0: as it is). */
export function cappedFamilyScore(score: number, c: number): number {
  // max: tanh(y) ≤ y, which rounding can break for tiny y; a capped gain is never larger than the gain.
  return c > 0 && score < 0 ? Math.max(score, -c * Math.tanh(-score / c)) : score;
}

/** The task score from its family scores (module comment, step 5). */
export function taskScore(familyScores: readonly number[], gainCap: number): number {
  let total = 0;
  for (const s of familyScores) total += cappedFamilyScore(s, gainCap);
  return total / familyScores.length;
}

/** Tuned AdamW on one family: its lr (and weight decay) and its log-loss on each instance there. */
export interface Baseline {
  readonly lr: number;
  readonly lrIndex: number;
  /** The tuned weight decay (the seed's decay literal), when the baseline was tuned over several. */
  readonly weightDecay?: number;
  /** b_i, one per instance. */
  readonly logLosses: readonly number[];
  /** AdamW's scored losses at the tuned setting (NaN where diverged), for reports. */
  readonly finalLosses: readonly number[];
}

/** One variant of a baseline (one weight decay): its trainings, `results[k][i]` = grid lr k, instance i. */
export interface BaselineVariant {
  readonly weightDecay: number;
  readonly results: readonly (readonly TrainingOutcome[])[];
}

/** The first (variant, lr) with the smallest mean log-loss: variants in order, then lrs. */
function bestSetting(rows: readonly (readonly (readonly TrainingOutcome[])[])[], floor: number): { variant: number; lr: number } {
  let best = { variant: -1, lr: -1 };
  let bestMean = Infinity;
  rows.forEach((results, v) =>
    results.forEach((row, k) => {
      const m = mean(row.map((r) => logLoss(r, floor)));
      if (m < bestMean) {
        bestMean = m;
        best = { variant: v, lr: k };
      }
    }),
  );
  if (best.lr < 0) throw new Error('tuneBaseline: empty learning-rate grid');
  return best;
}

function baselineAt(grid: readonly number[], row: readonly TrainingOutcome[], lrIndex: number, floor: number, weightDecay?: number): Baseline {
  return Object.freeze({
    lr: grid[lrIndex],
    lrIndex,
    ...(weightDecay !== undefined ? { weightDecay } : {}),
    logLosses: Object.freeze(row.map((r) => logLoss(r, floor))),
    finalLosses: Object.freeze(row.map((r) => (r.diverged ? NaN : scoredLoss(r)))),
  });
}

/**
 * Tunes a baseline: `results[k][i]` is the training at grid lr k on instance i. Picks the lr with
 * the smallest mean log-loss (the first on ties).
 */
export function tuneBaseline(grid: readonly number[], results: readonly (readonly TrainingOutcome[])[], floor: number): Baseline {
  const best = bestSetting([results], floor);
  return baselineAt(grid, results[best.lr], best.lr, floor);
}

/**
 * Tunes a baseline over weight decays and learning rates: the (variant, lr) pair with the smallest
 * mean log-loss (the first on ties, variants in the given order, then lrs).
 */
export function tuneBaselineOver(grid: readonly number[], variants: readonly BaselineVariant[], floor: number): Baseline {
  if (variants.length === 0) throw new Error('tuneBaselineOver: no variants');
  const best = bestSetting(variants.map((v) => v.results), floor);
  const variant = variants[best.variant];
  return baselineAt(grid, variant.results[best.lr], best.lr, floor, variant.weightDecay);
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
  /** Mean held-out accuracy at the best lr (diverged trainings count 0), for classifier families. */
  readonly accuracy?: number;
}

/** Mean held-out accuracy of a row, when its trainings report one (diverged ones count as 0). */
function meanAccuracy(row: readonly TrainingOutcome[]): number | undefined {
  if (!row.some((r) => r.heldOutAccuracy !== undefined)) return undefined;
  return mean(row.map((r) => (r.diverged ? 0 : (r.heldOutAccuracy ?? 0))));
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
  const accuracy = meanAccuracy(row);
  return Object.freeze({
    score: perLr[best],
    lr: grid[best],
    lrIndex: best,
    perLr: Object.freeze(perLr),
    geoMeanLoss: Math.exp(mean(row.map((r) => logLoss(r, floor)))),
    divergedFraction: row.filter((r) => r.diverged).length / row.length,
    worst,
    ...(accuracy !== undefined ? { accuracy } : {}),
  });
}
