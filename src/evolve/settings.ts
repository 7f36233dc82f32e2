/**
 * Everything that shapes a search's decisions, with per-domain defaults. Settings are written to
 * config.json and never change during a run (stop conditions, which may, live in the state).
 */
import type { Domain } from '../dsl/signature.ts';
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
 * The hurdle optimizer searches take (hurdle.ts): the task's `hurdle` stage (four cheap families,
 * half the instances: src/eval/tasks/optimizer/stage.ts), full evaluation for children at or
 * under the median of the last 256 hurdle scores, everyone through for the first 32.
 */
export const DEFAULT_HURDLE: HurdleSettings = Object.freeze({ options: Object.freeze({ stage: 'hurdle' }), percentile: 50, window: 256, warmup: 32 });

/**
 * Regularized evolution for optimizers, sized for runs of minutes to hours on a few cores: an
 * opt:suite candidate costs ~0.3-0.5 s of one core, so 2 cores score ~3-5 candidates/s and a 30-min
 * run ~6-8k. Lion's P = 1000, T = 2 would spend the first 1000 of them filling the population with
 * AdamW mutants and then select too weakly to get far; P = 100, T = 10 (AutoML-Zero's choice) turns
 * the population over ~70 times in 30 min. Batches of 32 keep both workers busy (trainings that
 * diverge stop early, so costs vary) while a batch replaces only a third of the population.
 * `--population 1000 --tournament 2 --batch 64` is Lion's setting, for day-long runs. Hurdles
 * (DEFAULT_HURDLE) spend a full evaluation only on the better half of the children; an island
 * whose best has not moved for 1000 evaluated children (a few minutes) restarts from the best
 * programs so far, as Lion's search did. For functions, NSGA-II over
 * error × cost on two smaller islands, as AutoNumerics-Zero (whose programs are tiny and whose
 * evaluations are cheap, so short generations pay off).
 */
export function defaultSettings(domain: Domain): SearchSettings {
  return domain === 'optimizer'
    ? {
        strategy: 'regularized',
        population: 100,
        tournament: 10,
        islands: 1,
        batchSize: 32,
        migrationInterval: 20,
        migrants: 4,
        restartAfter: 1000,
        restartFrom: 'best',
        hurdle: DEFAULT_HURDLE,
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
