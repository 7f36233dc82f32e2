import { describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { SearchEngine, initialState, objectiveValues } from '../../src/evolve/engine.ts';
import type { SearchState } from '../../src/evolve/engine.ts';
import { roundTripState } from '../../src/run/checkpoint.ts';
import type { SearchSettings } from '../../src/evolve/settings.ts';
import { defaultSettings, spaceFor } from './support/spaces.ts';
import { TOY_FUNCTION_TASK, TOY_OPTIMIZER_TASK, ToyEvaluator } from './support/toy-evaluator.ts';

const FN_INITIAL = [printProgram(loadSeed('exp2_taylor2')), printProgram(loadSeed('exp2_taylor3'))];
const OPT_INITIAL = [printProgram(loadSeed('adamw'))];

function settingsFor(domain: 'function' | 'optimizer', overrides: Partial<SearchSettings> = {}): SearchSettings {
  return { ...defaultSettings(domain), population: 20, batchSize: 8, ...overrides };
}

/** Runs `batches` ask/tell rounds (no cache) and returns the texts asked, batch by batch. */
async function drive(engine: SearchEngine, batches: number, task: { id: string }): Promise<string[][]> {
  const evaluator = new ToyEvaluator();
  const asked: string[][] = [];
  for (let b = 0; b < batches; b++) {
    const children = engine.ask(engine.nextBatchSize());
    const results = await evaluator.evaluate(task, children.map((c) => c.text));
    engine.tell(
      children,
      results.map((result) => ({ result, cacheHit: false })),
    );
    asked.push(children.map((c) => c.text));
  }
  return asked;
}

/** The state as a resume loads it: through the checkpoint codec (src/run/checkpoint.ts). */
const roundTrip = (state: SearchState): SearchState => roundTripState(state);

describe('SearchEngine', () => {
  for (const [name, toy, initial] of [
    ['nsga2 islands (function)', TOY_FUNCTION_TASK, FN_INITIAL],
    ['regularized (optimizer)', TOY_OPTIMIZER_TASK, OPT_INITIAL],
  ] as const) {
    it(`${name}: same seed, same batches; a JSON round trip of the state changes nothing`, async () => {
      const settings = settingsFor(toy.domain);
      const fresh = (): SearchEngine => new SearchEngine(settings, initialState(toy.domain, toy.objectives, initial, settings, '5', {}), spaceFor(toy.domain));
      const straight = await drive(fresh(), 12, toy.task);
      const again = await drive(fresh(), 12, toy.task);
      expect(again).toEqual(straight);

      const first = fresh();
      const head = await drive(first, 5, toy.task);
      const restored = new SearchEngine(settings, roundTrip(first.state), spaceFor(toy.domain));
      const tail = await drive(restored, 7, toy.task);
      expect([...head, ...tail]).toEqual(straight);

      const other = await drive(new SearchEngine(settings, initialState(toy.domain, toy.objectives, initial, settings, '6', {}), spaceFor(toy.domain)), 12, toy.task);
      expect(other).not.toEqual(straight);
    });
  }

  it('starts with the seed programs themselves, then fills the population with their mutants', () => {
    const settings = settingsFor('function', { islands: 1 });
    const engine = new SearchEngine(settings, initialState('function', TOY_FUNCTION_TASK.objectives, FN_INITIAL, settings, '1', {}), spaceFor('function'));
    const children = engine.ask(8);
    expect(children.slice(0, 2).map((c) => [c.text, c.origin, c.parent])).toEqual([
      [FN_INITIAL[0], 'seed', null],
      [FN_INITIAL[1], 'seed', null],
    ]);
    for (const c of children.slice(2)) expect(FN_INITIAL).toContain(c.parent);
  });

  it('regularized evolution keeps P members, dropping the oldest', async () => {
    const settings = settingsFor('optimizer', { population: 10, batchSize: 4 });
    const engine = new SearchEngine(settings, initialState('optimizer', ['loss'], OPT_INITIAL, settings, '1', {}), spaceFor('optimizer'));
    await drive(engine, 6, TOY_OPTIMIZER_TASK.task);
    const population = engine.state.islands[0].strategy.population;
    expect(population).toHaveLength(10);
    // 24 born, the 10 youngest remain.
    expect(population.map((m) => m.born)).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });

  it('NSGA-II keeps P members with ranks and crowding', async () => {
    const settings = settingsFor('function', { population: 12, batchSize: 10, islands: 1 });
    const engine = new SearchEngine(settings, initialState('function', TOY_FUNCTION_TASK.objectives, FN_INITIAL, settings, '1', {}), spaceFor('function'));
    await drive(engine, 5, TOY_FUNCTION_TASK.task);
    const population = engine.state.islands[0].strategy.population;
    expect(population).toHaveLength(12);
    expect(population.every((m) => typeof m.rank === 'number' && typeof m.crowding === 'number')).toBe(true);
    expect(population.some((m) => m.rank === 0)).toBe(true);
  });

  it('splits a batch over islands and migrates the best along the ring', async () => {
    const settings = settingsFor('function', { islands: 3, batchSize: 7, migrationInterval: 2, migrants: 1 });
    const engine = new SearchEngine(settings, initialState('function', TOY_FUNCTION_TASK.objectives, FN_INITIAL, settings, '1', {}), spaceFor('function'));
    const evaluator = new ToyEvaluator();
    const bornOn = new Map<number, number>();
    for (let b = 0; b < 2; b++) {
      const children = engine.ask(7);
      expect([0, 1, 2].map((i) => children.filter((c) => c.island === i).length).sort()).toEqual([2, 2, 3]);
      children.forEach((c, i) => bornOn.set(engine.state.candidates + i, c.island));
      const results = await evaluator.evaluate(TOY_FUNCTION_TASK.task, children.map((c) => c.text));
      engine.tell(children, results.map((result) => ({ result, cacheHit: false })));
    }
    // After the migration at batch 2, each island holds a member born on the previous island.
    engine.state.islands.forEach((island, k) => {
      const from = island.strategy.population.filter((m) => bornOn.get(m.born) === (k + 2) % 3);
      expect(from.length).toBeGreaterThanOrEqual(1);
    });
  });

  it('restarts a stale island from the initial programs, then from the best so far', async () => {
    const settings = settingsFor('function', { islands: 1, restartAfter: 16, batchSize: 8 });
    const engine = new SearchEngine(settings, initialState('function', TOY_FUNCTION_TASK.objectives, FN_INITIAL, settings, '1', {}), spaceFor('function'));
    await drive(engine, 40, TOY_FUNCTION_TASK.task);
    expect(engine.state.restarts).toBeGreaterThan(1);
    const island = engine.state.islands[0].strategy;
    expect(island.restarts).toBe(engine.state.restarts);
  });

  it('stops asking when the evaluation budget is spent', () => {
    const settings = settingsFor('function');
    const state = initialState('function', TOY_FUNCTION_TASK.objectives, FN_INITIAL, settings, '1', { budget: 20 });
    const engine = new SearchEngine(settings, state, spaceFor('function'));
    expect(engine.nextBatchSize()).toBe(8);
    state.evaluations = 17;
    expect(engine.nextBatchSize()).toBe(3);
    state.evaluations = 20;
    expect(engine.nextBatchSize()).toBe(0);
  });
});

describe('objectiveValues', () => {
  it('reads the score, then measures; invalid or missing values are Infinity', () => {
    const program = () => loadSeed('exp2_taylor2');
    const cost = spaceFor('function').cost;
    expect(objectiveValues({ score: 0.1, valid: true, measures: { cost: 4 } }, ['maxAbsError', 'cost'], program, cost)).toEqual([0.1, 4]);
    expect(objectiveValues({ score: 0.1, valid: true, measures: {} }, ['maxAbsError', 'cost'], program, cost)).toEqual([0.1, 4]);
    expect(objectiveValues({ score: 0.1, valid: true, measures: {} }, ['maxAbsError', 'other'], program, cost)).toEqual([0.1, Infinity]);
    expect(objectiveValues({ score: Infinity, valid: false, measures: { cost: 4 } }, ['maxAbsError', 'cost'], program, cost)).toEqual([Infinity, Infinity]);
  });
});
