/**
 * One journal entry: a candidate the search evaluated (or answered from its cache), as plain data.
 * Both journal formats (jsonl-journal.ts, compact-journal.ts) read back exactly these objects.
 */
import type { CandidateResult } from '../eval/evaluator.ts';
import type { Origin } from '../evolve/individual.ts';
import { fromJsonNumber, fromJsonRecord, toJsonNumber, toJsonRecord } from './json-numbers.ts';
import type { JsonNumber } from './json-numbers.ts';

export interface JournalEntry {
  /** Batch number (0-based); batches are the unit of determinism and of resume. */
  readonly batch: number;
  /** Candidates in that batch (a batch with fewer entries in the journal was cut short by a crash). */
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

/** The entry as one JSON line (the jsonl format). */
export function encodeEntry(e: JournalEntry): string {
  const line: JournalLine = { ...e, score: toJsonNumber(e.score), measures: toJsonRecord(e.measures) };
  return JSON.stringify(line);
}

export function decodeEntry(text: string): JournalEntry {
  const line = JSON.parse(text) as JournalLine;
  if (typeof line !== 'object' || line === null || typeof line.batch !== 'number' || typeof line.program !== 'string') throw new Error('not a journal entry');
  return { ...line, score: fromJsonNumber(line.score), measures: fromJsonRecord(line.measures) };
}

/** The result an entry records (for the cache and for replay). */
export function entryResult(e: JournalEntry): CandidateResult {
  return {
    score: e.score,
    valid: e.valid,
    measures: e.measures,
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.fitted !== undefined ? { program: e.fitted } : {}),
  };
}

/** A journal that cannot be read: corruption before its last record. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
}
