/**
 * The compact journal: a folder `journal/` of segment files `NNNNNNNN.seg`, each a sequence of
 * records, one per batch: [u32 length][u32 crc32][deflate-raw payload]. The payload (JSON) holds
 * each program text once (a text table with ids; a candidate names its text by id), a cache hit
 * as a reference to the candidate whose result it reused, and each batch is compressed with the
 * last 32 KiB of the segment's earlier payloads as the deflate dictionary (a child's text is
 * mostly its parent's, written a batch or two before). node:zlib is used: a built-in, so no
 * dependency, and deflate with a dictionary gets most of what a stream compressor would while
 * every record stays independently checkable.
 *
 * Since the second record layout (a record whose length word has its top bit set), the long
 * doubles of the measures (those whose JSON text is over 8 characters: scores, errors, losses,
 * the bulk of an optimizer run's journal), and -0 (which JSON writes as 0), are not in the JSON: there they are `true`, and their
 * 8 bytes follow the deflated JSON, column by column (every row's j-th measure together) and split
 * into byte planes (all the values' byte 0, then byte 1, ...), brotli-compressed: sign, exponent
 * and leading mantissa bytes of a column are alike and compress to little, where decimal digits
 * did not. Body: [u32 deflated JSON length][deflate-raw JSON][brotli planes]. The first layout
 * (top bit clear, the body is the deflated JSON) is still read.
 *
 * Since the third layout, hashes that the reader can recompute are left out (readers of older
 * records still find them there): a program text is [fingerprint, text] when its structural hash
 * is that of the parsed text (the writer checks), and a parent is the id of a text with its hash
 * (a number) when one is in the window, else the hash itself. 16 hex digits are 8 bytes that do not
 * compress; a text id is two or three.
 *
 * A torn record at the end of the last segment (a kill during a write) is ignored by readers and
 * cut by the writer. A segment is closed (rotated) past `segmentBytes` and on every resume, and
 * `index.json` records each closed segment's first candidate and text id, so that reading one
 * entry (`inspect --lineage`) decodes only the segments that hold it and its texts.
 *
 * Memory stays bounded: the writer remembers the last WRITER_WINDOW texts and cache keys (older
 * ones are written again), and readers keep windows of WINDOW, the most any writer refers back.
 * The writer keeps digests, not texts and results (`digest`): a window entry is ~100 bytes whatever
 * the program's size, so the windows' memory is small when they fill (after WRITER_WINDOW texts:
 * minutes into a search).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { writeFileAtomic } from './atomic-write.ts';
import { nodeDisk } from './disk.ts';
import type { Disk } from './disk.ts';
import { JournalCorruptError } from './journal-entry.ts';
import type { JournalEntry } from './journal-entry.ts';
import { fromJsonNumber, toJsonNumber } from './json-numbers.ts';
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import { Lru } from '../util/lru.ts';
import type { JsonNumber } from './json-numbers.ts';

export const JOURNAL_DIR = 'journal';
export const INDEX_FILE = 'index.json';
const HEADER = 8;
/** Top bit of a record's length word: the record has byte planes (the second layout). */
const PLANES_FLAG = 0x80000000;
/** A measure value longer than this in JSON goes to the byte planes. */
const SHORT_JSON = 8;
const DICTIONARY = 32 * 1024;
/**
 * Texts and cache keys a sequential reader remembers: the most a writer may refer back, whatever
 * window it was written with (older journals were written with this one).
 */
export const WINDOW = 1 << 16;
/**
 * Texts and cache keys the writer remembers by default (at most WINDOW). A smaller window fills
 * sooner (memory flat after the first minutes, not the first half hour) and writes a text again
 * more often: re-encoding the 60-minute fn:exp2 journal (results/examples/fn-exp2-f64-open-60m-s1,
 * 245,682 candidates) took 63.5 bytes per candidate with 65,536, 72.5 with 16,384.
 */
export const WRITER_WINDOW = 1 << 14;
/** Segment size before rotation; SYMDISC_SEGMENT_BYTES overrides it (the kill test rotates often). */
export const DEFAULT_SEGMENT_BYTES = Number(process.env.SYMDISC_SEGMENT_BYTES) > 0 ? Number(process.env.SYMDISC_SEGMENT_BYTES) : 8 << 20;

/** [hash, fingerprint, text] for a program sent to the evaluator; ['', '', text] for a fitted one. */
type TextRow = [string, string, string];
/** On disk a fitted text (no hash or fingerprint) is the bare string, a text whose hash is its parsed text's is [fingerprint, text]. */
type StoredText = TextRow | [string, string] | string;

