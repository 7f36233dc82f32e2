import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CompactJournalWriter, directoryBytes, scanCompactJournal } from '../../src/run/compact-journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { readJournal } from '../../src/run/journal.ts';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'symdisc-planes-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The committed optimizer run, written in the first record layout (deflated JSON only). */
const OPT_RUN = 'results/examples/opt-suite-s1-v2';

function batches(entries: readonly JournalEntry[]): JournalEntry[][] {
  const out: JournalEntry[][] = [];
  for (const e of entries) {
    if (out.length === 0 || out[out.length - 1][0].batch !== e.batch) out.push([]);
    out[out.length - 1].push(e);
  }
  return out;
}

const sameBits = (a: number, b: number): boolean => Object.is(a, b) && (Number.isNaN(a) || new Float64Array([a])[0] === new Float64Array([b])[0]);

describe('compact journal byte planes', () => {
  it('keeps every measure value exactly, -0, NaN, infinities and subnormals included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom(-0, 5e-324, -5e-324, Infinity, -Infinity, NaN, 30, 0.1)), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 }), (rows) => {
        const dir = tmp();
        const w = CompactJournalWriter.open(join(dir, 'journal'));
        const entries: JournalEntry[] = rows.map((values, i) => ({
          batch: 0,
          batchSize: rows.length,
          candidate: i,
          island: 0,
          program: `def f(x):\n  y = x * ${i}\n  return y\n`,
          hash: i.toString(16).padStart(16, '0'),
          fingerprint: i.toString(16).padStart(16, '0'),
          parent: null,
          mutation: 'seed',
          score: values[0],
          valid: true,
          measures: Object.fromEntries(values.map((v, j) => [`m${j}`, v])),
          evalMs: 1,
          cacheHit: false,
        }));
        w.append(entries);
        w.close();
        const back = readJournal(dir);
        expect(back.length).toBe(rows.length);
        back.forEach((e, i) => {
          rows[i].forEach((v, j) => expect(sameBits(e.measures[`m${j}`], v), `row ${i} m${j}: ${v} read as ${e.measures[`m${j}`]}`).toBe(true));
          expect(sameBits(e.score, rows[i][0])).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('still reads a journal written in the first layout, and a resumed one continues it in the new layout', () => {
    const dir = tmp();
    cpSync(OPT_RUN, dir, { recursive: true });
    const old = readJournal(dir);
    expect(old.length).toBe(1120);
    const w = CompactJournalWriter.open(join(dir, 'journal'));
    const more = batches(old).slice(0, 3).flat().map((e, i) => ({ ...e, batch: 40 + Math.floor(i / 32), candidate: old.length + i }));
    for (const b of batches(more)) w.append(b);
    w.close();
    const all: JournalEntry[] = [];
    scanCompactJournal(join(dir, 'journal'), (e) => all.push(e));
    expect(all.length).toBe(old.length + more.length);
    expect(JSON.stringify(all)).toBe(JSON.stringify([...old, ...more]));
  });

  it("writes the committed optimizer run's entries in at most 92% of the first layout's bytes", () => {
    // The long doubles (per-family scores, losses, the hurdle's score) were most of an optimizer
    // journal's bytes as deflated decimal text.
    const entries = readJournal(OPT_RUN);
    const dir = tmp();
    const w = CompactJournalWriter.open(join(dir, 'journal'), { segmentBytes: 1 << 30 });
    for (const b of batches(entries)) w.append(b);
    w.close();
    const before = statSync(join(OPT_RUN, 'journal', '00000000.seg')).size;
    const after = statSync(join(dir, 'journal', '00000000.seg')).size;
    expect(after).toBeLessThan(0.92 * before);
    expect(JSON.stringify(readJournal(dir))).toBe(JSON.stringify(entries));
    expect(directoryBytes(join(dir, 'journal'))).toBeGreaterThan(0);
  });
});
