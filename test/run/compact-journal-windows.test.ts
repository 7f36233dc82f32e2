import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompactJournalWriter, WINDOW, WRITER_WINDOW, scanCompactJournal } from '../../src/run/compact-journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { retainedBytes } from '../support/heap.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Candidate c: evaluated when even (its own program), a cache hit on candidate c - 1 when odd. */
function entry(c: number, batch: number, batchSize: number, pad = ''): JournalEntry {
  const source = c % 2 === 0 ? c : c - 1;
  const hex = source.toString(16).padStart(16, '0');
  return {
    batch,
    batchSize,
    candidate: c,
    island: 0,
    program: `def f(x):\n  y = x * ${source}\n${pad}  return y\n`,
    hash: hex,
    fingerprint: hex,
    parent: null,
    mutation: 'seed',
    score: source,
    valid: true,
    measures: { maxAbsError: source, cost: 2 },
    evalMs: c % 2 === 0 ? 1 : 0,
    cacheHit: c % 2 === 1,
  };
}

describe('compact journal writer memory', () => {
  it('keeps at most WINDOW texts, sources and results (as digests: ~20 MiB whatever the texts) however long the run, and its hits still decode', () => {
    // The largest window a writer may have (readers keep this one); the default is smaller.
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-windows-'));
    dirs.push(dir);
    const journal = join(dir, 'journal');
    // Texts of fn-task size (~300 characters): the old windows held them whole (~40 MiB).
    const pad = '  y = y * x\n  y = y + 0.6931471805599453\n'.repeat(7);
    let c = 0;
    const { bytes, value: writer } = retainedBytes(() => {
      const writer = CompactJournalWriter.open(journal, { segmentBytes: 1 << 30, window: WINDOW });
      // Half the candidates are hits at odd numbers: an evaluated entry d had a hit at d + WINDOW + 1,
      // which is what let the results window leak before it was an Lru.
      const batchSize = 4096;
      const batches = Math.ceil((2 * WINDOW + 4 * batchSize) / batchSize);
      for (let b = 0; b < batches; b++) {
        const entries: JournalEntry[] = [];
        for (let i = 0; i < batchSize; i++) entries.push(entry(c++, b, batchSize, pad));
        writer.append(entries);
        const sizes = writer.windowSizes;
        expect(sizes.texts).toBeLessThanOrEqual(WINDOW);
        expect(sizes.sources).toBeLessThanOrEqual(WINDOW);
        expect(sizes.results).toBeLessThanOrEqual(WINDOW);
      }
      return writer;
    });
    // Measured: ~20 MiB (three windows of 65,536 digests); with the texts and results held whole, 44 MiB.
    expect(bytes).toBeLessThan(28 * 2 ** 20);
    writer.close();
    expect(writer.windowSizes.results).toBe(WINDOW);
    let read = 0;
    scanCompactJournal(journal, (e) => {
      expect(e.score).toBe(e.candidate - (e.candidate % 2));
      expect(e.cacheHit).toBe(e.candidate % 2 === 1);
      read++;
    });
    expect(read).toBe(c);
  }, 240_000);

  it('decodes a batch whose first entry reuses a text that the new texts of the batch then push to the edge of the window', () => {
    // Found by a 60-minute search: the writer checks a reused text against the window at the
    // moment of use, the reader after absorbing the whole batch's new texts.
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-windows-edge-'));
    dirs.push(dir);
    const journal = join(dir, 'journal');
    const writer = CompactJournalWriter.open(journal, { segmentBytes: 1 << 30, window: WINDOW });
    const batchSize = 1024;
    const program = (n: number): string => `def f(x):\n  y = x * ${n}\n  return y\n`;
    let c = 0;
    let texts = 0;
    const batches = Math.ceil((WINDOW + 3 * batchSize) / batchSize);
    for (let b = 0; b < batches; b++) {
      const entries: JournalEntry[] = [];
      for (let i = 0; i < batchSize; i++) {
        // Entry 0 of each batch re-sends the program stored WINDOW - 2 texts ago (still in the
        // writer's window); the others are new texts.
        const n = i === 0 && texts > WINDOW ? texts - (WINDOW - 2) : texts++;
        const hex = n.toString(16).padStart(16, '0');
        entries.push({ batch: b, batchSize, candidate: c++, island: 0, program: program(n), hash: hex, fingerprint: hex, parent: null, mutation: 'seed', score: n, valid: true, measures: { cost: 2 }, evalMs: 1, cacheHit: false });
      }
      writer.append(entries);
    }
    writer.close();
    let read = 0;
    scanCompactJournal(journal, (e) => {
      expect(e.program).toBe(program(e.score));
      read++;
    });
    expect(read).toBe(c);
  }, 120_000);

  it('a writer with a smaller window keeps at most that many entries, refers back no further, and reads back the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-windows-small-'));
    dirs.push(dir);
    const write = (journal: string, window?: number): { entries: JournalEntry[]; sizes: CompactJournalWriter['windowSizes'] } => {
      const writer = CompactJournalWriter.open(journal, window === undefined ? {} : { window });
      const entries: JournalEntry[] = [];
      // Programs repeat every 300 candidates: inside the default window, outside a window of 64.
      for (let b = 0; b < 20; b++) {
        const batch: JournalEntry[] = [];
        for (let i = 0; i < 64; i++) {
          const c = b * 64 + i;
          const n = c % 300;
          const hex = n.toString(16).padStart(16, '0');
          batch.push({ batch: b, batchSize: 64, candidate: c, island: 0, program: `def f(x):\n  y = x * ${n}\n  return y\n`, hash: hex, fingerprint: hex, parent: null, mutation: 'seed', score: n, valid: true, measures: { cost: 2 }, evalMs: 1, cacheHit: false });
        }
        writer.append(batch);
        entries.push(...batch);
      }
      writer.close();
      return { entries, sizes: writer.windowSizes };
    };
    const small = write(join(dir, 'small'), 64);
    const full = write(join(dir, 'full'));
    for (const size of Object.values(small.sizes)) expect(size).toBeLessThanOrEqual(64);
    expect(WRITER_WINDOW).toBeLessThanOrEqual(WINDOW);
    const read = (journal: string): JournalEntry[] => {
      const out: JournalEntry[] = [];
      scanCompactJournal(journal, (e) => out.push(e));
      return out;
    };
    expect(read(join(dir, 'small'))).toEqual(small.entries);
    expect(read(join(dir, 'full'))).toEqual(full.entries);
    // Texts older than the small window were written again.
    expect(scanCompactJournal(join(dir, 'small'), () => {}).bytes).toBeGreaterThan(scanCompactJournal(join(dir, 'full'), () => {}).bytes);
    expect(() => CompactJournalWriter.open(join(dir, 'bad'), { window: WINDOW + 1 })).toThrow(/window must be an integer from 1 to 65536/);
  });
});
