import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import type { CandidateResult, Evaluator, TaskRef } from '../../src/eval/evaluator.ts';
import { cacheKey } from '../../src/evolve/cache.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { readJournal } from '../../src/run/journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { resumeSearch, startSearch } from '../../src/evolve/run.ts';
import type { StartOptions } from '../../src/evolve/run.ts';
import { defaultSettings, spaceFor } from './support/spaces.ts';
import { journalBytes, tearLastRecord } from '../run/support/journal-files.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from './support/toy-evaluator.ts';
const loadCheckpoint = (dir: string) => RunDirectory.open(dir).checkpoint();
const readConfig = (dir: string) => RunDirectory.open(dir).config();
/** The toy evaluator, except that its `call`-th evaluation aborts the run (as Ctrl-C does) and throws. */
function abortingAtCall(call: number, controller: AbortController): Evaluator {
  const toy = new ToyEvaluator();
  let calls = 0;
  return {
    info: toy.info,
    close: async () => {},
    evaluate: async (task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> => {
      if (++calls === call) {
        controller.abort();
        signal?.throwIfAborted();
      }
      return toy.evaluate(task, programs);
    },
  };
}

const INITIAL = ['exp2_taylor2', 'exp2_taylor3'].map((s) => printProgram(loadSeed(s)));
const SETTINGS = { ...defaultSettings('function'), population: 24, batchSize: 16 };
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'symdisc-run-')), 'run');

function options(out: string, evaluator: Evaluator = new ToyEvaluator(), extra: Partial<StartOptions> = {}): StartOptions {
  return {
    evaluator,
    space: spaceFor('function'),
    task: TOY_FUNCTION_TASK.task,
    domain: 'function',
    objectives: TOY_FUNCTION_TASK.objectives,
    seed: '3',
    settings: SETTINGS,
    stop: { budget: 300 },
    initial: INITIAL,
    warmStart: 'test',
    out,
    backend: 'toy',
    checkpointIntervalMs: 0,
    ...extra,
  };
}

/** The journal without timings (the only field that may differ between equal runs). */
const decisions = (dir: string): Omit<JournalEntry, 'evalMs'>[] => readJournal(join(dir, 'journal.jsonl')).map(({ evalMs: _, ...rest }) => rest);

function finalState(dir: string): unknown {
  const checkpoint = loadCheckpoint(dir);
  if (!checkpoint) throw new Error('no checkpoint');
  return { ...checkpoint.state, elapsedMs: 0 };
}

