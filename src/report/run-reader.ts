/**
 * Reads a run directory for `inspect` and `report`, read-only and tolerant of a run that is still
 * going or was killed: the journal is read up to its last complete line (a torn tail is counted,
 * not an error), the front comes from front.json, else the checkpoint, else is rebuilt from the
 * journal, and the checkpoint's counters are optional.
 *
 * The journal of a long run holds millions of lines, so it is kept as columns (numbers in typed
 * arrays, hashes as strings, each line's byte offset); program text is read back line by line only
 * for the few candidates a view needs (`readEntry`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import { programCost } from '../eval/program-cost.ts';
import { archiveInsert } from '../evolve/archive.ts';
import type { ArchiveEntry } from '../evolve/archive.ts';
import type { Origin } from '../evolve/individual.ts';
import type { FrontFile } from '../run/front-file.ts';
import { entryReader, locateJournal, scanJournal } from '../run/journal.ts';
import type { JournalEntry } from '../run/journal-entry.ts';
import type { RunConfig } from '../run/run-config.ts';
import { RunDirectory } from '../run/run-directory.ts';
import type { EndReason } from '../run/checkpoint.ts';
import type { StopSettings } from '../evolve/settings.ts';

const VALID = 1;
const CACHE_HIT = 2;
const FITTED = 4;

/** One column per journal field the views need; index k is the k-th complete journal line. */
export interface CandidateColumns {
  readonly count: number;
  /** The `candidate` number of each line (equal to its index in a journal written by one run). */
  readonly candidate: Int32Array;
  readonly batch: Int32Array;
  readonly island: Int32Array;
  /** objectives[0]; Infinity for an invalid candidate. */
  readonly score: Float64Array;
  /** measures.cost, NaN when the result has none. */
  readonly cost: Float64Array;
  /** Bit flags: valid, cache hit, fitted (the evaluator changed the program's constants). */
  readonly flags: Uint8Array;
  /** Structural hash of the program as sent to the evaluator. */
  readonly hash: readonly string[];
  /** Structural hash of the parent as adopted (after fitting); null for a seed. */
  readonly parent: readonly (string | null)[];
  readonly mutation: readonly Origin[];
  /** jsonl journals: byte offset of each line, offset[count] the end of the last complete line; compact journals: the entry's index. */
  readonly offset: Float64Array;
}

/** The search state's counters as of the last checkpoint. */
export interface CheckpointCounters {
  readonly nextBatch: number;
  readonly candidates: number;
  readonly evaluations: number;
  readonly cacheHits: number;
  readonly elapsedMs: number;
  readonly restarts: number;
  readonly retries: Readonly<{ invalid: number; identical: number }>;
  readonly stop: StopSettings;
  readonly journalBytes: number;
  /** How the last session ended, when it ended cleanly. */
  readonly end?: EndReason;
}

export type FrontSource = 'front.json' | 'checkpoint' | 'journal';

export interface RunData {
  readonly dir: string;
  readonly config: RunConfig;
  /** journal.jsonl, or the compact journal's folder. */
  readonly journalPath: string;
  readonly candidates: CandidateColumns;
  /** Bytes after the last complete journal line (a torn write of a killed run, or one being written). */
  readonly tornBytes: number;
  readonly front: FrontFile;
  readonly frontSource: FrontSource;
  readonly checkpoint?: CheckpointCounters;
  /** When the journal was last written (mtime); undefined without a journal. */
  readonly lastWrite?: Date;
}

export const isValidAt = (c: CandidateColumns, k: number): boolean => (c.flags[k] & VALID) !== 0;
export const isCacheHitAt = (c: CandidateColumns, k: number): boolean => (c.flags[k] & CACHE_HIT) !== 0;
export const isFittedAt = (c: CandidateColumns, k: number): boolean => (c.flags[k] & FITTED) !== 0;

/** Growable columns filled while scanning. */
class ColumnBuilder {
  private n = 0;
  private candidate = new Int32Array(1024);
  private batch = new Int32Array(1024);
  private island = new Int32Array(1024);
  private score = new Float64Array(1024);
  private cost = new Float64Array(1024);
  private flags = new Uint8Array(1024);
  private offset = new Float64Array(1025);
  private readonly hash: string[] = [];
  private readonly parent: (string | null)[] = [];
  private readonly mutation: Origin[] = [];

  private grow(): void {
    const size = this.candidate.length * 2;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T, n = size): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.candidate = copy(this.candidate, (n) => new Int32Array(n));
    this.batch = copy(this.batch, (n) => new Int32Array(n));
    this.island = copy(this.island, (n) => new Int32Array(n));
    this.score = copy(this.score, (n) => new Float64Array(n));
    this.cost = copy(this.cost, (n) => new Float64Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.offset = copy(this.offset, (n) => new Float64Array(n), size + 1);
  }

