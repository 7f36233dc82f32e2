import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/journal.ts';
import { JournalCorruptError, decodeEntry, encodeEntry } from '../../src/run/journal-entry.ts';
import { JournalWriter, scanJsonlJournal as scanJournal } from '../../src/run/jsonl-journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';

const entry = (candidate: number, score = candidate / 10): JournalEntry => ({
  batch: Math.floor(candidate / 2),
  batchSize: 2,
  candidate,
  island: 0,
  program: `def f(x):\n  y = x * ${candidate}\n  return y\n`,
  hash: `h${candidate}`,
  fingerprint: `f${candidate}`,
  parent: candidate === 0 ? null : `h${candidate - 1}`,
  mutation: candidate === 0 ? 'seed' : 'insert',
  score,
  valid: Number.isFinite(score),
  measures: { maxAbsError: score, cost: 1 },
  evalMs: 0.5,
  cacheHit: false,
});

const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'symdisc-journal-')), 'journal.jsonl');

describe('journal', () => {
  it('round-trips entries, Infinity scores included', () => {
    const e = entry(3, Infinity);
    const back = decodeEntry(encodeEntry(e));
    expect(back).toEqual(e);
    expect(back.score).toBe(Infinity);
    expect(back.measures.maxAbsError).toBe(Infinity);
  });

  it('appends batches and reads them back in order', () => {
    const path = tmp();
    const w = JournalWriter.open(path, 0);
    w.append([entry(0), entry(1)]);
    w.append([entry(2), entry(3)]);
    w.close();
    expect(readJournal(path).map((e) => e.candidate)).toEqual([0, 1, 2, 3]);
    expect(statSync(path).size).toBe(w.size);
  });

  it('ignores a torn last line, and cuts it off when opened for appending', () => {
    const path = tmp();
    const w = JournalWriter.open(path, 0);
    w.append([entry(0), entry(1)]);
    w.close();
    const clean = statSync(path).size;
    appendFileSync(path, encodeEntry(entry(2)).slice(0, 25)); // power cut mid-line
    const scan = scanJournal(path, () => {});
    expect(scan).toEqual({ lines: 2, validBytes: clean, tornBytes: 25 });
    expect(readJournal(path)).toHaveLength(2);
    const again = JournalWriter.open(path, scan.validBytes);
    again.append([entry(2)]);
    again.close();
    expect(readJournal(path).map((e) => e.candidate)).toEqual([0, 1, 2]);
  });

  it('treats a complete but unparsable last line as torn', () => {
    const path = tmp();
    writeFileSync(path, `${encodeEntry(entry(0))}\n{"batch": 0, "cand\n`);
    const scan = scanJournal(path, () => {});
    expect(scan.lines).toBe(1);
    expect(scan.tornBytes).toBeGreaterThan(0);
  });

  it('reports a malformed line in the middle as corruption', () => {
    const path = tmp();
    writeFileSync(path, `${encodeEntry(entry(0))}\ngarbage\n${encodeEntry(entry(1))}\n`);
    expect(() => readJournal(path)).toThrow(JournalCorruptError);
  });

  it('truncates back to a byte offset (an incomplete batch)', () => {
    const path = tmp();
    const w = JournalWriter.open(path, 0);
    w.append([entry(0), entry(1)]);
    const mark = w.size;
    w.append([entry(2), entry(3)]);
    w.truncate(mark);
    w.append([entry(2)]);
    w.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('reads journals larger than one read chunk', () => {
    const path = tmp();
    const w = JournalWriter.open(path, 0);
    const big = 'x'.repeat(5000);
    const many = Array.from({ length: 1200 }, (_, i) => ({ ...entry(i), error: big }));
    w.append(many);
    w.close();
    const offsets: number[] = [];
    const scan = scanJournal(path, (e, offset) => {
      expect(e.candidate).toBe(offsets.length);
      offsets.push(offset);
    });
    expect(scan.lines).toBe(1200);
    expect(scan.tornBytes).toBe(0);
    expect(offsets[1]).toBe(Buffer.byteLength(`${encodeEntry(many[0])}\n`));
  });
});
