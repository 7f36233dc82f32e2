import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from '../../src/eval/evaluator.ts';
import { scoreOptimizerCpu } from '../../src/eval/tasks/optimizer/score.ts';
import { HURDLE_PASSED, HURDLE_SCORE, HURDLE_THRESHOLD, evaluateStaged, hurdleThreshold, isHurdleFailure, recordHurdles } from '../../src/evolve/hurdle.ts';
import type { HurdleSettings } from '../../src/evolve/hurdle.ts';
import { resumeSearch, startSearch } from '../../src/evolve/run.ts';
import type { StartOptions } from '../../src/evolve/run.ts';
import { OPTIMIZER_HURDLE as DEFAULT_HURDLE } from '../../src/eval/tasks/optimizer/search-space.ts';
import { readJournal } from '../../src/index.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { defaultSettings, spaceFor } from './support/spaces.ts';

const loadCheckpoint = (dir: string) => RunDirectory.open(dir).checkpoint();
const readConfig = (dir: string) => RunDirectory.open(dir).config();

/** Real CPU scoring of optimizer tasks in-process (what the CPU backend's workers run), counting what it was asked. */
class CpuScoring implements Evaluator {
  readonly info: BackendInfo = { backend: 'cpu', description: 'in-process CPU scoring (tests)', details: {} };
  readonly asked: { task: TaskRef; count: number }[] = [];
  async evaluate(task: TaskRef, programs: readonly string[]): Promise<CandidateResult[]> {
    this.asked.push({ task, count: programs.length });
    return programs.map((p) => scoreOptimizerCpu(p, task.id, task.options ?? {}));
  }
  async close(): Promise<void> {}
}

const SETTINGS: HurdleSettings = { options: { stage: 'hurdle' }, percentile: 50, window: 16, warmup: 4 };
const TASK: TaskRef = { id: 'opt:beale' };

describe('hurdle threshold', () => {
  it('lets everyone through during warm-up, then is a nearest-rank percentile of the window', () => {
    expect(hurdleThreshold(undefined, SETTINGS)).toBe(Infinity);
    expect(hurdleThreshold({ scores: [1, 2, 3] }, SETTINGS)).toBe(Infinity);
    expect(hurdleThreshold({ scores: [4, 1, 3, 2] }, SETTINGS)).toBe(2);
    expect(hurdleThreshold({ scores: [4, 1, 3, 2] }, { ...SETTINGS, percentile: 100 })).toBe(4);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 4, maxLength: 50 }), fc.integer({ min: 1, max: 100 }), (scores, percentile) => {
        const t = hurdleThreshold({ scores }, { ...SETTINGS, percentile });
        // At least `percentile`% of the window is at or under the threshold, and the threshold is one of the scores.
        expect(scores.filter((s) => s <= t).length).toBeGreaterThanOrEqual(Math.ceil((percentile / 100) * scores.length));
        expect(scores).toContain(t);
      }),
    );
  });

  it('records fresh finite hurdle scores in batch order and keeps the last `window`', () => {
    const holder: { hurdle?: { scores: number[] } } = {};
    const r = (s: number): CandidateResult => ({ score: s, valid: true, measures: { [HURDLE_SCORE]: s } });
    recordHurdles(holder, SETTINGS, [
      { result: r(1), cacheHit: false },
      { result: r(2), cacheHit: true },
      { result: r(Infinity), cacheHit: false },
      { result: { score: 5, valid: true, measures: {} }, cacheHit: false },
    ]);
    expect(holder.hurdle?.scores).toEqual([1]);
    recordHurdles(holder, SETTINGS, Array.from({ length: 20 }, (_, i) => ({ result: r(i + 10), cacheHit: false })));
    expect(holder.hurdle?.scores).toEqual(Array.from({ length: 16 }, (_, i) => i + 14));
    const off: { hurdle?: { scores: number[] } } = {};
    recordHurdles(off, undefined, [{ result: r(1), cacheHit: false }]);
    expect(off.hurdle).toBeUndefined();
  });
});

