/**
 * The search space of function tasks: AutoNumerics-Zero's (+ - * / sqrt fma, exact scalings by 2
 * and 4, literals 0 1 2, and learnable constants drawn log-uniformly over 12 orders of magnitude
 * with a random sign, kept at full precision since the evaluator fits them), started from the
 * low-degree polynomial seeds plus a few random programs.
 */
import { listSeeds, loadSeed } from '../../../dsl/seeds/index.ts';
import type { Program } from '../../../dsl/program.ts';
import type { TaskRef } from '../../evaluator.ts';
import type { DefaultWarmStart, SearchSpace, VocabularySpec } from '../../../evolve/search-space.ts';
import type { SearchSettings } from '../../../evolve/settings.ts';

/** Seeds with at most this many statements count as low-degree function seeds. */
const LOW_DEGREE_STATEMENTS = 6;

/**
 * The search space of a function task scored in `precision` whose cost model is `cost`; `forms`
 * gives the task's structured baselines as warm-start programs, computed on first use.
 */
export function functionSearchSpace(cost: (program: Program) => number, precision: 'f32' | 'f64', forms: () => readonly string[] = () => []): SearchSpace {
  let start: DefaultWarmStart | undefined;
  let computed: readonly string[] | undefined;
  return Object.freeze({
    vocabulary: FUNCTION_VOCABULARY,
    /**
     * NSGA-II over error × cost on two smaller islands, as AutoNumerics-Zero (whose programs are
     * tiny and whose evaluations are cheap, so short generations pay off).
     */
    settings: FUNCTION_SETTINGS,
    get warmStart() {
      start ??= Object.freeze({ ...functionWarmStart(), forms: () => (computed ??= forms()) });
      return start;
    },
    precision,
    scoreLabel: 'error',
    cost,
    polishTask,
  });
}

/** Fit methods whose searches polish their front: without fitting there is nothing to polish. */
const POLISHED_FITS: readonly string[] = ['lm-minimax', 'cmaes'];

/** The same task with `fit: 'polish'` (its default, big budget), when the search fits constants. */
function polishTask(task: TaskRef): TaskRef | undefined {
  if (!POLISHED_FITS.includes(String(task.options?.fit ?? ''))) return undefined;
  const { fitBudget: _budget, ...rest } = task.options ?? {};
  return { ...task, options: { ...rest, fit: 'polish' } };
}

const FUNCTION_VOCABULARY: VocabularySpec = {
  ops: ['add', 'sub', 'mul', 'div', 'sqrt', 'fma', 'mul2', 'div2', 'mul4', 'div4'],
  namedConstants: [],
  fixedLiterals: [0, 1, 2],
  constantOperandChance: 0.3,
  constants: { kind: 'log-uniform', minExponent: -6, maxExponent: 6, signed: true },
  // Fitted constants carry full precision: rounding them would undo the fit.
  significantDigits: null,
  // Children's constants are fitted, so they mostly inherit and scale their parent's.
  replaceChance: 0.1,
  // Every child's constants are fitted (the task's `fit` option), so a constant perturbation only
  // acts as a restart of the fit: structure changes get the draws (inserts twice as often). On
  // fn:exp2 f64 (2 min, 1 thread, fit budget 200) rational forms reached the front only with these.
  mutationWeights: { insert: 2, delete: 1, argument: 1, op: 1, constant: 0.25 },
  maxStatements: 20,
};

const FUNCTION_SETTINGS: SearchSettings = {
  strategy: 'nsga2',
  population: 100,
  tournament: 2,
  islands: 2,
  batchSize: 64,
  migrationInterval: 10,
  migrants: 4,
  restartAfter: 10_000,
  remutateIdentical: true,
  // An LRU of 16,384 results (~670 B each at fn sizes, most of it the fitted text: ~11 MiB,
  // test/evolve/cache.test.ts), so memory stays flat once it fills: 32,768 took half an hour of a
  // 60-minute search to fill, growing memory all along. Measured by replaying the 60-minute fn:exp2
  // f64 journal (results/examples/fn-exp2-f64-open-60m-s1, 311k candidates, 119k evaluations)
  // through LRUs of each size: hit rate 61.55% unbounded, 61.40% at 65,536, 61.01% at 32,768,
  // 60.06% at 16,384, 58.02% at 8,192: most hits are recent relatives, and 16,384 costs ~2.4% more
  // evaluations than 32,768 for the same candidates.
  cacheCapacity: 16_384,
};

let warmStart: DefaultWarmStart | undefined;

/** Read from the seed files on first use (worker threads that only score never need it). */
function functionWarmStart(): DefaultWarmStart {
  warmStart ??= Object.freeze({
    seeds: listSeeds()
      .filter((s) => s.domain === 'function' && loadSeed(s.name).body.length <= LOW_DEGREE_STATEMENTS)
      .map((s) => s.name),
    randomPrograms: 6,
  });
  return warmStart;
}