/** The structural hash of a program text; undefined for text that does not parse. */
function hashOfText(text: string): string | undefined {
  try {
    return structuralHash(parseProgram(text));
  } catch {
    return undefined;
  }
}

function textRow(t: StoredText): TextRow {
  if (typeof t === 'string') return ['', '', t];
  if (t.length === 2) return [hashOfText(t[1]) ?? '', t[0], t[1]];
  return t;
}

/** The structural hash of a text row's program (a fitted row has none stored: computed). */
const rowHash = (row: TextRow): string => (row[0] !== '' ? row[0] : (hashOfText(row[2]) ?? ''));
/**
 * Evaluated: [island, text, parent, mutation, fitted (-1: none), score ('@i': measure i), valid, keys, values, error, evalMs, hit]
 * (trailing nulls dropped; evalMs null: the batch's). Cache hit: [island, text, parent, mutation, -1 - (candidate - source)].
 */
type Row = (number | string | null | JsonNumber[])[];

/** A parent on disk: null (a seed), a text id (its hash is that text's), or the hash. */
const decodeParent = (stored: unknown, lookup: Lookup): string | null => (typeof stored === 'number' ? lookup.hashOf(stored) : (stored as string | null));

interface Payload {
  /** batch, batchSize, first candidate, first text id, first key-list id, the batch's evalMs */
  readonly b: number;
  readonly n: number;
  readonly c: number;
  readonly t0: number;
  readonly k0: number;
  readonly ms: number;
  readonly t: StoredText[];
  readonly k: string[][];
  readonly e: Row[];
}

export interface SegmentInfo {
  readonly file: string;
  readonly firstBatch: number;
  readonly firstCandidate: number;
  readonly candidates: number;
  readonly firstText: number;
  readonly texts: number;
  readonly firstKeys: number;
  readonly keys: number;
  readonly bytes: number;
}

interface IndexFile {
  readonly version: 1;
  readonly segments: SegmentInfo[];
}

/**
 * A 160-bit digest standing for a text or a result in the writer's windows (a collision among
 * WINDOW live entries is out of reach: ~2^-128); base64, so a short one-byte string.
 */
const digest = (text: string): string => createHash('sha1').update(text).digest('base64');

/** The exact content sameResult compares (Object.is on numbers: -0, NaN and every bit kept). */
function resultDigest(e: Pick<JournalEntry, 'fitted' | 'score' | 'valid' | 'error' | 'measures'>): string {
  const names = Object.keys(e.measures);
  const numbers = new Float64Array(1 + names.length);
  numbers[0] = e.score;
  names.forEach((n, j) => (numbers[1 + j] = e.measures[n]));
  const h = createHash('sha1');
  h.update(JSON.stringify([e.fitted ?? null, e.valid, e.error ?? null, names]));
  h.update(new Uint8Array(numbers.buffer));
  return h.digest('base64');
}

const segmentName = (k: number): string => `${String(k).padStart(8, '0')}.seg`;

export function isCompactJournal(dir: string): boolean {
  return existsSync(join(dir, JOURNAL_DIR));
}

function segmentFiles(journalDir: string): string[] {
  if (!existsSync(journalDir)) return [];
  return readdirSync(journalDir).filter((f) => /^\d{8}\.seg$/.test(f)).sort();
}

/** Rolling dictionary: the last 32 KiB of a segment's payloads. */
function nextDictionary(dictionary: Buffer, payload: Buffer): Buffer {
  const joined = dictionary.length === 0 ? payload : Buffer.concat([dictionary, payload]);
  return joined.length > DICTIONARY ? joined.subarray(joined.length - DICTIONARY) : joined;
}

interface SegmentRecord {
  readonly payload: Payload;
  /** Byte offset of the record's end. */
  readonly end: number;
}

/** The complete records of one segment file; `validBytes` ends the last one (a torn tail follows). */
function readSegment(path: string): { records: SegmentRecord[]; validBytes: number; size: number } {
  const data = readFileSync(path);
  const records: SegmentRecord[] = [];
  let dictionary: Buffer = Buffer.alloc(0);
  let at = 0;
  while (at + HEADER <= data.length) {
    const word = data.readUInt32LE(at);
    const length = word & 0x7fffffff;
    const sum = data.readUInt32LE(at + 4);
    if (at + HEADER + length > data.length) break;
    const body = data.subarray(at + HEADER, at + HEADER + length);
    if (crc32(body) !== sum) break;
    const { payload, json } = (word & PLANES_FLAG) !== 0 ? decodePlanesBody(body, dictionary) : decodeJsonBody(body, dictionary);
    records.push({ payload, end: at + HEADER + length });
    dictionary = nextDictionary(dictionary, json);
    at += HEADER + length;
  }
  return { records, validBytes: at, size: data.length };
}