describe('evaluateStaged', () => {
  const programs = ['adamw', 'lion', 'sgd', 'rmsprop'].map((s) => printProgram(loadSeed(s)));

  it('without hurdles is one full evaluation', async () => {
    const ev = new CpuScoring();
    const results = await evaluateStaged(ev, TASK, programs, undefined, undefined, undefined);
    expect(ev.asked).toEqual([{ task: TASK, count: 4 }]);
    expect(results).toEqual(programs.map((p) => scoreOptimizerCpu(p, TASK.id)));
  });

  it('fully evaluates only children at or under the threshold; the others carry the marker and score Infinity', async () => {
    const ev = new CpuScoring();
    const hurdleScores = programs.map((p) => scoreOptimizerCpu(p, TASK.id, { stage: 'hurdle' }).score);
    const threshold = [...hurdleScores].sort((a, b) => a - b)[1];
    // A window whose median is the second-best hurdle score of these four programs.
    const state = { scores: [...hurdleScores] };
    const results = await evaluateStaged(ev, TASK, [...programs, 'def train(w, g, m, v, lr):\n  return'], undefined, SETTINGS, state);
    expect(ev.asked.map((a) => a.task)).toEqual([{ id: 'opt:beale', options: { stage: 'hurdle' } }, TASK]);
    expect(ev.asked[1].count).toBe(hurdleScores.filter((s) => s <= threshold).length);
    programs.forEach((p, i) => {
      const r = results[i];
      expect(r.measures[HURDLE_SCORE]).toBe(hurdleScores[i]);
      expect(r.measures[HURDLE_THRESHOLD]).toBe(threshold);
      if (hurdleScores[i] <= threshold) {
        expect(r.measures[HURDLE_PASSED]).toBe(1);
        expect(isHurdleFailure(r)).toBe(false);
        expect(r.score).toBe(scoreOptimizerCpu(p, TASK.id).score);
      } else {
        expect(isHurdleFailure(r)).toBe(true);
        expect(r).toMatchObject({ score: Infinity, valid: true });
        expect(r.error).toMatch(/^stopped at the hurdle: score .* above .*, the 50th percentile of the last 4 hurdle scores$/);
      }
    });
    // A program invalid at the hurdle stays invalid, with its own error.
    expect(results[4].valid).toBe(false);
    expect(results[4].error).toBeDefined();
  });
});

describe('a search with hurdles', () => {
  const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'symdisc-hurdle-')), 'run');
  const settings = { ...defaultSettings('optimizer'), population: 16, batchSize: 8, hurdle: { ...DEFAULT_HURDLE, window: 32, warmup: 8 } };
  const options = (out: string, budget: number): StartOptions => ({
    evaluator: new CpuScoring(),
    space: spaceFor('optimizer'),
    task: TASK,
    domain: 'optimizer',
    objectives: ['score'],
    seed: '5',
    settings,
    stop: { budget },
    initial: [printProgram(loadSeed('adamw'))],
    warmStart: 'adamw',
    out,
    backend: 'cpu',
    checkpointIntervalMs: 0,
  });
  const decisions = (dir: string): unknown[] => readJournal(join(dir, 'journal.jsonl')).map(({ evalMs: _, ...rest }) => rest);

  it('journals stopped children with the marker, keeps them out of the population, records the setting, and resumes to the same run', async () => {
    const whole = tmp();
    await startSearch(options(whole, 96));
    const journal = readJournal(join(whole, 'journal.jsonl'));
    const stopped = journal.filter((e) => e.measures[HURDLE_PASSED] === 0);
    const passed = journal.filter((e) => e.measures[HURDLE_PASSED] === 1);
    expect(stopped.length).toBeGreaterThan(0);
    expect(passed.length).toBeGreaterThan(0);
    for (const e of stopped) expect(e.score).toBe(Infinity);
    for (const e of stopped) expect(e.error).toMatch(/^stopped at the hurdle/);
    expect(readConfig(whole).settings.hurdle).toEqual(settings.hurdle);
    const state = loadCheckpoint(whole)?.state;
    const members = state?.islands.flatMap((i) => i.strategy.population.map((m) => m.born)) ?? [];
    const stoppedBorn = new Set(stopped.filter((e) => !e.cacheHit).map((e) => e.candidate));
    expect(members.some((b) => stoppedBorn.has(b))).toBe(false);
    expect(state?.hurdle?.scores.length).toBeGreaterThan(8);

    // Stopped after batch 5 and resumed, the search decides exactly as in one session: the window is in the checkpoint.
    const split = tmp();
    const controller = new AbortController();
    const first = await startSearch({ ...options(split, 96), signal: controller.signal, onProgress: (p) => p.batch === 5 && controller.abort() });
    expect(first.reason).toBe('interrupted');
    await resumeSearch(split, { evaluator: new CpuScoring(), space: spaceFor('optimizer'), checkpointIntervalMs: 0 });
    expect(decisions(split)).toEqual(decisions(whole));
  });
});
