import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structuralHash } from '../../src/dsl/hash.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { JournalWriter } from '../../src/run/jsonl-journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { AmbiguousHashError, lineageOfCandidate, lineageOfHash } from '../../src/report/lineage.ts';
import { readColumns, readEntry, readRun } from '../../src/report/run-reader.ts';
import { makeRun } from './support/make-run.ts';

let dir: string;
let scratch: string;

beforeAll(async () => {
  dir = (await makeRun('function')).dir;
  scratch = mkdtempSync(join(tmpdir(), 'symdisc-lineage-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lineage on a real run', () => {
  it('walks every front entry back to a seed through recorded parents', () => {
    const run = readRun(dir);
    expect(run.front.entries.length).toBeGreaterThan(1);
    for (const e of run.front.entries) {
      const lineage = lineageOfCandidate(run, e.candidate);
      expect(lineage).toBeDefined();
      const steps = lineage?.steps ?? [];
      expect(steps.at(-1)?.candidate).toBe(e.candidate);
      expect(steps.at(-1)?.program).toBe(e.program);
      expect(steps.at(-1)?.hash).toBe(e.hash);
      expect(lineage?.origin).toBe('seed');
      expect(steps[0].mutation).toBe('seed');
      expect(steps[0].change).toBeUndefined();
      for (let i = 1; i < steps.length; i++) {
        const entry = readEntry(run, steps[i].line);
        expect(entry.parent).toBe(steps[i - 1].hash);
        expect(steps[i - 1].line).toBeLessThan(steps[i].line);
        expect(steps[i].change).toBeCloseTo(steps[i].score - steps[i - 1].score, 12);
      }
    }
  });

  it('finds a lineage by hash or unique hash prefix, and refuses an ambiguous prefix', () => {
    const run = readRun(dir);
    const best = [...run.front.entries].sort((a, b) => a.score - b.score)[0];
    expect(lineageOfHash(run, best.hash)?.steps.at(-1)?.candidate).toBe(best.candidate);
    expect(lineageOfHash(run, best.hash.slice(0, 10).toUpperCase())?.steps.at(-1)?.hash).toBe(best.hash);
    expect(lineageOfHash(run, 'zzzz')).toBeUndefined();
    expect(() => lineageOfHash(run, '')).toThrow(AmbiguousHashError);
  });
});

describe('lineage through fitted programs', () => {
  // The evaluator may refit a program's constants; children then record the fitted program's hash.
  const text = (c: number): string => `def f(x):\n  y = x * ${c}\n  y = y + 1\n  return y\n`;
  const hash = (t: string): string => structuralHash(parseProgram(t));

  function entry(candidate: number, program: string, parent: string | null, score: number, fitted?: string): JournalEntry {
    return {
      batch: candidate,
      batchSize: 1,
      candidate,
      island: 0,
      program,
      ...(fitted !== undefined ? { fitted } : {}),
      hash: hash(program),
      fingerprint: '0',
      parent,
      mutation: parent === null ? 'seed' : 'constant',
      score,
      valid: true,
      measures: { maxAbsError: score, cost: 2 },
      evalMs: 1,
      cacheHit: false,
    };
  }

  it("follows the parent's fitted hash, not the hash of the text it was sent as", () => {
    const path = join(scratch, 'journal.jsonl');
    const writer = JournalWriter.open(path, 0);
    // 0: seed 0.5, fitted to 0.69; 1: unrelated program sharing the seed's unfitted hash;
    // 2: child of the fitted seed, fitted again; 3: child of 2's fitted program.
    writer.append([
      entry(0, text(0.5), null, 0.3, text(0.69)),
      entry(1, text(0.5), null, 0.3),
      entry(2, text(0.7), hash(text(0.69)), 0.1, text(0.693)),
      entry(3, text(0.6931), hash(text(0.693)), 0.01),
    ]);
    writer.close();
    const run = { journalPath: path, candidates: readColumns(path).columns };
    const lineage = lineageOfCandidate(run, 3);
    expect(lineage?.origin).toBe('seed');
    expect(lineage?.steps.map((s) => s.candidate)).toEqual([0, 2, 3]);
    expect(lineage?.steps.map((s) => s.program)).toEqual([text(0.69), text(0.693), text(0.6931)]);
    expect(lineage?.steps.map((s) => s.change)).toEqual([undefined, 0.1 - 0.3, 0.01 - 0.1]);
  });

  it('stops at a parent that is not in the journal', () => {
    const path = join(scratch, 'orphan.jsonl');
    const writer = JournalWriter.open(path, 0);
    writer.append([entry(0, text(0.5), null, 0.3), entry(1, text(0.6), 'feedfacefeedface', 0.2)]);
    writer.close();
    const lineage = lineageOfCandidate({ journalPath: path, candidates: readColumns(path).columns }, 1);
    expect(lineage?.origin).toBe('missing-parent');
    expect(lineage?.steps.map((s) => s.candidate)).toEqual([1]);
  });
});