function decodeJsonBody(body: Buffer, dictionary: Buffer): { payload: Payload; json: Buffer } {
  const json = inflateRawSync(body, dictionary.length > 0 ? { dictionary } : {});
  return { payload: JSON.parse(json.toString('utf8')) as Payload, json };
}

function decodePlanesBody(body: Buffer, dictionary: Buffer): { payload: Payload; json: Buffer } {
  const jsonLength = body.readUInt32LE(0);
  const { payload, json } = decodeJsonBody(body.subarray(4, 4 + jsonLength), dictionary);
  const planes = brotliDecompressSync(body.subarray(4 + jsonLength));
  const n = planes.length / 8;
  const bytes = new Uint8Array(8 * n);
  for (let q = 0; q < 8; q++) for (let i = 0; i < n; i++) bytes[8 * i + q] = planes[q * n + i];
  const values = new Float64Array(bytes.buffer);
  const slots = planeSlots(payload.e);
  if (slots.length !== n) throw new JournalCorruptError(`journal: a record has ${n} plane values for ${slots.length} slots`);
  slots.forEach(([row, j], k) => ((payload.e[row][8] as number[])[j] = values[k]));
  return { payload, json };
}

/**
 * The measure values that live in the byte planes (`true` in the JSON), column by column: every
 * row's j-th value, then every row's j+1-th (the writer and the reader walk the same order).
 */
function planeSlots(rows: readonly Row[]): [row: number, j: number][] {
  const lists = rows.map((r) => (Array.isArray(r[8]) ? (r[8] as unknown[]) : undefined));
  const width = Math.max(0, ...lists.map((l) => l?.length ?? 0));
  const slots: [number, number][] = [];
  for (let j = 0; j < width; j++) lists.forEach((list, row) => list !== undefined && list[j] === true && slots.push([row, j]));
  return slots;
}

/** Moves the long doubles of a payload's rows to byte planes: the JSON to write and the compressed planes (or none). */
function splitPlanes(p: Payload, quality: number): { json: Buffer; planes: Buffer | undefined } {
  const rows: Row[] = p.e.map((r) => {
    if (!Array.isArray(r[8])) return r;
    const values = (r[8] as JsonNumber[]).map((x) => (typeof x === 'number' && (String(x).length > SHORT_JSON || Object.is(x, -0)) ? true : x));
    return [...r.slice(0, 8), values as never, ...r.slice(9)];
  });
  const slots = planeSlots(rows);
  if (slots.length === 0) return { json: Buffer.from(JSON.stringify(p), 'utf8'), planes: undefined };
  const values = new Float64Array(slots.map(([row, j]) => (p.e[row][8] as number[])[j]));
  const bytes = new Uint8Array(values.buffer);
  const n = values.length;
  const planes = Buffer.alloc(8 * n);
  for (let i = 0; i < n; i++) for (let q = 0; q < 8; q++) planes[q * n + i] = bytes[8 * i + q];
  const compressed = brotliCompressSync(planes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: planes.length } });
  return { json: Buffer.from(JSON.stringify({ ...p, e: rows }), 'utf8'), planes: compressed };
}

function infoOf(file: string, records: readonly SegmentRecord[], before: Pick<SegmentInfo, 'firstCandidate' | 'firstText' | 'firstKeys'>, bytes: number): SegmentInfo {
  const first = records[0]?.payload;
  return {
    file,
    firstBatch: first?.b ?? -1,
    firstCandidate: first?.c ?? before.firstCandidate,
    candidates: records.reduce((s, r) => s + r.payload.e.length, 0),
    firstText: first?.t0 ?? before.firstText,
    texts: records.reduce((s, r) => s + r.payload.t.length, 0),
    firstKeys: first?.k0 ?? before.firstKeys,
    keys: records.reduce((s, r) => s + r.payload.k.length, 0),
    bytes,
  };
}

/** Turns rows back into entries; texts, key lists and earlier results come from `lookup`. */
interface Lookup {
  text(id: number): TextRow;
  /** The structural hash of text `id`'s program (a parent's). */
  hashOf(id: number): string;
  keys(id: number): readonly string[];
  /** The evaluated entry a cache hit reused. */
  source(candidate: number): JournalEntry;
}

