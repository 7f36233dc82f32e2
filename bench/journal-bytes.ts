/**
 * Bytes per candidate of run directories: as they are, and (for runs written in the first
 * format, journal.jsonl) with the same candidates written to the compact journal
 * (src/run/compact-journal.ts). Issue 15 asks for <= 100 bytes per candidate (run directory size
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

for (const dir of process.argv.slice(2)) {
  const total = directoryBytes(dir);
  const jsonl = join(dir, 'journal.jsonl');
  if (!existsSync(jsonl)) {
    const n = readJournal(dir).length;
    console.log(`${dir}: ${n} candidates, compact journal: directory ${perCandidate(total, n)}, journal ${perCandidate(directoryBytes(join(dir, 'journal')), n)}`);
    continue;
  }
  const entries = readJsonlJournal(jsonl);
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
  writer.append(batch);
  writer.close();
  const compact = directoryBytes(join(scratch, 'journal'));
  const n = entries.length;
  const old = statSync(jsonl).size;
  console.log(
    `${dir}: ${n} candidates (${entries.filter((e) => e.cacheHit).length} cache hits); journal.jsonl: directory ${perCandidate(total, n)}, journal ${perCandidate(old, n)}; ` +
      `compact: directory ${perCandidate(total - old + compact, n)}, journal ${perCandidate(compact, n)}`,
  );
  rmSync(scratch, { recursive: true, force: true });
}
