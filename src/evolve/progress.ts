/**
 * The figures a search reports after every batch (live display, dashboard, library callers) and
 * at its end.
 */
import type { ArchiveEntry, ScoreLabel } from './archive.ts';
import type { SearchState } from './engine.ts';
import type { RetryCounts } from './mutate/index.ts';
import type { StopReason } from './stop.ts';

export interface SearchProgress {
  readonly dir: string;
  readonly runId: string;
  readonly task: string;
  readonly label: ScoreLabel;
  readonly batch: number;
  readonly candidates: number;
  readonly evaluations: number;
  readonly cacheHits: number;
  /** cacheHits / candidates over the whole run. */
  readonly hitRate: number;
  /** Evaluations and candidates per second in this session. */
  readonly evaluationsPerSecond: number;
  readonly candidatesPerSecond: number;
  /** Wall-clock time over all sessions, and in this one. */
  readonly elapsedMs: number;
  readonly sessionMs: number;
  readonly budget?: number;
  readonly timeMs?: number;
  readonly retries: Readonly<RetryCounts>;
  readonly restarts: number;
  readonly front: readonly ArchiveEntry[];
  /** Batches answered from the journal in this session (a resume). */
  readonly replayedBatches: number;
}

export interface RunSummary extends SearchProgress {
  readonly reason: StopReason;
  /** The command that continues this run. */
  readonly resumeCommand: string;
}

/** What a session counted so far, beside the state. */
export interface SessionCounts {
  readonly dir: string;
  readonly runId: string;
  readonly task: string;
  readonly label: ScoreLabel;
  readonly sessionStart: number;
  readonly elapsedBefore: number;
  readonly evaluations: number;
  readonly candidates: number;
  readonly replayedBatches: number;
  readonly timeMs?: number;
}

export function progressOf(state: SearchState, s: SessionCounts, now = Date.now()): SearchProgress {
  const sessionMs = now - s.sessionStart;
  const seconds = Math.max(sessionMs, 1) / 1000;
  return {
    dir: s.dir,
    runId: s.runId,
    task: s.task,
    label: s.label,
    batch: state.nextBatch,
    candidates: state.candidates,
    evaluations: state.evaluations,
    cacheHits: state.cacheHits,
    hitRate: state.candidates > 0 ? state.cacheHits / state.candidates : 0,
    evaluationsPerSecond: s.evaluations / seconds,
    candidatesPerSecond: s.candidates / seconds,
    elapsedMs: s.elapsedBefore + sessionMs,
    sessionMs,
    ...(state.stop.budget !== undefined ? { budget: state.stop.budget } : {}),
    ...(s.timeMs !== undefined ? { timeMs: s.timeMs } : {}),
    retries: { ...state.retries },
    restarts: state.restarts,
    front: state.archive,
    replayedBatches: s.replayedBatches,
  };
}