function decodeRow(p: Payload, i: number, lookup: Lookup): JournalEntry {
  const row = p.e[i];
  const candidate = p.c + i;
  const [hash, fingerprint, program] = lookup.text(row[1] as number);
  // Fields in the order the jsonl format writes them, so that both formats read back alike.
  const head = { batch: p.b, batchSize: p.n, candidate, island: row[0] as number, program };
  const tail = { hash, fingerprint, parent: decodeParent(row[2], lookup), mutation: row[3] as JournalEntry['mutation'] };
  const fittedOrRef = row[4] as number;
  if (fittedOrRef <= -2) {
    const s = lookup.source(candidate - (-1 - fittedOrRef));
    return { ...head, ...(s.fitted !== undefined ? { fitted: s.fitted } : {}), ...tail, score: s.score, valid: s.valid, measures: s.measures, ...(s.error !== undefined ? { error: s.error } : {}), evalMs: 0, cacheHit: true };
  }
  const names = lookup.keys(row[7] as number);
  const values = (row[8] as JsonNumber[]).map(fromJsonNumber);
  const measures: Record<string, number> = {};
  names.forEach((name, j) => (measures[name] = values[j]));
  const rawScore = row[5] as JsonNumber | string;
  const score = typeof rawScore === 'string' && rawScore.startsWith('@') ? values[Number(rawScore.slice(1))] : fromJsonNumber(rawScore as JsonNumber);
  const error = row[9];
  const evalMs = row[10];
  return {
    ...head,
    ...(fittedOrRef >= 0 ? { fitted: lookup.text(fittedOrRef)[2] } : {}),
    ...tail,
    score,
    valid: row[6] === 1,
    measures,
    ...(typeof error === 'string' ? { error } : {}),
    evalMs: typeof evalMs === 'number' ? evalMs : p.ms,
    cacheHit: row[11] === 1,
  };
}

/** Sequential decoding state: the windows of texts, key lists and evaluated entries. */
class Windows implements Lookup {
  private readonly texts = new Map<number, TextRow>();
  /** Hashes of fitted texts that were parents, computed once. */
  private readonly fittedHashes = new Map<number, string>();
  private readonly keyLists: string[][] = [];
  private readonly evaluated = new Map<number, JournalEntry>();

  absorb(p: Payload): void {
    // The writer refers to a text while its id is within WINDOW of the next id *at that moment*,
    // but the reader absorbs a whole batch's new texts before decoding its entries: keeping twice
    // the window covers any batch (a batch adds far fewer than WINDOW texts).
    p.t.forEach((row, j) => {
      this.texts.set(p.t0 + j, textRow(row));
      this.texts.delete(p.t0 + j - 2 * WINDOW);
      this.fittedHashes.delete(p.t0 + j - 2 * WINDOW);
    });
    p.k.forEach((keys, j) => (this.keyLists[p.k0 + j] = keys));
  }

  remember(e: JournalEntry): void {
    // Only evaluated entries are sources of cache hits.
    if (!e.cacheHit) this.evaluated.set(e.candidate, e);
    this.evaluated.delete(e.candidate - WINDOW - 1);
  }

  text(id: number): TextRow {
    const t = this.texts.get(id);
    if (!t) throw new JournalCorruptError(`journal: text ${id} is not defined before its use`);
    return t;
  }

  hashOf(id: number): string {
    const row = this.text(id);
    if (row[0] !== '') return row[0];
    let h = this.fittedHashes.get(id);
    if (h === undefined) this.fittedHashes.set(id, (h = rowHash(row)));
    return h;
  }

  keys(id: number): readonly string[] {
    const k = this.keyLists[id];
    if (!k) throw new JournalCorruptError(`journal: measure list ${id} is not defined before its use`);
    return k;
  }

  source(candidate: number): JournalEntry {
    const e = this.evaluated.get(candidate);
    if (!e) throw new JournalCorruptError(`journal: cache hit refers to candidate ${candidate}, which is not in the journal`);
    return e;
  }
}

export interface CompactScan {
  readonly segments: SegmentInfo[];
  /** Bytes of torn records at the end of the last segment. */
  readonly tornBytes: number;
  readonly bytes: number;
  readonly entries: number;
}

/**
 * Calls `visit` for every entry in order (segment, index within the run); a torn tail of the last
 * segment is skipped and counted. Corruption elsewhere throws JournalCorruptError.
 */
