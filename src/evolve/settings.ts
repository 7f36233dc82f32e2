/**
 * Everything that shapes a search's decisions, with per-domain defaults. Settings are written to
 * config.json and never change during a run (stop conditions, which may, live in the state).
 */
import type { Domain } from '../dsl/signature.ts';
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
  /** An island restarts after this many of its candidates without a new best; 0 = never. */
  readonly restartAfter: number;
  /** Re-mutate children functionally identical to their parent. */
  readonly remutateIdentical: boolean;
  /** Entries the functional-equivalence cache keeps. */
  readonly cacheCapacity: number;
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

/**
 * Lion's regularized evolution (P = 1000, T = 2) for optimizers; for functions, NSGA-II over
 * error × cost on two smaller islands, as AutoNumerics-Zero (whose programs are tiny and whose
 * evaluations are cheap, so short generations pay off).
 */
export function defaultSettings(domain: Domain): SearchSettings {
  return domain === 'optimizer'
    ? {
        strategy: 'regularized',
        population: 1000,
        tournament: 2,
        islands: 1,
        batchSize: 64,
        migrationInterval: 20,
        migrants: 4,
        restartAfter: 20_000,
        remutateIdentical: true,
        cacheCapacity: 500_000,
      }
    : {
        strategy: 'nsga2',
        population: 100,
        tournament: 2,
        islands: 2,
        batchSize: 64,
        migrationInterval: 10,
        migrants: 4,
        restartAfter: 10_000,
        remutateIdentical: true,
        cacheCapacity: 500_000,
      };
}
