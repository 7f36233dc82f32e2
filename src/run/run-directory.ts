/**
 * The one owner of a run directory: every file a run keeps is read and written here.
 *   config.json      written once at the start (run-config.ts)
 *   journal/         the compact journal (compact-journal.ts); journal.jsonl in runs written
 *                    before it (jsonl-journal.ts), which keep that format when resumed
 *   checkpoint.json  the search state at a batch boundary, and how the last session ended
 *   front.json/.csv  the Pareto front by cost (front-file.ts)
 *   baselines.json   baseline optimizers' scores (cli/optimizer-baselines.ts computes them)
 *   selected.json    what `symdisc select` chose
 *   running.pid      present while a session runs (status.ts)
 * Writes go through a Disk (disk.ts): a test injects a full disk there.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { CHECKPOINT_BR_FILE, CHECKPOINT_FILE, decodeCheckpoint, decodeCheckpointFile, encodeCheckpointFile } from './checkpoint.ts';
import type { Checkpoint, EndReason } from './checkpoint.ts';
import { CompactJournalWriter, JOURNAL_DIR, directoryBytes } from './compact-journal.ts';
import { nodeDisk } from './disk.ts';
import type { Disk } from './disk.ts';
import { FRONT_CSV, FRONT_FILE, decodeFront, encodeFront, frontCsv } from './front-file.ts';
import type { FrontFile } from './front-file.ts';
import { JSONL_FILE, entryReader, locateJournal, scanJournal } from './journal.ts';
import type { EntryReader, JournalLocation } from './journal.ts';
import type { JournalEntry } from './journal-entry.ts';
import { JournalWriter, scanJsonlJournal } from './jsonl-journal.ts';
import { parseNumbers, stringifyNumbers } from './json-numbers.ts';
import { CONFIG_FILE, RunDirectoryError } from './run-config.ts';
import type { RunConfig } from './run-config.ts';
import { LOCK_FILE, readLock, runStatus } from './status.ts';
import type { RunStatus } from './status.ts';
import type { SearchState } from '../evolve/engine.ts';

export const BASELINES_FILE = 'baselines.json';
export const SELECTED_FILE = 'selected.json';

export interface RunDirectoryOptions {
  readonly disk?: Disk;
  /** Journal segment size before rotation (default 8 MiB). */
  readonly segmentBytes?: number;
}

/** An open journal of either format: appends batches. */
export interface JournalSink {
  readonly size: number;
  append(entries: readonly JournalEntry[]): void;
  /** Cuts the journal back to an entry's position as the scan reported it (jsonl only). */
  cutAt(position: number): void;
  close(): void;
  /** Entries the writer remembers, by structure (for the memory trace, memory-trace.ts). */
  readonly memorySizes?: () => Readonly<Record<string, number>>;
}

export class RunDirectory {
  private constructor(
    readonly dir: string,
    private readonly disk: Disk,
    private readonly segmentBytes: number | undefined,
  ) {}

  /** Opens an existing run directory; RunDirectoryError when `dir` holds no config.json. */
  static open(dir: string, options: RunDirectoryOptions = {}): RunDirectory {
    if (!existsSync(join(dir, CONFIG_FILE))) throw new RunDirectoryError(`${dir} is not a run directory (no ${CONFIG_FILE})`);
    return new RunDirectory(dir, options.disk ?? nodeDisk, options.segmentBytes);
  }

  static isRun(dir: string): boolean {
    return existsSync(join(dir, CONFIG_FILE));
  }