export function scanCompactJournal(journalDir: string, visit: (entry: JournalEntry) => void, windows = new Windows()): CompactScan {
  const files = segmentFiles(journalDir);
  const segments: SegmentInfo[] = [];
  let tornBytes = 0;
  let bytes = 0;
  let entries = 0;
  let next = { firstCandidate: 0, firstText: 0, firstKeys: 0 };
  files.forEach((file, k) => {
    const { records, validBytes, size } = readSegment(join(journalDir, file));
    if (validBytes < size) {
      if (k < files.length - 1) throw new JournalCorruptError(`${join(journalDir, file)}: damaged record at byte ${validBytes} (not the last segment)`);
      tornBytes = size - validBytes;
    }
    for (const r of records) {
      windows.absorb(r.payload);
      for (let i = 0; i < r.payload.e.length; i++) {
        const e = decodeRow(r.payload, i, windows);
        windows.remember(e);
        visit(e);
        entries++;
      }
    }
    const info = infoOf(file, records, next, validBytes);
    segments.push(info);
    bytes += size;
    next = { firstCandidate: info.firstCandidate + info.candidates, firstText: info.firstText + info.texts, firstKeys: info.firstKeys + info.keys };
  });
  return { segments, tornBytes, bytes, entries };
}

export function readIndex(journalDir: string): SegmentInfo[] {
  const path = join(journalDir, INDEX_FILE);
  if (!existsSync(path)) return [];
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as IndexFile;
    return raw.version === 1 && Array.isArray(raw.segments) ? raw.segments : [];
  } catch {
    return [];
  }
}

/**
 * Random access to single entries: finds the segment of a candidate through index.json (segments
 * the index does not cover, such as the open one, are decoded to learn their ranges) and decodes
 * only the segments that hold the entry, its texts and the result it reused.
 */
export class CompactJournalReader implements Lookup {
  private readonly segments: SegmentInfo[] = [];
  /** The last few segments decoded. */
  private readonly decoded = new Lru<string, SegmentRecord[]>(4);

  constructor(readonly journalDir: string) {
    const indexed = new Map(readIndex(journalDir).map((s) => [s.file, s]));
    let next = { firstCandidate: 0, firstText: 0, firstKeys: 0 };
    for (const file of segmentFiles(journalDir)) {
      const known = indexed.get(file);
      let info: SegmentInfo;
      if (known && known.bytes === statSync(join(journalDir, file)).size && known.firstCandidate === next.firstCandidate) {
        info = known;
      } else {
        const { records, validBytes } = readSegment(join(journalDir, file));
        this.cache(file, records);
        info = infoOf(file, records, next, validBytes);
      }
      this.segments.push(info);
      next = { firstCandidate: info.firstCandidate + info.candidates, firstText: info.firstText + info.texts, firstKeys: info.firstKeys + info.keys };
    }
  }

  get count(): number {
    const last = this.segments[this.segments.length - 1];
    return last ? last.firstCandidate + last.candidates : 0;
  }

  private cache(file: string, records: SegmentRecord[]): void {
    this.decoded.set(file, records);
  }

  private records(info: SegmentInfo): SegmentRecord[] {
    let r = this.decoded.get(info.file);
    if (!r) {
      r = readSegment(join(this.journalDir, info.file)).records;
      this.cache(info.file, r);
    }
    return r;
  }

  private find<K extends 'firstCandidate' | 'firstText' | 'firstKeys'>(first: K, count: 'candidates' | 'texts' | 'keys', id: number): SegmentInfo {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid];
      if (id < s[first]) hi = mid - 1;
      else if (id >= s[first] + s[count]) lo = mid + 1;
      else return s;
    }
    throw new RangeError(`journal: ${count.replace(/s$/, '')} ${id} is not in ${this.journalDir}`);
  }

  text(id: number): TextRow {
    for (const r of this.records(this.find('firstText', 'texts', id))) {
      const j = id - r.payload.t0;
      if (j >= 0 && j < r.payload.t.length) return textRow(r.payload.t[j]);
    }
    throw new JournalCorruptError(`${this.journalDir}: text ${id} missing`);
  }

  hashOf(id: number): string {
    return rowHash(this.text(id));
  }

  keys(id: number): readonly string[] {
    for (const r of this.records(this.find('firstKeys', 'keys', id))) {
      const j = id - r.payload.k0;
      if (j >= 0 && j < r.payload.k.length) return r.payload.k[j];
    }
    throw new JournalCorruptError(`${this.journalDir}: measure list ${id} missing`);
  }

  source(candidate: number): JournalEntry {
    return this.entry(candidate);
  }

  /** The entry of candidate `k` (0-based over the run). */
  entry(k: number): JournalEntry {
    if (!(k >= 0 && k < this.count)) throw new RangeError(`journal entry ${k} out of range (0..${this.count - 1})`);
    for (const r of this.records(this.find('firstCandidate', 'candidates', k))) {
      const i = k - r.payload.c;
      if (i >= 0 && i < r.payload.e.length) return decodeRow(r.payload, i, this);
    }
    throw new JournalCorruptError(`${this.journalDir}: entry ${k} missing`);
  }
}

