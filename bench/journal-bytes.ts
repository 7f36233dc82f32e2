/**
 * Bytes per candidate of run directories: as they are, and (for runs written in the first
 * format, journal.jsonl) with the same candidates written to the compact journal
 * (src/run/compact-journal.ts); for compact runs, also with their entries written again by the
 * current writer (a before/after of a change of the record layout). Issue 15 asks for <= 100 bytes per candidate (run directory size
 * / candidates, cache hits included).
 *
 *   npx tsx bench/journal-bytes.ts RUN_DIR...
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactJournalWriter, directoryBytes } from '../src/run/compact-journal.ts';
import type { JournalEntry } from '../src/run/journal-entry.ts';
import { readJournal } from '../src/run/journal.ts';
import { readJsonlJournal } from '../src/run/jsonl-journal.ts';

const perCandidate = (bytes: number, n: number): string => `${(bytes / Math.max(n, 1)).toFixed(1)} B/candidate`;

/** Bytes of the compact journal the current writer makes of `entries` (batch by batch). */
function rewrite(entries: readonly JournalEntry[]): number {
  const scratch = mkdtempSync(join(tmpdir(), 'symdisc-journal-bytes-'));
  const writer = CompactJournalWriter.open(join(scratch, 'journal'));
  let batch: JournalEntry[] = [];
  for (const e of entries) {
    if (batch.length > 0 && batch[0].batch !== e.batch) {
      writer.append(batch);
      batch = [];
    }
    batch.push(e);
  }
  if (batch.length > 0) writer.append(batch);
  writer.close();
  const bytes = directoryBytes(join(scratch, 'journal'));
  rmSync(scratch, { recursive: true, force: true });
  return bytes;
}

for (const dir of process.argv.slice(2)) {
  const total = directoryBytes(dir);
  const jsonl = join(dir, 'journal.jsonl');
  if (!existsSync(jsonl)) {
    const all = readJournal(dir);
    const n = all.length;
    const stored = directoryBytes(join(dir, 'journal'));
    const again = rewrite(all);
    console.log(
      `${dir}: ${n} candidates, compact journal: directory ${perCandidate(total, n)}, journal ${perCandidate(stored, n)}; ` +
        `written again by this version: directory ${perCandidate(total - stored + again, n)}, journal ${perCandidate(again, n)}`,
    );
    continue;
  }
  const entries = readJsonlJournal(jsonl);
  const compact = rewrite(entries);
  const n = entries.length;
  const old = statSync(jsonl).size;
  console.log(
    `${dir}: ${n} candidates (${entries.filter((e) => e.cacheHit).length} cache hits); journal.jsonl: directory ${perCandidate(total, n)}, journal ${perCandidate(old, n)}; ` +
      `compact: directory ${perCandidate(total - old + compact, n)}, journal ${perCandidate(compact, n)}`,
  );
}
