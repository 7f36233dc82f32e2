/**
 * The search space of optimizer tasks: Lion's ("Symbolic Discovery of Optimization Algorithms"):
 * every applicable op of the op table, the named constants, N(0,1) literals kept to four
 * significant digits (Lion prints 0.899, 0.4602), started from AdamW.
 */
import { APPLICABLE_OPS, NAMED_CONSTANTS } from '../../../dsl/ops/table.ts';
import type { HurdleSettings } from '../../../evolve/hurdle.ts';
import type { SearchSpace } from '../../../evolve/search-space.ts';
import { programCost } from '../../program-cost.ts';

/**
 * The hurdle (src/evolve/hurdle.ts): the task's `hurdle` stage (four cheap families, half the
 * instances: stage.ts), full evaluation for children at or under the median of the last 256
 * hurdle scores, everyone through for the first 32.
 */
export const OPTIMIZER_HURDLE: HurdleSettings = Object.freeze({ options: Object.freeze({ stage: 'hurdle' }), percentile: 50, window: 256, warmup: 32 });

const SPACE: SearchSpace = {
  vocabulary: {
    ops: APPLICABLE_OPS.map((op) => op.name),
    namedConstants: NAMED_CONSTANTS.map((op) => op.name),
    fixedLiterals: [],
    constantOperandChance: 0.2,
    constants: { kind: 'normal', mean: 0, sd: 1 },
    significantDigits: 4,
    replaceChance: 0.5,
    mutationWeights: { insert: 1, delete: 1, argument: 1, op: 1, constant: 1 },
    maxStatements: 30,
  },
  /**
   * Regularized evolution sized for runs of minutes to hours on a few cores: an opt:suite
   * candidate costs ~0.3-0.5 s of one core, so 2 cores score ~3-5 candidates/s and a 30-min run
   * ~6-8k. Lion's P = 1000, T = 2 would spend the first 1000 of them filling the population with
   * AdamW mutants and then select too weakly to get far; P = 100, T = 10 (AutoML-Zero's choice)
   * turns the population over ~70 times in 30 min. Batches of 32 keep both workers busy (trainings
   * that diverge stop early, so costs vary) while a batch replaces only a third of the population.
   * `--population 1000 --tournament 2 --batch 64` is Lion's setting, for day-long runs. Hurdles
   * spend a full evaluation only on the better half of the children; an island whose best has not
   * moved for 1000 evaluated children (a few minutes) restarts from the best programs so far, as
   * Lion's search did.
   */
  settings: {
    strategy: 'regularized',
    population: 100,
    tournament: 10,
    islands: 1,
    batchSize: 32,
    migrationInterval: 20,
    migrants: 4,
    restartAfter: 1000,
    restartFrom: 'best',
    hurdle: OPTIMIZER_HURDLE,
    remutateIdentical: true,
    // Bounded like the function tasks' (src/eval/tasks/function/search-space.ts); an optimizer
    // search evaluates far fewer programs than this in a day, so it never evicts in practice.
    cacheCapacity: 32_768,
  },
  warmStart: { seeds: ['adamw'], randomPrograms: 0 },
  // Rules are trained in float32 (trainer.ts).
  precision: 'f32',
  scoreLabel: 'score',
  cost: (p) => programCost(p).cost,
  hurdle: OPTIMIZER_HURDLE,
};

export const OPTIMIZER_SEARCH_SPACE: SearchSpace = Object.freeze(SPACE);