export interface CompactWriterOptions {
  readonly disk?: Disk;
  /** Rotate past this many bytes (default 8 MiB). */
  readonly segmentBytes?: number;
  /** Texts and cache keys to remember (default WRITER_WINDOW, at most WINDOW): memory against bytes. */
  readonly window?: number;
  /** Compression effort (default DEFAULT_COMPRESSION): CPU time of the search's main thread against bytes. */
  readonly compression?: JournalCompression;
}

/** Effort of a record's two compressors; readers do not depend on it. */
export interface JournalCompression {
  /** deflate level of the JSON, 1 to 9. */
  readonly deflateLevel: number;
  /** brotli quality of the byte planes, 0 to 11. */
  readonly planeQuality: number;
}

/**
 * Measured by bench/journal-bytes.ts --compression (results/bench/journal-compression.json): on a
 * 60-s fn:exp2 journal, deflate 6 / brotli 5 writes 57.7 bytes per candidate in 45 µs, where
 * 9 / 11 wrote 55.0 in 83 µs (opt:suite: 76.0 in 69 µs against 72.3 in 191); 44 µs is the floor
 * without compression effort (level 1 / quality 1: 68.6 bytes). The main thread pays it on every
 * batch, while the workers wait.
 */
export const DEFAULT_COMPRESSION: JournalCompression = { deflateLevel: 6, planeQuality: 5 };

/**
 * Appends batches to the compact journal. `open` reads what is there (calling `visit` for each
 * entry, so a resume rebuilds its cache in the same pass), cuts a torn tail, closes the last
 * segment in the index and starts a new one.
 */
export class CompactJournalWriter {
  // Insertion order is what matters here (looked up with peek): the oldest text or key falls out.
  private readonly texts: Lru<string, number>;
  private readonly sources: Lru<string, number>;
  /** Structural hash -> id of the last text with that hash (a parent is written as its id). */
  private readonly byHash: Lru<string, number>;
  /** Results of the last `window` evaluated entries (see rememberResult). */
  private readonly results: Lru<number, string>;
  private readonly keyLists = new Map<string, number>();
  private readonly segments: SegmentInfo[];
  private fd: number | undefined;
  private segment = 0;
  private segmentSize = 0;
  private dictionary: Buffer = Buffer.alloc(0);
  private nextText = 0;
  private nextKeys = 0;
  private nextCandidate = 0;
  private totalBytes: number;
  private openInfo: { file: string; firstBatch: number; firstCandidate: number; firstText: number; firstKeys: number } | undefined;

  private constructor(
    readonly journalDir: string,
    private readonly disk: Disk,
    private readonly segmentBytes: number,
    private readonly window: number,
    private readonly compression: JournalCompression,
    scan: CompactScan,
  ) {
    if (!Number.isInteger(window) || window < 1 || window > WINDOW) throw new Error(`journal: a writer window must be an integer from 1 to ${WINDOW}, got ${window}`);
    this.texts = new Lru(window);
    this.sources = new Lru(window);
    this.byHash = new Lru(window);
    this.results = new Lru(window);
    this.segments = [...scan.segments];
    this.totalBytes = scan.bytes - scan.tornBytes;
  }

  static open(journalDir: string, options: CompactWriterOptions = {}, visit: (entry: JournalEntry) => void = () => {}): CompactJournalWriter {
    mkdirSync(journalDir, { recursive: true });
    const remembered: JournalEntry[] = [];
    const scan = scanCompactJournal(journalDir, (e) => {
      visit(e);
      remembered.push(e);
      if (remembered.length > 2 * WINDOW) remembered.splice(0, WINDOW);
    });
    const w = new CompactJournalWriter(journalDir, options.disk ?? nodeDisk, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, options.window ?? WRITER_WINDOW, options.compression ?? DEFAULT_COMPRESSION, scan);
    const last = scan.segments[scan.segments.length - 1];
    if (last !== undefined && scan.tornBytes > 0) {
      const fd = w.disk.open(join(journalDir, last.file), 'r+');
      w.disk.truncate(fd, last.bytes);
      w.disk.fsync(fd);
      w.disk.close(fd);
    }
    w.segment = scan.segments.length;
    if (last !== undefined) {
      w.nextCandidate = last.firstCandidate + last.candidates;
      w.nextText = last.firstText + last.texts;
      w.nextKeys = last.firstKeys + last.keys;
    }
    w.restoreWindows(journalDir, remembered);
    if (scan.segments.length > 0) w.writeIndex();
    return w;
  }

