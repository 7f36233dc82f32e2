/** When a session stops: budget, time, patience, or an abort signal. */
import type { SearchEngine } from './engine.ts';
import type { StopSettings } from './settings.ts';

export type StopReason = 'budget' | 'time' | 'patience' | 'interrupted';

/** The reason to stop before the next batch, or undefined to go on. */
export function stopReason(engine: SearchEngine, stop: StopSettings, sessionStart: number, signal: AbortSignal | undefined, now = Date.now()): StopReason | undefined {
  const state = engine.state;
  if (signal?.aborted) return 'interrupted';
  if (engine.nextBatchSize() === 0) return 'budget';
  if (stop.timeMs !== undefined && now - sessionStart >= stop.timeMs) return 'time';
  if (state.stop.patience !== undefined && state.evaluations - state.lastImprovement >= state.stop.patience) return 'patience';
  return undefined;
}