describe('run directory', () => {
  it('writes config, journal, checkpoint and front; evaluates each distinct program once', async () => {
    const dir = tmp();
    const evaluator = new ToyEvaluator();
    const summary = await startSearch(options(dir, evaluator));
    expect(summary.reason).toBe('budget');
    expect(summary.evaluations).toBe(300);
    for (const f of ['config.json', 'journal', 'checkpoint.json.br', 'front.json', 'front.csv']) expect(existsSync(join(dir, f))).toBe(true);
    const config = readConfig(dir);
    expect(config.seed).toBe('3');
    expect(config.settings).toEqual(SETTINGS);
    expect(config.versions.node).toBe(process.version);

    const journal = readJournal(join(dir, 'journal.jsonl'));
    expect(journal).toHaveLength(summary.candidates);
    expect(journal.map((e) => e.candidate)).toEqual(journal.map((_, i) => i));
    const evaluated = journal.filter((e) => !e.cacheHit);
    expect(evaluated).toHaveLength(300);
    expect(new Set(evaluated.map((e) => cacheKey(e.hash, e.fingerprint))).size).toBe(300);
    expect(evaluator.batches.flat()).toHaveLength(300);
    // Every hit repeats an earlier evaluation of the same key with the same score.
    const byKey = new Map(evaluated.map((e) => [cacheKey(e.hash, e.fingerprint), e]));
    for (const hit of journal.filter((e) => e.cacheHit)) expect(hit.score).toBe(byKey.get(cacheKey(hit.hash, hit.fingerprint))?.score);
    // Each island starts with the seeds themselves; every other child names its parent.
    expect(journal.slice(0, 2).map((e) => [e.mutation, e.parent, e.program])).toEqual(INITIAL.map((p) => ['seed', null, p]));
    for (const e of journal) expect(e.parent === null).toBe(e.mutation === 'seed' || e.mutation === 'restart');

    const front = JSON.parse(readFileSync(join(dir, 'front.json'), 'utf8')) as { label: string; entries: { cost: number; score: number }[] };
    expect(front.label).toBe('error');
    expect(front.entries.length).toBeGreaterThan(0);
    const scores = front.entries.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a)); // costlier entries score strictly better
    expect(summary.front).toEqual(loadCheckpoint(dir)?.state.archive);
  });

  it('resumes after a crash: replays journaled batches, redoes the torn one, ends where an uninterrupted run ends', async () => {
    const straight = tmp();
    await startSearch(options(straight));

    const crashed = tmp();
    const controller = new AbortController();
    let batches = 0;
    await startSearch(
      options(crashed, new ToyEvaluator(), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.batch === 4) copyFileSync(join(crashed, 'checkpoint.json.br'), join(crashed, 'old-checkpoint.json'));
          if (++batches === 10) controller.abort();
        },
      }),
    );
    // Simulate a kill: the checkpoint is older than the journal, and the last batch was torn mid-write.
    copyFileSync(join(crashed, 'old-checkpoint.json'), join(crashed, 'checkpoint.json.br'));
    tearLastRecord(crashed);

    const evaluator = new ToyEvaluator();
    const summary = await resumeSearch(crashed, { evaluator, space: spaceFor('function'), checkpointIntervalMs: 0 });
    expect(summary.reason).toBe('budget');
    // Batches 4..8 came from the journal, the torn batch 9 (in flight at the abort, finished and journaled) was cut.
    expect(summary.replayedBatches).toBe(5);
    expect(decisions(crashed)).toEqual(decisions(straight));
    expect(finalState(crashed)).toEqual(finalState(straight));
    // Nothing evaluated twice: the resumed session evaluated only what the journal lacked.
    const before = decisions(straight).filter((e) => e.batch < 9 && !e.cacheHit).length;
    expect(evaluator.batches.flat()).toHaveLength(300 - before);
  });

  it('replays journaled batches at their own size when a resume changes the budget', async () => {
    const dir = tmp();
    let n = 0;
    // Budget 300 with batches of 16: the last batch is cut to 300 - evaluations.
    await startSearch(
      options(dir, new ToyEvaluator(), {
        onProgress: () => {
          if (++n === 3) copyFileSync(join(dir, 'checkpoint.json.br'), join(dir, 'early.json'));
        },
      }),
    );
    const before = decisions(dir);
    copyFileSync(join(dir, 'early.json'), join(dir, 'checkpoint.json.br'));
    // A larger budget: the journaled batches (the short last one included) replay unchanged, then the run goes on.
    const evaluator = new ToyEvaluator();
    const summary = await resumeSearch(dir, { evaluator, space: spaceFor('function'), stop: { budget: 340 } });
    expect(summary.evaluations).toBe(340);
    expect(decisions(dir).slice(0, before.length)).toEqual(before);
    expect(evaluator.batches.flat()).toHaveLength(40);
  });

  it('abandons the batch in flight on abort and leaves a checkpoint at the last completed batch', async () => {
    const dir = tmp();
    const controller = new AbortController();
    const summary = await startSearch(options(dir, abortingAtCall(3, controller), { signal: controller.signal }));
    expect(summary.reason).toBe('interrupted');
    const checkpoint = loadCheckpoint(dir);
    expect(checkpoint?.state.nextBatch).toBe(2);
    expect(readJournal(join(dir, 'journal.jsonl')).every((e) => e.batch < 2)).toBe(true);
    expect(checkpoint?.journalBytes).toBe(journalBytes(dir));
  });

  it('resumes after an abort where an uninterrupted run goes: the abandoned batch is asked again from the same state', async () => {
    const straight = tmp();
    await startSearch(options(straight));
    const dir = tmp();
    const controller = new AbortController();
    expect((await startSearch(options(dir, abortingAtCall(6, controller), { signal: controller.signal }))).reason).toBe('interrupted');
    const summary = await resumeSearch(dir, { evaluator: new ToyEvaluator(), space: spaceFor('function') });
    expect(summary.reason).toBe('budget');
    expect(decisions(dir)).toEqual(decisions(straight));
    expect(finalState(dir)).toEqual(finalState(straight));
  });

  it('stops on patience and on time', async () => {
    const patient = await startSearch(options(tmp(), new ToyEvaluator(), { stop: { patience: 40 } }));
    expect(patient.reason).toBe('patience');
    const timed = await startSearch(options(tmp(), new ToyEvaluator(), { stop: { timeMs: 300 } }));
    expect(timed.reason).toBe('time');
  });

  it('refuses to start a second run in the same directory', async () => {
    const dir = tmp();
    await startSearch(options(dir, new ToyEvaluator(), { stop: { budget: 16 } }));
    await expect(startSearch(options(dir))).rejects.toThrow(/already holds a run/);
  });
});