  /** Rebuilds the text, key-list and cache-hit windows from the entries read. */
  private restoreWindows(journalDir: string, recent: readonly JournalEntry[]): void {
    if (this.nextText === 0) return;
    const reader = new CompactJournalReader(journalDir);
    for (let id = Math.max(0, this.nextText - this.window); id < this.nextText; id++) {
      const row = reader.text(id);
      this.rememberText(digest(`${row[0]}|${row[1]}|${row[2]}`), id);
      this.byHash.set(rowHash(row), id);
    }
    for (let id = 0; id < this.nextKeys; id++) this.keyLists.set(JSON.stringify(reader.keys(id)), id);
    for (const e of recent) {
      if (e.cacheHit) continue;
      this.rememberSource(`${e.hash}|${e.fingerprint}`, e.candidate);
      this.rememberResult(e);
    }
  }

  /** Entries in the writer's windows (each at most its window; for tests of the bound). */
  get windowSizes(): { readonly texts: number; readonly sources: number; readonly results: number } {
    return { texts: this.texts.size, sources: this.sources.size, results: this.results.size };
  }

  /** Bytes of the journal on disk. */
  get size(): number {
    return this.totalBytes;
  }

  private rememberText(key: string, id: number): void {
    this.texts.set(key, id);
  }

  private rememberSource(key: string, candidate: number): void {
    this.sources.set(key, candidate);
  }

  private textId(hash: string, fingerprint: string, text: string, added: StoredText[]): number {
    const key = digest(`${hash}|${fingerprint}|${text}`);
    const id = this.texts.peek(key);
    // Ids older than the window are out of the readers' window too: write the text again.
    if (id !== undefined && id > this.nextText - this.window) return id;
    const fresh = this.nextText++;
    if (hash === '' && fingerprint === '') {
      added.push(text);
      const h = hashOfText(text);
      if (h !== undefined) this.byHash.set(h, fresh);
    } else {
      added.push(hashOfText(text) === hash ? [fingerprint, text] : [hash, fingerprint, text]);
      this.byHash.set(hash, fresh);
    }
    this.rememberText(key, fresh);
    return fresh;
  }

  /** A parent as written: the id of a text with its hash while one is in the window, else the hash. */
  private parentRef(parent: string | null): string | number | null {
    if (parent === null) return null;
    const id = this.byHash.peek(parent);
    return id !== undefined && id > this.nextText - this.window ? id : parent;
  }

  private keysId(names: string[], added: string[][]): number {
    const key = JSON.stringify(names);
    const id = this.keyLists.get(key);
    if (id !== undefined) return id;
    const fresh = this.nextKeys++;
    added.push(names);
    this.keyLists.set(key, fresh);
    return fresh;
  }

  private encode(entries: readonly JournalEntry[]): Payload {
    const first = entries[0];
    const t0 = this.nextText;
    const k0 = this.nextKeys;
    const t: StoredText[] = [];
    const k: string[][] = [];
    const fresh = entries.find((e) => !e.cacheHit);
    const ms = fresh?.evalMs ?? 0;
    const e: Row[] = entries.map((x) => {
      if (x.candidate !== this.nextCandidate) throw new Error(`journal: candidate ${x.candidate} written after ${this.nextCandidate - 1}`);
      this.nextCandidate++;
      const text = this.textId(x.hash, x.fingerprint, x.program, t);
      const sourceKey = `${x.hash}|${x.fingerprint}`;
      const source = this.sources.peek(sourceKey);
      if (x.cacheHit && x.evalMs === 0 && source !== undefined && x.candidate - source <= this.window && this.sameResult(source, x)) {
        return [x.island, text, this.parentRef(x.parent), x.mutation, -1 - (x.candidate - source)];
      }
      const names = Object.keys(x.measures);
      const values = names.map((n) => toJsonNumber(x.measures[n]));
      const at = names.findIndex((n) => Object.is(x.measures[n], x.score));
      const row: Row = [
        x.island,
        text,
        this.parentRef(x.parent),
        x.mutation,
        x.fitted !== undefined ? this.textId('', '', x.fitted, t) : -1,
        at >= 0 ? `@${at}` : toJsonNumber(x.score),
        x.valid ? 1 : 0,
        this.keysId(names, k),
        values,
        x.error ?? null,
        x.evalMs === ms ? null : x.evalMs,
        x.cacheHit ? 1 : null,
      ];
      while (row.length > 9 && row[row.length - 1] === null) row.pop();
      if (!x.cacheHit) {
        this.rememberSource(sourceKey, x.candidate);
        this.rememberResult(x);
      }
      return row;
    });
    return { b: first.batch, n: first.batchSize, c: first.candidate, t0, k0, ms, t, k, e };
  }

