/**
 * Bytes per candidate of run directories: as they are, and (for runs written in the first
 * format, journal.jsonl) with the same candidates written to the compact journal
 * (src/run/compact-journal.ts); for compact runs, also with their entries written again by the
 * current writer (a before/after of a change of the record layout). Issue 15 asks for <= 100 bytes per candidate (run directory size
 * / candidates, cache hits included).
 *
 * With --compression, each compact run is written again at several compression efforts, side by
 * side in one process (best of 3 timings): journal bytes per candidate against the writer's
 * milliseconds per candidate, the main-thread cost that a search pays per append
 * (results/bench/journal-compression.json).
 *
 *   npx tsx bench/journal-bytes.ts [--compression] RUN_DIR...
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactJournalWriter, DEFAULT_COMPRESSION, directoryBytes } from '../src/run/compact-journal.ts';
import type { JournalCompression } from '../src/run/compact-journal.ts';
import type { JournalEntry } from '../src/run/journal-entry.ts';
import { readJournal } from '../src/run/journal.ts';
import { readJsonlJournal } from '../src/run/jsonl-journal.ts';

const perCandidate = (bytes: number, n: number): string => `${(bytes / Math.max(n, 1)).toFixed(1)} B/candidate`;

/** `entries` cut into their batches, in order. */
function batches(entries: readonly JournalEntry[]): JournalEntry[][] {
  const out: JournalEntry[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0].batch === e.batch) last.push(e);
    else out.push([e]);
  }
  return out;
}

/** Bytes of the compact journal the current writer makes of `entries` (batch by batch), and the milliseconds its appends took. */
function rewrite(entries: readonly JournalEntry[], compression: JournalCompression = DEFAULT_COMPRESSION): { bytes: number; ms: number } {
  const scratch = mkdtempSync(join(tmpdir(), 'symdisc-journal-bytes-'));
  const writer = CompactJournalWriter.open(join(scratch, 'journal'), { compression });
  const start = performance.now();
  for (const batch of batches(entries)) writer.append(batch);
  const ms = performance.now() - start;
  writer.close();
  const bytes = directoryBytes(join(scratch, 'journal'));
  rmSync(scratch, { recursive: true, force: true });
  return { bytes, ms };
}

const SETTINGS: readonly JournalCompression[] = [
  DEFAULT_COMPRESSION,
  { deflateLevel: 9, planeQuality: 9 },
  { deflateLevel: 6, planeQuality: 9 },
  { deflateLevel: 6, planeQuality: 5 },
  { deflateLevel: 4, planeQuality: 5 },
  { deflateLevel: 1, planeQuality: 1 },
];

function compareCompression(dirs: readonly string[]): void {
  const runs = dirs.map((dir) => {
    const entries = readJournal(dir);
    const settings = SETTINGS.map((compression) => {
      const tries = [0, 1, 2].map(() => rewrite(entries, compression));
      const ms = Math.min(...tries.map((t) => t.ms));
      const bytes = tries[0].bytes;
      console.log(
        `${dir}: deflate ${compression.deflateLevel}, brotli ${compression.planeQuality}: ${perCandidate(bytes, entries.length)}, ${((1000 * ms) / entries.length).toFixed(1)} µs/candidate`,
      );
      return { ...compression, bytesPerCandidate: bytes / entries.length, microsecondsPerCandidate: (1000 * ms) / entries.length };
    });
    return { dir, candidates: entries.length, settings };
  });
  mkdirSync('results/bench', { recursive: true });
  writeFileSync('results/bench/journal-compression.json', `${JSON.stringify({ date: new Date().toISOString(), runs }, null, 2)}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--compression') {
  compareCompression(args.slice(1));
  process.exit(0);
}

for (const dir of args) {
  const total = directoryBytes(dir);
  const jsonl = join(dir, 'journal.jsonl');
  if (!existsSync(jsonl)) {
    const all = readJournal(dir);
    const n = all.length;
    const stored = directoryBytes(join(dir, 'journal'));
    const again = rewrite(all).bytes;
    console.log(
      `${dir}: ${n} candidates, compact journal: directory ${perCandidate(total, n)}, journal ${perCandidate(stored, n)}; ` +
        `written again by this version: directory ${perCandidate(total - stored + again, n)}, journal ${perCandidate(again, n)}`,
    );
    continue;
  }
  const entries = readJsonlJournal(jsonl);
  const compact = rewrite(entries).bytes;
  const n = entries.length;
  const old = statSync(jsonl).size;
  console.log(
    `${dir}: ${n} candidates (${entries.filter((e) => e.cacheHit).length} cache hits); journal.jsonl: directory ${perCandidate(total, n)}, journal ${perCandidate(old, n)}; ` +
      `compact: directory ${perCandidate(total - old + compact, n)}, journal ${perCandidate(compact, n)}`,
  );
}
