/**
 * The journal of a run, whichever format it was written in: the compact journal (a `journal/`
 * folder, compact-journal.ts) or the first format (journal.jsonl, jsonl-journal.ts). Both read
 * back the same JournalEntry objects.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CompactJournalReader, JOURNAL_DIR, readBytes, scanCompactJournal } from './compact-journal.ts';
import { decodeEntry } from './journal-entry.ts';
import type { JournalEntry } from './journal-entry.ts';
import { scanJsonlJournal } from './jsonl-journal.ts';
import { Lru } from '../util/lru.ts';

export const JSONL_FILE = 'journal.jsonl';

export type JournalFormat = 'compact' | 'jsonl';

export interface JournalLocation {
  readonly format: JournalFormat;
  /** The `journal/` folder or the journal.jsonl file. */
  readonly path: string;
}

/**
 * Where the journal is, given a run directory, a `journal/` folder or a journal.jsonl path. A
 * journal.jsonl path whose file does not exist but whose directory holds a compact journal means
 * that one (callers written for the first format keep working).
 */
export function locateJournal(path: string): JournalLocation {
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (existsSync(join(path, JOURNAL_DIR))) return { format: 'compact', path: join(path, JOURNAL_DIR) };
    if (existsSync(join(path, JSONL_FILE))) return { format: 'jsonl', path: join(path, JSONL_FILE) };
    if (basename(path) === JOURNAL_DIR) return { format: 'compact', path };
    return { format: 'compact', path: join(path, JOURNAL_DIR) };
  }
  if (!existsSync(path) && basename(path) === JSONL_FILE && existsSync(join(dirname(path), JOURNAL_DIR))) return { format: 'compact', path: join(dirname(path), JOURNAL_DIR) };
  return { format: 'jsonl', path };
}

export interface JournalScan {
  readonly entries: number;
  /** Bytes after the last complete entry or record (a torn write), 0 when the journal ends cleanly. */
  readonly tornBytes: number;
  /** jsonl only: bytes up to the end of the last complete line. */
  readonly validBytes: number;
}

/**
 * Calls `visit` for each complete entry in order; for the jsonl format `offset` is the line's
 * byte offset (for random access), for the compact format the candidate's index.
 */
export function scanJournal(path: string, visit: (entry: JournalEntry, offset: number) => void): JournalScan {
  const at = locateJournal(path);
  if (at.format === 'jsonl') {
    const s = scanJsonlJournal(at.path, visit);
    return { entries: s.lines, tornBytes: s.tornBytes, validBytes: s.validBytes };
  }
  let k = 0;
  const s = scanCompactJournal(at.path, (e) => visit(e, k++));
  return { entries: s.entries, tornBytes: s.tornBytes, validBytes: s.bytes - s.tornBytes };
}

/** Every complete entry of a journal (a run directory, journal/ or journal.jsonl); the torn tail is ignored. */
export function readJournal(path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  scanJournal(path, (e) => entries.push(e));
  return entries;
}

/** Reads single entries without reading the whole history. */
export interface EntryReader {
  /** Entry `k` of the scan: for jsonl `offsets` (line offsets, one more than entries) say where it is. */
  entry(k: number): JournalEntry;
}

/** Readers of the last few journals read (a reader keeps its index and a few decoded segments). */
const compactReaders = new Lru<string, { reader: CompactJournalReader; count: number }>(8);

export function entryReader(location: JournalLocation, offsets?: Float64Array): EntryReader {
  if (location.format === 'compact') {
    return {
      entry(k) {
        let cached = compactReaders.get(location.path);
        if (!cached || k >= cached.count) {
          const reader = new CompactJournalReader(location.path);
          cached = { reader, count: reader.count };
          compactReaders.set(location.path, cached);
        }
        return cached.reader.entry(k);
      },
    };
  }
  return {
    entry(k) {
      if (!offsets || !(k >= 0 && k < offsets.length - 1)) throw new RangeError(`journal line ${k} out of range (0..${(offsets?.length ?? 1) - 2})`);
      const start = offsets[k];
      const text = readBytes(location.path, start, offsets[k + 1] - start).toString('utf8');
      return decodeEntry(text.replace(/\n$/, ''));
    },
  };
}