  /**
   * Remembers an evaluated entry's result, to check that a cache hit reuses exactly one of them:
   * a hit refers only to a source at most `window` candidates back, and at most `window`
   * evaluated entries fit in that span. (Deleting `candidate - window - 1` on each evaluation, as
   * this once did, kept every entry whose successor at that distance was a cache hit: a leak.)
   * What sameResult compares is a digest (resultDigest).
   */
  private rememberResult(e: JournalEntry): void {
    this.results.set(e.candidate, resultDigest(e));
  }

  private sameResult(source: number, hit: JournalEntry): boolean {
    const s = this.results.peek(source);
    return s !== undefined && s === resultDigest(hit);
  }

  private startSegment(firstBatch: number): void {
    const file = segmentName(this.segment);
    this.fd = this.disk.open(join(this.journalDir, file), 'w');
    this.segmentSize = 0;
    this.dictionary = Buffer.alloc(0);
    this.openInfo = { file, firstBatch, firstCandidate: this.nextCandidate, firstText: this.nextText, firstKeys: this.nextKeys };
  }

  /** Closes the open segment into the index (a rotation). */
  private closeSegment(): void {
    if (this.fd === undefined || this.openInfo === undefined) return;
    this.disk.close(this.fd);
    this.fd = undefined;
    const o = this.openInfo;
    this.segments.push({ ...o, candidates: this.nextCandidate - o.firstCandidate, texts: this.nextText - o.firstText, keys: this.nextKeys - o.firstKeys, bytes: this.segmentSize });
    this.segment++;
    this.openInfo = undefined;
    this.writeIndex();
  }

  private writeIndex(): void {
    const index: IndexFile = { version: 1, segments: this.segments };
    writeFileAtomic(join(this.journalDir, INDEX_FILE), `${JSON.stringify(index)}\n`, this.disk);
  }

  /** Appends one batch as one record, then flushes it to disk. */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    if (this.fd !== undefined && this.segmentSize >= this.segmentBytes) this.closeSegment();
    if (this.fd === undefined) this.startSegment(entries[0].batch);
    // Encoding changes the windows; on a failed write they are restored by reopening (a resume).
    const { json, planes } = splitPlanes(this.encode(entries), this.compression.planeQuality);
    const deflated = deflateRawSync(json, { level: this.compression.deflateLevel, memLevel: 9, ...(this.dictionary.length > 0 ? { dictionary: this.dictionary } : {}) });
    let body: Buffer;
    if (planes === undefined) {
      body = deflated;
    } else {
      body = Buffer.alloc(4 + deflated.length + planes.length);
      body.writeUInt32LE(deflated.length, 0);
      deflated.copy(body, 4);
      planes.copy(body, 4 + deflated.length);
    }
    const record = Buffer.alloc(HEADER + body.length);
    record.writeUInt32LE((body.length | (planes === undefined ? 0 : PLANES_FLAG)) >>> 0, 0);
    record.writeUInt32LE(crc32(body), 4);
    body.copy(record, HEADER);
    this.disk.write(this.fd as number, record, this.segmentSize);
    this.disk.fsync(this.fd as number);
    this.segmentSize += record.length;
    this.totalBytes += record.length;
    this.dictionary = nextDictionary(this.dictionary, json);
  }

  close(): void {
    if (this.fd !== undefined) this.disk.close(this.fd);
    this.fd = undefined;
  }
}

/** Bytes of all files under `dir` (a run directory's size on disk, by content). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) total += directoryBytes(path);
    else if (name.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Reads `length` bytes at `offset` (for the jsonl reader's random access). */
export function readBytes(path: string, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, offset + read);
      if (n <= 0) throw new Error(`${path}: short read at byte ${offset + read}`);
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}