  /**
   * Creates `out`, or `<resultsRoot>/<id>` (with a `-2`, `-3` suffix if taken), and writes its
   * config (with the run id it got).
   */
  static create(out: string | undefined, resultsRoot: string, config: RunConfig, options: RunDirectoryOptions = {}): RunDirectory {
    if (out !== undefined && RunDirectory.isRun(out)) throw new RunDirectoryError(`${out} already holds a run; continue it with: symdisc resume ${out}`);
    let dir = out;
    let id = config.runId;
    if (dir === undefined) {
      for (let k = 1; ; k++) {
        const name = k === 1 ? config.runId : `${config.runId}-${k}`;
        if (!existsSync(join(resultsRoot, name))) {
          dir = join(resultsRoot, name);
          id = name;
          break;
        }
      }
    }
    mkdirSync(dir, { recursive: true });
    const run = new RunDirectory(dir, options.disk ?? nodeDisk, options.segmentBytes);
    run.write(CONFIG_FILE, `${JSON.stringify({ ...config, runId: id }, null, 2)}\n`);
    return run;
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  private write(file: string, text: string): void {
    writeFileAtomic(this.path(file), text, this.disk);
  }

  private read(file: string): string | undefined {
    const p = this.path(file);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  }

  config(): RunConfig {
    const text = this.read(CONFIG_FILE);
    if (text === undefined) throw new RunDirectoryError(`${this.dir} is not a run directory (no ${CONFIG_FILE})`);
    return JSON.parse(text) as RunConfig;
  }

  checkpoint(): Checkpoint | undefined {
    // The compressed file when there is one (it is written first, so it is the newer of the two).
    const br = this.path(CHECKPOINT_BR_FILE);
    if (existsSync(br)) return decodeCheckpointFile(readFileSync(br), br);
    const text = this.read(CHECKPOINT_FILE);
    return text === undefined ? undefined : decodeCheckpoint(text, this.path(CHECKPOINT_FILE));
  }

  writeCheckpoint(state: SearchState, journalBytes: number, end?: EndReason): void {
    const checkpoint: Checkpoint = { version: 1, journalBytes, state, ...(end !== undefined ? { end: { reason: end, at: new Date().toISOString() } } : {}) };
    writeFileAtomic(this.path(CHECKPOINT_BR_FILE), encodeCheckpointFile(checkpoint), this.disk);
    // A run written before keeps its uncompressed checkpoint until now: the compressed one replaces it.
    rmSync(this.path(CHECKPOINT_FILE), { force: true });
  }

  hasFront(): boolean {
    return existsSync(this.path(FRONT_FILE));
  }

  /** front.json; undefined when missing or damaged. */
  front(): FrontFile | undefined {
    const text = this.read(FRONT_FILE);
    return text === undefined ? undefined : decodeFront(text);
  }

  writeFront(front: FrontFile): void {
    this.write(FRONT_FILE, encodeFront(front));
    this.write(FRONT_CSV, frontCsv(front));
  }

  /** A JSON file of the run (baselines.json, selected.json, ...) through the numbers codec. */
  readJson<T>(file: string): T | undefined {
    const text = this.read(file);
    if (text === undefined) return undefined;
    try {
      return parseNumbers<T>(text);
    } catch {
      return undefined;
    }
  }

  writeJson(file: string, value: unknown): void {
    this.write(file, `${stringifyNumbers(value, 2)}\n`);
  }

  /** A text file of the run (front-vs-minimax.txt). */
  writeText(file: string, text: string): void {
    this.write(file, text);
  }

  journal(): JournalLocation {
    return locateJournal(this.dir);
  }

  /** Reads single journal entries; for the jsonl format `offsets` come from a scan. */
  entries(offsets?: Float64Array): EntryReader {
    return entryReader(this.journal(), offsets);
  }

  /** Every complete journal entry in order (see journal.ts for `position`). */
  scanJournal(visit: (entry: JournalEntry, position: number) => void): { entries: number; tornBytes: number } {
    return scanJournal(this.dir, visit);
  }

  /**
   * Opens the journal for appending, calling `visit` for every complete entry first; a torn tail
   * is cut. A new run gets the compact journal; a run written in jsonl stays jsonl.
   */
  openJournal(visit: (entry: JournalEntry, position: number) => void = () => {}): JournalSink {
    const at = this.journal();
    if (at.format === 'jsonl' && existsSync(at.path)) {
      const scan = scanJsonlJournal(at.path, visit);
      const w = JournalWriter.open(at.path, scan.validBytes, this.disk);
      return { get size() { return w.size; }, append: (e) => w.append(e), cutAt: (p) => w.truncate(p), close: () => w.close() };
    }
    let k = 0;
    const w = CompactJournalWriter.open(join(this.dir, JOURNAL_DIR), { disk: this.disk, ...(this.segmentBytes !== undefined ? { segmentBytes: this.segmentBytes } : {}) }, (e) => visit(e, k++));
    return {
      get size() {
        return w.size;
      },
      append: (e) => w.append(e),
      cutAt() {
        // A compact record holds a whole batch or is torn (and already cut): never a part.
        throw new Error('compact journal: a batch is never partly written');
      },
      close: () => w.close(),
      memorySizes: () => w.windowSizes,
    };
  }

  /** Marks the run as running (running.pid); RunDirectoryError if another live process holds it. */
  lock(): void {
    const held = readLock(this.dir);
    if (held && held.alive && held.pid !== process.pid) throw new RunDirectoryError(`${this.dir} is being searched by process ${held.pid}; stop it first`);
    this.write(LOCK_FILE, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
  }

  unlock(): void {
    rmSync(this.path(LOCK_FILE), { force: true });
  }

  status(): RunStatus {
    return runStatus(this.dir, this.checkpoint()?.end?.reason);
  }

  /** Bytes of every file in the run directory. */
  bytes(): number {
    return directoryBytes(this.dir);
  }
}

export { JSONL_FILE };
