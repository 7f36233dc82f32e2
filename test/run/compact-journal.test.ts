import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { structuralHash } from '../../src/dsl/hash.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { CompactJournalReader, CompactJournalWriter, scanCompactJournal } from '../../src/run/compact-journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { decodeEntry, encodeEntry } from '../../src/run/journal-entry.ts';
import { readJournal } from '../../src/run/journal.ts';
import { JournalWriter } from '../../src/run/jsonl-journal.ts';
import { lastSegment, tearLastRecord } from './support/journal-files.ts';

function parentOf(e: JournalEntry | undefined, u: number): string {
  if (e === undefined || u < 0.2) return Math.floor(u * 1e7).toString(16).padStart(16, '0');
  return e.fitted !== undefined && u < 0.6 ? structuralHash(parseProgram(e.fitted)) : e.hash;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'symdisc-compact-'));

/** A plausible run: children repeat texts (cache hits), some are fitted, some invalid. */
function makeRun(batches: number, size: number, seed = 1): JournalEntry[][] {
  let r = seed;
  const rand = (): number => ((r = (r * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: JournalEntry[][] = [];
  const evaluated: JournalEntry[] = [];
  let candidate = 0;
  for (let b = 0; b < batches; b++) {
    const batch: JournalEntry[] = [];
    for (let i = 0; i < size; i++) {
      const reuse = evaluated.length > 0 && rand() < 0.3 ? evaluated[Math.floor(rand() * evaluated.length)] : undefined;
      const k = Math.floor(rand() * 1e6);
      const program = reuse?.program ?? `def f(x):\n  y = x * ${rand()}\n  y = y + ${k}\n  return y\n`;
      const valid = rand() > 0.1;
      const score = valid ? rand() : Infinity;
      const e: JournalEntry = {
        batch: b,
        batchSize: size,
        candidate: candidate++,
        island: Math.floor(rand() * 2),
        program,
        ...(reuse ? (reuse.fitted !== undefined ? { fitted: reuse.fitted } : {}) : rand() < 0.7 ? { fitted: program.replace('y = x *', 'y = x /') } : {}),
        // Mostly the program's own structural hash (the writer then leaves it out), sometimes not.
        hash: reuse?.hash ?? (rand() < 0.9 ? structuralHash(parseProgram(program)) : k.toString(16).padStart(16, '0')),
        fingerprint: reuse?.fingerprint ?? (k * 7).toString(16).padStart(16, '0'),
        // A parent is an earlier program, evaluated or fitted (the writer names it by text id), or a hash it never saw.
        parent: b === 0 ? null : parentOf(evaluated[Math.floor(rand() * evaluated.length)], rand()),
        mutation: b === 0 ? 'seed' : 'insert',
        score: reuse?.score ?? score,
        valid: reuse?.valid ?? valid,
        measures: reuse?.measures ?? { maxAbsError: score, cost: Math.floor(rand() * 9), ...(rand() < 0.2 ? { extra: NaN } : {}) },
        ...(reuse?.error !== undefined ? { error: reuse.error } : !reuse && !valid ? { error: 'non-finite output' } : {}),
        evalMs: reuse ? 0 : 1.25,
        cacheHit: reuse !== undefined,
      };
      batch.push(decodeEntry(encodeEntry(e)));
      if (!reuse) evaluated.push(batch[batch.length - 1]);
    }
    out.push(batch);
  }
  return out;
}

const exact = (entries: readonly JournalEntry[]): string => JSON.stringify(entries, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));

describe('compact journal', () => {
  it('reads back exactly the entries the jsonl format reads back, in both sequential and random access', () => {
    const run = makeRun(40, 16);
    const dir = tmp();
    const w = CompactJournalWriter.open(join(dir, 'journal'), { segmentBytes: 2000 });
    for (const b of run) w.append(b);
    w.close();
    const jsonl = join(tmp(), 'journal.jsonl');
    const j = JournalWriter.open(jsonl, 0);
    for (const b of run) j.append(b);
    j.close();
    const expected = readJournal(jsonl);
    expect(exact(readJournal(dir))).toBe(exact(expected));
    expect(readdirSync(join(dir, 'journal')).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(3);
    const reader = new CompactJournalReader(join(dir, 'journal'));
    for (const k of [0, 1, 17, 300, expected.length - 1]) expect(exact([reader.entry(k)])).toBe(exact([expected[k]]));
    expect(() => reader.entry(expected.length)).toThrow(RangeError);
    expect(statSync(join(dir, 'journal')).isDirectory()).toBe(true);
  });

  it('round-trips any batch sequence, at any compression effort (property)', () => {
    const effort = fc.record({ deflateLevel: fc.integer({ min: 1, max: 9 }), planeQuality: fc.integer({ min: 0, max: 11 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 200, max: 5000 }), effort, (batches, size, seed, segmentBytes, compression) => {
        const run = makeRun(batches, size, seed);
        const dir = tmp();
        const w = CompactJournalWriter.open(join(dir, 'journal'), { segmentBytes, compression });
        for (const b of run) w.append(b);
        w.close();
        expect(exact(readJournal(dir))).toBe(exact(run.flat()));
      }),
      { numRuns: 25 },
    );
  });

  it('stores each text once and a cache hit as a reference: far fewer bytes than jsonl', () => {
    const run = makeRun(60, 32);
    const dir = tmp();
    const w = CompactJournalWriter.open(join(dir, 'journal'));
    for (const b of run) w.append(b);
    w.close();
    const jsonl = join(tmp(), 'journal.jsonl');
    const j = JournalWriter.open(jsonl, 0);
    for (const b of run) j.append(b);
    j.close();
    expect(w.size * 4).toBeLessThan(statSync(jsonl).size);
  });

  it("leaves out the hashes a reader can recompute (a program text's hash, a parent named by text id), and reads them back", () => {
    const run = makeRun(30, 16);
    // The same run with every hash changed, so that none is a parsed text's: each is stored.
    const alien = (h: string | null): string | null => (h === null ? null : `f${h.slice(1)}`);
    const foreign = run.map((b) => b.map((e) => ({ ...e, hash: alien(e.hash) as string, parent: alien(e.parent) })));
    const sizes = [run, foreign].map((batches) => {
      const dir = tmp();
      const w = CompactJournalWriter.open(join(dir, 'journal'));
      for (const b of batches) w.append(b);
      w.close();
      expect(exact(readJournal(dir))).toBe(exact(batches.flat()));
      return w.size;
    });
    // 16 hex digits do not compress: at least 6 bytes saved per text and per named parent.
    expect(sizes[0] + 6 * 30 * 16).toBeLessThan(sizes[1]);
  });

  it('ignores a torn last record, and a reopened writer cuts it and continues in a new segment', () => {
    const run = makeRun(10, 8);
    const dir = tmp();
    const journal = join(dir, 'journal');
    let w = CompactJournalWriter.open(journal);
    for (const b of run.slice(0, 6)) w.append(b);
    w.close();
    tearLastRecord(dir);
    expect(scanCompactJournal(journal, () => {}).tornBytes).toBeGreaterThan(0);
    expect(readJournal(dir)).toHaveLength(5 * 8);
    appendFileSync(lastSegment(dir), 'xyz');
    const seen: JournalEntry[] = [];
    w = CompactJournalWriter.open(journal, {}, (e) => seen.push(e));
    expect(seen).toHaveLength(5 * 8);
    for (const b of run.slice(5)) w.append(b);
    w.close();
    expect(scanCompactJournal(journal, () => {}).tornBytes).toBe(0);
    expect(exact(readJournal(dir))).toBe(exact(run.flat()));
    // A resumed writer references texts and results written before it (no duplicates needed).
    expect(new CompactJournalReader(journal).count).toBe(80);
  });
});
