/**
 * Hurdles (AutoML-Zero): every freshly evaluated child first runs a cheap stage of the task (the
 * search task with the setting's options merged in, e.g. `{ stage: 'hurdle' }`: a few families,
 * half the instances); only a child whose hurdle score is at most the running percentile of the
 * last `window` hurdle scores goes on to the full evaluation. The others are journaled with a
 * clear marker: score Infinity (so no ranking, front or parent selection ever takes them), valid
 * (their program ran), `error` saying which hurdle they missed, and measures `hurdle.score`,
 * `hurdle.threshold`, `hurdle.passed` = 0; the search leaves them out of the population. A child
 * that passes carries the same three measures beside its full ones.
 *
 * Determinism: the threshold of a batch is fixed before the batch (from the search state, which
 * holds the window and is checkpointed), and the window is updated in `tell` from the batch's
 * outcomes, which a replay reads back from the journal; so neither the worker count nor a resume
 * changes a decision.
 */
import type { CandidateResult, Evaluator, TaskRef } from '../eval/evaluator.ts';

export interface HurdleSettings {
  /** Task options of the first stage, merged over the search task's. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** A child goes on when its hurdle score is at most this percentile (0-100) of the window. */
  readonly percentile: number;
  /** Hurdle scores the running percentile is taken over (the most recent). */
  readonly window: number;
  /** Until the window holds this many scores, every child goes on (the search's first batches). */
  readonly warmup: number;
}

/** The running window, part of the search state. */
export interface HurdleState {
  /** Finite hurdle scores of freshly evaluated children, oldest first, at most `window`. */
  scores: number[];
}

export const HURDLE_SCORE = 'hurdle.score';
export const HURDLE_THRESHOLD = 'hurdle.threshold';
export const HURDLE_PASSED = 'hurdle.passed';

/** The score a child must not exceed to go on: the nearest-rank percentile of the window; Infinity during warm-up. */
export function hurdleThreshold(state: HurdleState | undefined, settings: HurdleSettings): number {
  const scores = state?.scores ?? [];
  if (scores.length === 0 || scores.length < settings.warmup) return Infinity;
  const sorted = [...scores].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((settings.percentile / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** True for a child that stopped at the hurdle (not fully evaluated). */
export function isHurdleFailure(result: CandidateResult): boolean {
  return result.measures[HURDLE_PASSED] === 0;
}

/** The first stage's task: the search task with the hurdle options merged in. */
export function hurdleTask(task: TaskRef, settings: HurdleSettings): TaskRef {
  return { id: task.id, options: { ...(task.options ?? {}), ...settings.options } };
}

/**
 * Scores `programs` on `task`, through the hurdle when `settings` is given: all of them on the
 * first stage, those at or under the threshold on the full task. One result per program, in order.
 */
export async function evaluateStaged(
  evaluator: Evaluator,
  task: TaskRef,
  programs: readonly string[],
  signal: AbortSignal | undefined,
  settings: HurdleSettings | undefined,
  state: HurdleState | undefined,
): Promise<CandidateResult[]> {
  if (!settings) return evaluator.evaluate(task, programs, signal);
  const threshold = hurdleThreshold(state, settings);
  const first = await evaluator.evaluate(hurdleTask(task, settings), programs, signal);
  if (first.length !== programs.length) throw new Error(`evaluator returned ${first.length} hurdle results for ${programs.length} programs`);
  // A program that is invalid at the hurdle is invalid: its hurdle result is its result.
  const passed = first.flatMap((r, i) => (r.valid && Number.isFinite(r.score) && r.score <= threshold ? [i] : []));
  const full = passed.length > 0 ? await evaluator.evaluate(task, passed.map((i) => programs[i]), signal) : [];
  if (full.length !== passed.length) throw new Error(`evaluator returned ${full.length} results for ${passed.length} programs`);
  const fullOf = new Map(passed.map((i, k) => [i, full[k]]));
  const marks = (r: CandidateResult, ok: boolean): Record<string, number> => ({ [HURDLE_SCORE]: r.score, [HURDLE_THRESHOLD]: threshold, [HURDLE_PASSED]: ok ? 1 : 0 });
  return first.map((r, i) => {
    const f = fullOf.get(i);
    if (f) return { ...f, measures: { ...f.measures, ...marks(r, true) } };
    if (!r.valid) return r;
    return {
      score: Infinity,
      valid: true,
      measures: marks(r, false),
      error: `stopped at the hurdle: score ${formatScore(r.score)} above ${formatScore(threshold)}, the ${settings.percentile}th percentile of the last ${state?.scores.length ?? 0} hurdle scores`,
    };
  });
}

function formatScore(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/**
 * Adds the hurdle scores of a told batch's fresh evaluations (not cache hits) to the window,
 * in batch order, and keeps its last `window`.
 */
export function recordHurdles(holder: { hurdle?: HurdleState }, settings: HurdleSettings | undefined, outcomes: readonly { readonly result: CandidateResult; readonly cacheHit: boolean }[]): void {
  if (!settings) return;
  const state = (holder.hurdle ??= { scores: [] });
  for (const o of outcomes) {
    const s = o.result.measures[HURDLE_SCORE];
    if (!o.cacheHit && s !== undefined && Number.isFinite(s)) state.scores.push(s);
  }
  if (state.scores.length > settings.window) state.scores.splice(0, state.scores.length - settings.window);
}
