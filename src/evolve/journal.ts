/**
 * journal.jsonl: one line per candidate, appended a batch at a time with one write and an fsync,
 * never rewritten except to cut off an incomplete tail. Reading tolerates a torn last line (a
 * crash or power cut in the middle of a write): it is reported and, when the journal is opened
 * for appending, truncated away. A malformed line anywhere else is corruption and an error.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { CandidateResult } from '../eval/evaluator.ts';
import type { Origin } from './individual.ts';
import { fromJsonNumber, fromJsonRecord, toJsonNumber, toJsonRecord } from './json-numbers.ts';
import type { JsonNumber } from './json-numbers.ts';

/** One journal line, as plain data. */
export interface JournalEntry {
  /** Batch number (0-based); batches are the unit of determinism and of resume. */
  readonly batch: number;
  /** Candidates in that batch (a batch with fewer lines in the journal was cut short by a crash). */
  readonly batchSize: number;
  /** Candidate number over the whole run (0-based). */
  readonly candidate: number;
  readonly island: number;
  /** Canonical text as sent to the evaluator. */
  readonly program: string;
  /** Text after the evaluator fitted constants, when it changed the program. */
  readonly fitted?: string;
  /** Structural hash and behavioural fingerprint of `program` (the cache key). */
  readonly hash: string;
  readonly fingerprint: string;
  /** Structural hash of the parent; null for a seed. */
  readonly parent: string | null;
  readonly mutation: Origin;
  readonly score: number;
  readonly valid: boolean;
  readonly measures: Readonly<Record<string, number>>;
  readonly error?: string;
  /** Milliseconds of evaluator time attributed to this candidate (0 for a cache hit). */
  readonly evalMs: number;
  readonly cacheHit: boolean;
}

interface JournalLine extends Omit<JournalEntry, 'score' | 'measures'> {
  readonly score: JsonNumber;
  readonly measures: Record<string, JsonNumber>;
}

export function encodeEntry(e: JournalEntry): string {
  const line: JournalLine = { ...e, score: toJsonNumber(e.score), measures: toJsonRecord(e.measures) };
  return JSON.stringify(line);
}

export function decodeEntry(text: string): JournalEntry {
  const line = JSON.parse(text) as JournalLine;
  if (typeof line !== 'object' || line === null || typeof line.batch !== 'number' || typeof line.program !== 'string') throw new Error('not a journal entry');
  return { ...line, score: fromJsonNumber(line.score), measures: fromJsonRecord(line.measures) };
}

/** The result a journal line records (for the cache and for replay). */
export function entryResult(e: JournalEntry): CandidateResult {
  return {
    score: e.score,
    valid: e.valid,
    measures: e.measures,
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.fitted !== undefined ? { program: e.fitted } : {}),
  };
}

export interface ScanResult {
  /** Lines read. */
  readonly lines: number;
  /** Bytes up to the end of the last complete line. */
  readonly validBytes: number;
  /** Bytes after it (a torn last line), 0 when the journal ends cleanly. */
  readonly tornBytes: number;
}

export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
}

const CHUNK = 1 << 22;

/**
 * Calls `visit` for each complete line with its byte offset, in order, reading in chunks (a
 * journal of a long run does not fit in memory as one string).
 */
export function scanJournal(path: string, visit: (entry: JournalEntry, offset: number) => void): ScanResult {
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

/** Every complete entry of a journal (for inspection and tests); the torn tail is ignored. */
export function readJournal(path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  scanJournal(path, (e) => entries.push(e));
  return entries;
}

/** An open journal: appends batches durably. */
export class JournalWriter {
  private readonly fd: number;

  private constructor(
    readonly path: string,
    fd: number,
    private bytes: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating if needed) for appending; cuts the file to `validBytes` first (dropping a torn tail). */
  static open(path: string, validBytes: number): JournalWriter {
    const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    const size = fstatSync(fd).size;
    if (size !== validBytes) {
      ftruncateSync(fd, validBytes);
      fsyncSync(fd);
    }
    return new JournalWriter(path, fd, validBytes);
  }

  /** Bytes in the journal. */
  get size(): number {
    return this.bytes;
  }

  /** Appends the entries of one batch with a single write, then flushes them to disk. */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const data = Buffer.from(entries.map((e) => `${encodeEntry(e)}\n`).join(''), 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written, this.bytes + written);
    this.bytes += data.length;
    fsyncSync(this.fd);
  }

  /** Cuts the journal back to `bytes` (an incomplete batch is evaluated again). */
  truncate(bytes: number): void {
    ftruncateSync(this.fd, bytes);
    fsyncSync(this.fd);
    this.bytes = bytes;
  }

  close(): void {
    closeSync(this.fd);
  }
}