  add(e: JournalEntry, offset: number): void {
    if (this.n === this.candidate.length) this.grow();
    const k = this.n++;
    this.candidate[k] = e.candidate;
    this.batch[k] = e.batch;
    this.island[k] = e.island;
    this.score[k] = e.valid ? e.score : Infinity;
    this.cost[k] = e.measures.cost ?? NaN;
    this.flags[k] = (e.valid ? VALID : 0) | (e.cacheHit ? CACHE_HIT : 0) | (e.fitted !== undefined ? FITTED : 0);
    this.offset[k] = offset;
    this.hash.push(e.hash);
    this.parent.push(e.parent);
    this.mutation.push(e.mutation);
  }

  finish(end: number): CandidateColumns {
    const n = this.n;
    const offset = this.offset.slice(0, n + 1);
    offset[n] = end;
    return {
      count: n,
      candidate: this.candidate.slice(0, n),
      batch: this.batch.slice(0, n),
      island: this.island.slice(0, n),
      score: this.score.slice(0, n),
      cost: this.cost.slice(0, n),
      flags: this.flags.slice(0, n),
      hash: this.hash,
      parent: this.parent,
      mutation: this.mutation,
      offset,
    };
  }
}

/** The journal as columns, up to its last complete line. */
export function readColumns(journalPath: string): { columns: CandidateColumns; tornBytes: number } {
  const builder = new ColumnBuilder();
  const scan = scanJournal(journalPath, (e, offset) => builder.add(e, offset));
  return { columns: builder.finish(scan.validBytes), tornBytes: scan.tornBytes };
}

/** The front rebuilt from the journal, as the engine builds it (cost from the result, else counted). */
function frontFromJournal(run: { config: RunConfig; journalPath: string; candidates: CandidateColumns }): ArchiveEntry[] {
  const c = run.candidates;
  const front: ArchiveEntry[] = [];
  for (let k = 0; k < c.count; k++) {
    if (!isValidAt(c, k) || !Number.isFinite(c.score[k])) continue;
    // Cheap rejection before reading the line: something no costlier and no worse is already there.
    if (!Number.isNaN(c.cost[k]) && front.some((e) => e.cost <= c.cost[k] && e.score <= c.score[k])) continue;
    const entry = readEntry(run, k);
    const text = entry.fitted ?? entry.program;
    const cost = entry.measures.cost ?? programCost(parseProgram(text)).cost;
    archiveInsert(front, { cost, score: c.score[k], measures: entry.measures, hash: entry.fitted !== undefined ? structuralHash(parseProgram(text)) : entry.hash, program: text, candidate: entry.candidate });
  }
  return front;
}

/** Reads the run in `dir`; throws RunDirectoryError when `dir` holds no config.json. */
export function readRun(dir: string): RunData {
  const run = RunDirectory.open(dir);
  const config = run.config();
  const journalPath = locateJournal(dir).path;
  const { columns, tornBytes } = readColumns(journalPath);
  const checkpoint = run.checkpoint();
  const counters: CheckpointCounters | undefined = checkpoint
    ? {
        nextBatch: checkpoint.state.nextBatch,
        candidates: checkpoint.state.candidates,
        evaluations: checkpoint.state.evaluations,
        cacheHits: checkpoint.state.cacheHits,
        elapsedMs: checkpoint.state.elapsedMs,
        restarts: checkpoint.state.restarts,
        retries: checkpoint.state.retries,
        stop: checkpoint.state.stop,
        journalBytes: checkpoint.journalBytes,
        ...(checkpoint.end ? { end: checkpoint.end.reason } : {}),
      }
    : undefined;
  const base = { task: config.task.id, label: config.label, measure: config.objectives[0] };
  let front = run.front();
  let frontSource: FrontSource = 'front.json';
  if (!front && checkpoint) {
    front = { ...base, entries: checkpoint.state.archive };
    frontSource = 'checkpoint';
  }
  if (!front) {
    front = { ...base, entries: frontFromJournal({ config, journalPath, candidates: columns }) };
    frontSource = 'journal';
  }
  const lastWrite = lastModified(journalPath);
  return {
    dir,
    config,
    journalPath,
    candidates: columns,
    tornBytes,
    front,
    frontSource,
    ...(counters ? { checkpoint: counters } : {}),
    ...(lastWrite ? { lastWrite } : {}),
  };
}

/** When a journal was last written: the file's mtime, or its newest segment's. */
function lastModified(journalPath: string): Date | undefined {
  if (!existsSync(journalPath)) return undefined;
  const st = statSync(journalPath);
  if (!st.isDirectory()) return st.mtime;
  const times = readdirSync(journalPath).map((f) => statSync(join(journalPath, f)).mtime.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : st.mtime;
}

/** The full journal entry of line `k` (read from disk, without reading the whole journal). */
export function readEntry(run: Pick<RunData, 'journalPath' | 'candidates'>, k: number): JournalEntry {
  const c = run.candidates;
  if (!(k >= 0 && k < c.count)) throw new RangeError(`journal line ${k} out of range (0..${c.count - 1})`);
  return entryReader(locateJournal(run.journalPath), c.offset).entry(k);
}

/** The line index of candidate number `n`, or -1. */
export function lineOfCandidate(c: CandidateColumns, n: number): number {
  if (n >= 0 && n < c.count && c.candidate[n] === n) return n;
  for (let k = 0; k < c.count; k++) if (c.candidate[k] === n) return k;
  return -1;
}
