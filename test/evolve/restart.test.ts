import { describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import type { ArchiveEntry } from '../../src/evolve/archive.ts';
import { SearchEngine, initialState } from '../../src/evolve/engine.ts';
import { RESTART_SEEDS, restartSeeds } from '../../src/evolve/restart.ts';
import { defaultSettings, spaceFor } from './support/spaces.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from './support/toy-evaluator.ts';

const entry = (program: string, score: number, candidate: number): ArchiveEntry => ({ cost: candidate, score, measures: {}, hash: program, program, candidate });

describe('restartSeeds', () => {
  const archive = Array.from({ length: 12 }, (_, i) => entry(`p${i}`, (i * 7) % 12, i));
  const best = [...archive].sort((a, b) => a.score - b.score).slice(0, RESTART_SEEDS).map((e) => e.program);

  it('best: the best programs so far, lowest score first; initial: the initial programs; alternate: each in turn', () => {
    expect(restartSeeds('best', 0, archive, ['init'])).toEqual(best);
    expect(restartSeeds('best', 3, archive, ['init'])).toEqual(best);
    expect(restartSeeds('initial', 1, archive, ['init'])).toEqual(['init']);
    expect(restartSeeds('alternate', 0, archive, ['init'])).toEqual(['init']);
    expect(restartSeeds('alternate', 1, archive, ['init'])).toEqual(best);
    // Nothing found yet: back to the initial programs.
    expect(restartSeeds('best', 0, [], ['init'])).toEqual(['init']);
  });

  it('a stale island restarts from the best so far from its first restart on', async () => {
    const initial = [printProgram(loadSeed('exp2_taylor2')), printProgram(loadSeed('exp2_taylor3'))];
    const settings = { ...defaultSettings('function'), islands: 1, population: 20, batchSize: 8, restartAfter: 16, restartFrom: 'best' as const };
    const engine = new SearchEngine(settings, initialState('function', TOY_FUNCTION_TASK.objectives, initial, settings, '1', {}), spaceFor('function'));
    const evaluator = new ToyEvaluator();
    for (let b = 0; b < 40 && engine.state.restarts === 0; b++) {
      const children = engine.ask(engine.nextBatchSize());
      const results = await evaluator.evaluate(TOY_FUNCTION_TASK.task, children.map((c) => c.text));
      engine.tell(children, results.map((result) => ({ result, cacheHit: false })));
    }
    expect(engine.state.restarts).toBe(1);
    const seeds = engine.state.islands[0].strategy.seeds;
    expect(seeds).toEqual([...engine.state.archive].sort((a, b) => a.score - b.score).slice(0, RESTART_SEEDS).map((e) => e.program));
    expect(seeds).not.toEqual(initial);
  });
});
