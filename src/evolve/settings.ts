/**
 * Everything that shapes a search's decisions; each task's search space (search-space.ts) gives
 * the defaults. Settings are written to config.json and never change during a run (stop
 * conditions, which may, live in the state).
 */
import type { HurdleSettings } from './hurdle.ts';
import type { RestartFrom } from './restart.ts';
import type { StrategyKind } from './strategies/index.ts';

export interface SearchSettings {
  readonly strategy: StrategyKind;
  /** Population size of each island. */
  readonly population: number;
  /** Tournament size (regularized evolution). */
  readonly tournament: number;
  readonly islands: number;
  /** Candidates per batch: the unit of evaluation, journaling, checkpointing and determinism. */
  readonly batchSize: number;
  /** Batches between migrations (islands > 1). */
  readonly migrationInterval: number;
  /** Best members each island sends to the next at a migration. */
  readonly migrants: number;
  /** An island restarts after this many of its (evaluated) candidates without a new best; 0 = never. */
  readonly restartAfter: number;
  /** What a restart refills from (restart.ts); absent: `alternate`, as runs before this setting did. */
  readonly restartFrom?: RestartFrom;
  /** Hurdles (hurdle.ts): a cheap first stage for every child; absent: none. */
  readonly hurdle?: HurdleSettings;
  /** Re-mutate children functionally identical to their parent. */
  readonly remutateIdentical: boolean;
  /** Entries the functional-equivalence cache keeps. */
  readonly cacheCapacity: number;
  /** The user's `--ops`: replaces the vocabulary's ops (absent: the task's). */
  readonly ops?: readonly string[];
  /** The user's `--max-statements` (absent: the task's). */
  readonly maxStatements?: number;
}

/** When to stop; all optional, checked at batch boundaries. */
export interface StopSettings {
  /** Evaluations (cache misses) over the whole run. */
  readonly budget?: number;
  /** Wall-clock milliseconds of this session. */
  readonly timeMs?: number;
  /** Stop after this many evaluations without a change of the front. */
  readonly patience?: number;
}
