/**
 * The first journal format, journal.jsonl: one JSON line per candidate, appended a batch at a time
 * with one write and an fsync. Runs written before the compact journal (compact-journal.ts) still
 * open and resume in it. Reading tolerates a torn last line (a crash in the middle of a write): it
 * is reported and, when the journal is opened for appending, truncated away. A malformed line
 * anywhere else is corruption and an error.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { nodeDisk } from './disk.ts';
import type { Disk } from './disk.ts';
import { JournalCorruptError, decodeEntry, encodeEntry } from './journal-entry.ts';
import type { JournalEntry } from './journal-entry.ts';

export interface ScanResult {
  /** Lines read. */
  readonly lines: number;
  /** Bytes up to the end of the last complete line. */
  readonly validBytes: number;
  /** Bytes after it (a torn last line), 0 when the journal ends cleanly. */
  readonly tornBytes: number;
}

const CHUNK = 1 << 22;

/**
 * Calls `visit` for each complete line with its byte offset, in order, reading in chunks (a
 * journal of a long run does not fit in memory as one string).
 */
export function scanJsonlJournal(path: string, visit: (entry: JournalEntry, offset: number) => void): ScanResult {
  if (!existsSync(path)) return { lines: 0, validBytes: 0, tornBytes: 0 };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let position = 0;
    let pending = Buffer.alloc(0);
    let pendingOffset = 0;
    let lines = 0;
    // A line that failed to parse is held back: it is only torn if it turns out to be the last.
    let badLine: { offset: number; text: string } | undefined;
    const chunk = Buffer.alloc(CHUNK);
    while (position < size) {
      const n = readSync(fd, chunk, 0, Math.min(CHUNK, size - position), position);
      if (n <= 0) break;
      position += n;
      const data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        const text = data.toString('utf8', start, nl);
        const offset = pendingOffset + start;
        if (badLine) throw new JournalCorruptError(`${path}: malformed line at byte ${badLine.offset}: ${badLine.text.slice(0, 80)}`);
        let entry: JournalEntry | undefined;
        try {
          entry = decodeEntry(text);
        } catch {
          badLine = { offset, text };
        }
        if (entry) {
          visit(entry, offset);
          lines++;
        }
        start = nl + 1;
      }
      pendingOffset += start;
      pending = data.subarray(start);
    }
    // A complete line that does not parse can only be the last one written (a torn write that
    // happened to include a newline byte); anything after it would have thrown above.
    const validBytes = badLine ? badLine.offset : pendingOffset;
    return { lines, validBytes, tornBytes: size - validBytes };
  } finally {
    closeSync(fd);
  }
}

/** Every complete entry of a jsonl journal; the torn tail is ignored. */
export function readJsonlJournal(path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  scanJsonlJournal(path, (e) => entries.push(e));
  return entries;
}

/** An open jsonl journal: appends batches durably. */
export class JournalWriter {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    private bytes: number,
    private readonly disk: Disk,
  ) {}

  /** Opens (creating if needed) for appending; cuts the file to `validBytes` first (dropping a torn tail). */
  static open(path: string, validBytes: number, disk: Disk = nodeDisk): JournalWriter {
    const fd = disk.open(path, existsSync(path) ? 'r+' : 'w+');
    const size = fstatSync(fd).size;
    if (size !== validBytes) {
      disk.truncate(fd, validBytes);
      disk.fsync(fd);
    }
    return new JournalWriter(path, fd, validBytes, disk);
  }

  /** Bytes in the journal. */
  get size(): number {
    return this.bytes;
  }

  /** Appends the entries of one batch with a single write, then flushes them to disk. */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const data = Buffer.from(entries.map((e) => `${encodeEntry(e)}\n`).join(''), 'utf8');
    this.disk.write(this.fd, data, this.bytes);
    this.bytes += data.length;
    this.disk.fsync(this.fd);
  }

  /** Cuts the journal back to `bytes` (an incomplete batch is evaluated again). */
  truncate(bytes: number): void {
    this.disk.truncate(this.fd, bytes);
    this.disk.fsync(this.fd);
    this.bytes = bytes;
  }

  close(): void {
    this.disk.close(this.fd);
  }
}
