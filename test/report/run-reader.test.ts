import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { readJournal } from '../../src/run/journal.ts';
import { lastSegment } from '../run/support/journal-files.ts';
import { RunDirectoryError } from '../../src/run/run-config.ts';
import { isCacheHitAt, isFittedAt, isValidAt, lineOfCandidate, readEntry, readRun } from '../../src/report/run-reader.ts';
import { makeRun } from './support/make-run.ts';
import { readCheckpointJson, writeCheckpointJson } from '../support/checkpoint-file.ts';
const loadCheckpoint = (dir: string) => RunDirectory.open(dir).checkpoint();

let dir: string;
let scratch: string;

beforeAll(async () => {
  dir = (await makeRun('function')).dir;
  scratch = mkdtempSync(join(tmpdir(), 'symdisc-reader-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the run to damage. */
function copy(name: string): string {
  const target = join(scratch, name);
  cpSync(dir, target, { recursive: true });
  return target;
}

describe('readRun on a finished run', () => {
  it('reads every journal line into columns that match the journal', () => {
    const run = readRun(dir);
    const entries = readJournal(join(dir, 'journal.jsonl'));
    const c = run.candidates;
    expect(c.count).toBe(entries.length);
    expect(c.count).toBeGreaterThan(300);
    entries.forEach((e, k) => {
      expect(c.candidate[k]).toBe(e.candidate);
      expect(c.batch[k]).toBe(e.batch);
      expect(c.hash[k]).toBe(e.hash);
      expect(c.parent[k]).toBe(e.parent);
      expect(c.mutation[k]).toBe(e.mutation);
      expect(isValidAt(c, k)).toBe(e.valid);
      expect(isCacheHitAt(c, k)).toBe(e.cacheHit);
      expect(isFittedAt(c, k)).toBe(e.fitted !== undefined);
      expect(c.score[k]).toBe(e.valid ? e.score : Infinity);
    });
    expect(run.tornBytes).toBe(0);
    expect(c.count).toBe(entries.length);
  });

  it('reads single entries back from their byte offsets', () => {
    const run = readRun(dir);
    const entries = readJournal(join(dir, 'journal.jsonl'));
    for (const k of [0, 1, 17, run.candidates.count - 1]) expect(readEntry(run, k)).toEqual(entries[k]);
    expect(() => readEntry(run, run.candidates.count)).toThrow(RangeError);
    expect(lineOfCandidate(run.candidates, 5)).toBe(5);
    expect(lineOfCandidate(run.candidates, run.candidates.count + 3)).toBe(-1);
  });

  it('takes the front from front.json and the counters from the checkpoint', () => {
    const run = readRun(dir);
    const front = JSON.parse(readFileSync(join(dir, 'front.json'), 'utf8')) as { entries: { hash: string; cost: number; score: number }[] };
    expect(run.frontSource).toBe('front.json');
    expect(run.front.entries.map((e) => [e.cost, e.score, e.hash])).toEqual(front.entries.map((e) => [e.cost, e.score, e.hash]));
    const state = loadCheckpoint(dir)?.state;
    expect(run.checkpoint?.candidates).toBe(state?.candidates);
    expect(run.checkpoint?.evaluations).toBe(state?.evaluations);
    expect(run.config.task.id).toBe('fn:exp2');
  });

  it('rebuilds the same front from the checkpoint or, without either, from the journal', () => {
    const original = readRun(dir).front.entries.map((e) => ({ cost: e.cost, score: e.score, hash: e.hash, candidate: e.candidate, program: e.program }));
    const noFront = copy('no-front');
    rmSync(join(noFront, 'front.json'));
    const fromCheckpoint = readRun(noFront);
    expect(fromCheckpoint.frontSource).toBe('checkpoint');
    expect(fromCheckpoint.front.entries.map((e) => ({ cost: e.cost, score: e.score, hash: e.hash, candidate: e.candidate, program: e.program }))).toEqual(original);
    rmSync(join(noFront, 'checkpoint.json'), { force: true });
    rmSync(join(noFront, 'checkpoint.json.br'), { force: true });
    const fromJournal = readRun(noFront);
    expect(fromJournal.frontSource).toBe('journal');
    expect(fromJournal.checkpoint).toBeUndefined();
    expect(fromJournal.front.entries.map((e) => ({ cost: e.cost, score: e.score, hash: e.hash, candidate: e.candidate, program: e.program }))).toEqual(original);
  });
});

describe('readRun on a run that was killed or is still going', () => {
  it('ignores a torn last line and counts its bytes', () => {
    const torn = copy('torn');
    const journal = lastSegment(torn);
    const before = readRun(torn).candidates.count;
    appendFileSync(journal, '{"batch":99,"candidate":99999,"program":"def f(x):\\n  y = x');
    const run = readRun(torn);
    expect(run.candidates.count).toBe(before);
    expect(run.tornBytes).toBe(Buffer.byteLength('{"batch":99,"candidate":99999,"program":"def f(x):\\n  y = x'));
    // A torn line that happens to end in a newline is also only the tail.
    appendFileSync(journal, '\n');
    expect(readRun(torn).candidates.count).toBe(before);
  });

  it('reads journal lines beyond the last checkpoint (a run between checkpoints)', () => {
    const ahead = copy('ahead');
    // As if the last checkpoint had been taken after the first batch.
    const checkpoint = readCheckpointJson<{ state: { candidates: number } }>(ahead);
    checkpoint.state.candidates = 32;
    writeCheckpointJson(ahead, checkpoint);
    const run = readRun(ahead);
    expect(run.candidates.count).toBeGreaterThan(32);
    expect(run.checkpoint?.candidates).toBe(32);
  });

  it('reads a run directory with only config.json (a run that died at once)', () => {
    const bare = join(scratch, 'bare');
    cpSync(dir, bare, { recursive: true, filter: (src) => !/journal|checkpoint|front/.test(src) });
    const run = readRun(bare);
    expect(run.candidates.count).toBe(0);
    expect(run.front.entries).toEqual([]);
    expect(run.lastWrite).toBeUndefined();
  });

  it('refuses a directory without config.json', () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    cpSync(join(dir, 'journal'), join(empty, 'journal'), { recursive: true });
    expect(() => readRun(empty)).toThrow(RunDirectoryError);
  });
});
