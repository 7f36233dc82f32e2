/**
 * The score over the course of a run, as the report plots it: the best score so far (every
 * improvement, as a step line) and quantiles of the recent candidates' scores at evenly spaced
 * points. "Recent" is the last population × islands candidates: the current population under
 * regularized evolution (whose members are the latest children) and a fair stand-in under NSGA-II.
 * The x axis is evaluations (cache misses), what a budget counts.
 */
import { isCacheHitAt, isValidAt } from './run-reader.ts';
import type { CandidateColumns } from './run-reader.ts';

export interface BestPoint {
  readonly evaluations: number;
  readonly candidate: number;
  readonly score: number;
}

export interface QuantilePoint {
  readonly evaluations: number;
  readonly candidate: number;
  /** Quantiles of the finite scores of the window (a window with none gives no point). */
  readonly q10: number;
  readonly q25: number;
  readonly q50: number;
  readonly q75: number;
  readonly q90: number;
  /** Share of the window that is valid. */
  readonly valid: number;
}

export interface ProgressSeries {
  readonly best: readonly BestPoint[];
  readonly quantiles: readonly QuantilePoint[];
  /** Candidates in each quantile window. */
  readonly window: number;
}

/** Linear-interpolated quantile of ascending `sorted` (n ≥ 1). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  if (pos === lo) return sorted[lo];
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function progressSeries(c: CandidateColumns, window: number, samples = 300): ProgressSeries {
  const w = Math.max(1, Math.floor(window));
  const evaluations = new Float64Array(c.count);
  let evaluated = 0;
  const best: BestPoint[] = [];
  let bestScore = Infinity;
  for (let k = 0; k < c.count; k++) {
    if (!isCacheHitAt(c, k)) evaluated++;
    evaluations[k] = evaluated;
    const s = c.score[k];
    if (isValidAt(c, k) && Number.isFinite(s) && s < bestScore) {
      bestScore = s;
      best.push({ evaluations: evaluated, candidate: c.candidate[k], score: s });
    }
  }
  // Close the step line at the end of the run.
  if (best.length > 0 && c.count > 0 && best[best.length - 1].candidate !== c.candidate[c.count - 1]) {
    best.push({ evaluations: evaluations[c.count - 1], candidate: c.candidate[c.count - 1], score: bestScore });
  }

  const quantiles: QuantilePoint[] = [];
  const points = Math.min(c.count, samples);
  const buffer = new Float64Array(w);
  let lastEnd = -1;
  for (let i = 1; i <= points; i++) {
    const end = Math.round((i * c.count) / points) - 1;
    if (end === lastEnd) continue;
    lastEnd = end;
    const start = Math.max(0, end - w + 1);
    let n = 0;
    for (let k = start; k <= end; k++) {
      const s = c.score[k];
      if (isValidAt(c, k) && Number.isFinite(s)) buffer[n++] = s;
    }
    if (n === 0) continue;
    const sorted = buffer.subarray(0, n).sort();
    quantiles.push({
      evaluations: evaluations[end],
      candidate: c.candidate[end],
      q10: quantile(sorted, 0.1),
      q25: quantile(sorted, 0.25),
      q50: quantile(sorted, 0.5),
      q75: quantile(sorted, 0.75),
      q90: quantile(sorted, 0.9),
      valid: n / (end - start + 1),
    });
  }
  return { best, quantiles, window: w };
}
