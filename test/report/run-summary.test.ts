import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../../src/evolve/archive.ts';
import { readJournal } from '../../src/run/journal.ts';
import { LOCK_FILE } from '../../src/run/status.ts';
import { readRun } from '../../src/report/run-reader.ts';
import { QUIET_SECONDS, frontRows, runSummary } from '../../src/report/run-summary.ts';
import { makeRun } from './support/make-run.ts';
import { readCheckpointJson, writeCheckpointJson } from '../support/checkpoint-file.ts';

let dir: string;
let scratch: string;

beforeAll(async () => {
  dir = (await makeRun('function')).dir;
  scratch = mkdtempSync(join(tmpdir(), 'symdisc-summary-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('runSummary', () => {
  it('counts from the journal and rates from the checkpoint', () => {
    const run = readRun(dir);
    const s = runSummary(run);
    const entries = readJournal(join(dir, 'journal.jsonl'));
    expect(s.task).toBe('fn:exp2');
    expect(s.seed).toBe('1');
    expect(s.backend).toBe('cpu');
    expect(s.candidates).toBe(entries.length);
    expect(s.cacheHits).toBe(entries.filter((e) => e.cacheHit).length);
    expect(s.evaluations).toBe(300);
    expect(s.budget).toBe(300);
    expect(s.hitRate).toBeCloseTo(s.cacheHits / s.candidates, 12);
    expect(s.evaluationsPerSecond).toBeCloseTo((run.checkpoint?.evaluations ?? 0) / ((run.checkpoint?.elapsedMs ?? 1) / 1000), 9);
    expect(s.best?.score).toBe(Math.min(...run.front.entries.map((e) => e.score)));
    expect(s.activity).toBe('stopped');
    expect(s.uncheckpointed).toBe(0);
  });

  it('tells a run still writing from a killed one by the journal lines after the checkpoint', () => {
    const ahead = join(scratch, 'ahead');
    cpSync(dir, ahead, { recursive: true });
    const checkpoint = readCheckpointJson<{ state: { candidates: number } }>(ahead);
    checkpoint.state.candidates = 64;
    writeCheckpointJson(ahead, checkpoint);
    const run = readRun(ahead);
    const written = run.lastWrite?.getTime() ?? 0;
    expect(runSummary(run, new Date(written + 1000)).activity).toBe('running');
    const later = runSummary(run, new Date(written + (QUIET_SECONDS + 1) * 1000));
    expect(later.activity).toBe('killed');
    expect(later.uncheckpointed).toBe(run.candidates.count - 64);
  });

  it('is running while its lock names a live process, even with the whole journal checkpointed', () => {
    const live = join(scratch, 'live');
    cpSync(dir, live, { recursive: true });
    writeFileSync(join(live, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    expect(runSummary(readRun(live)).activity).toBe('running');
    // A lock left by a process that is gone (a kill) does not count.
    writeFileSync(join(live, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    expect(runSummary(readRun(live)).activity).toBe('stopped');
  });
});

describe('frontRows (PySR score column)', () => {
  const entry = (cost: number, score: number): ArchiveEntry => ({ cost, score, measures: {}, hash: `${cost}`, program: '', candidate: cost });

  it('is −Δlog(error)/Δcost for function tasks and −Δscore/Δcost for optimizer tasks, 0 for the cheapest', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }), fc.array(fc.double({ min: 1e-12, max: 10, noNaN: true }), { minLength: 12, maxLength: 12 }), (costs, scores) => {
        const entries = costs.map((c, i) => entry(c, scores[i]));
        const fn = frontRows(entries, 'function');
        const opt = frontRows(entries, 'optimizer');
        const sorted = [...entries].sort((a, b) => a.cost - b.cost);
        expect(fn.map((r) => r.cost)).toEqual(sorted.map((e) => e.cost));
        expect(fn[0].pysrScore).toBe(0);
        expect(opt[0].pysrScore).toBe(0);
        for (let i = 1; i < sorted.length; i++) {
          const dc = sorted[i].cost - sorted[i - 1].cost;
          expect(fn[i].pysrScore).toBeCloseTo(-(Math.log(sorted[i].score) - Math.log(sorted[i - 1].score)) / dc, 9);
          expect(opt[i].pysrScore).toBeCloseTo(-(sorted[i].score - sorted[i - 1].score) / dc, 9);
        }
      }),
    );
  });

  it('gives a tenfold error drop over one op a score of ln 10', () => {
    const rows = frontRows([entry(3, 1e-3), entry(2, 1e-2)], 'function');
    expect(rows[1].pysrScore).toBeCloseTo(Math.log(10), 12);
  });
});
