/**
 * Answering one batch: from the journal (a batch a previous session evaluated, replayed on
 * resume), else from the equivalence cache and the evaluator; and the journal entries that
 * record it. Outcomes and cache entries are read back from the entries as the journal decodes
 * them, so a replay (which has only the journal) sees exactly what the live run saw.
 */
import type { CandidateResult, Evaluator, TaskRef } from '../eval/evaluator.ts';
import { decodeEntry, encodeEntry, entryResult } from '../run/journal-entry.ts';
import type { JournalEntry } from '../run/journal-entry.ts';
import { RunDirectoryError } from '../run/run-config.ts';
import type { JournalSink } from '../run/run-directory.ts';
import { EquivalenceCache, cacheKey } from './cache.ts';
import { evaluateStaged } from './hurdle.ts';
import type { HurdleSettings } from './hurdle.ts';
import type { Outcome, PendingChild, SearchEngine, SearchState } from './engine.ts';

/** Results of journaled batches beyond the checkpoint, waiting to be replayed. */
export interface Replay {
  readonly entries: Map<number, JournalEntry[]>;
  /** Journal position of each such batch's first entry (to cut an incomplete one). */
  readonly positions: Map<number, number>;
}

/** Applies one journaled batch to the cache exactly as the live run did: lookups, then inserts. */
export function replayIntoCache(cache: EquivalenceCache, batch: readonly JournalEntry[]): void {
  for (const e of batch) if (e.cacheHit) cache.get(cacheKey(e.hash, e.fingerprint));
  for (const e of batch) if (!e.cacheHit) cache.set(cacheKey(e.hash, e.fingerprint), entryResult(e));
}

/**
 * A batch the journal holds complete is asked at its journaled size (the budget may have changed
 * since it was evaluated); any other batch at the engine's size.
 */
export function batchSizeFor(batch: number, replay: Replay, engine: SearchEngine): number {
  const entries = replay.entries.get(batch);
  return entries !== undefined && entries.length === entries[0].batchSize ? entries.length : engine.nextBatchSize();
}

/**
 * The outcomes of batch `batch` from the journal, when a previous session evaluated it; undefined
 * when it must be evaluated (an incomplete batch is cut from the journal first).
 */
export function replayBatch(children: readonly PendingChild[], replay: Replay, batch: number, cache: EquivalenceCache, journal: JournalSink): Outcome[] | undefined {
  const entries = replay.entries.get(batch);
  if (!entries) return undefined;
  replay.entries.delete(batch);
  if (entries.length < children.length) {
    // The session died while writing this batch: drop it (and anything after) and evaluate again.
    journal.cutAt(replay.positions.get(batch) ?? journal.size);
    replay.entries.clear();
    return undefined;
  }
  if (entries.length > children.length || entries.some((e, i) => e.hash !== children[i].hash || e.fingerprint !== children[i].fingerprint)) {
    throw new RunDirectoryError(`journal batch ${batch} does not match a replay of the run: the run directory was changed, or the search is not deterministic`);
  }
  replayIntoCache(cache, entries);
  return entries.map((e) => ({ result: entryResult(e), cacheHit: e.cacheHit }));
}

export interface FreshBatch {
  readonly entries: JournalEntry[];
  readonly outcomes: Outcome[];
  readonly evaluated: number;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** The journal entries of a batch answered live. */
function batchEntries(children: readonly PendingChild[], batch: number, state: SearchState, results: readonly CandidateResult[], fresh: readonly boolean[], evalMs: number): JournalEntry[] {
  return children.map((c, i) => {
    const result = results[i];
    return {
      batch,
      batchSize: children.length,
      candidate: state.candidates + i,
      island: c.island,
      program: c.text,
      ...(result.program !== undefined && result.program !== c.text ? { fitted: result.program } : {}),
      hash: c.hash,
      fingerprint: c.fingerprint,
      parent: c.parentHash,
      mutation: c.origin,
      score: result.score,
      valid: result.valid,
      measures: result.measures,
      ...(result.error !== undefined ? { error: result.error } : {}),
      evalMs: fresh[i] ? Math.round(evalMs * 1000) / 1000 : 0,
      cacheHit: !fresh[i],
    };
  });
}

/** Answers a batch from the cache where possible and evaluates the rest (each distinct key once); undefined when aborted. */
export async function evaluateBatch(
  children: readonly PendingChild[],
  batch: number,
  state: SearchState,
  cache: EquivalenceCache,
  evaluator: Evaluator,
  task: TaskRef,
  signal: AbortSignal | undefined,
  hurdle: HurdleSettings | undefined,
): Promise<FreshBatch | undefined> {
  const keys = children.map((c) => cacheKey(c.hash, c.fingerprint));
  const cached: (CandidateResult | undefined)[] = keys.map((k) => cache.get(k));
  const missIndex = new Map<string, number>();
  const misses: number[] = [];
  keys.forEach((k, i) => {
    if (cached[i] === undefined && !missIndex.has(k)) {
      missIndex.set(k, misses.length);
      misses.push(i);
    }
  });
  let results: CandidateResult[] = [];
  const started = performance.now();
  if (misses.length > 0) {
    try {
      results = await evaluateStaged(evaluator, task, misses.map((i) => children[i].text), signal, hurdle, state.hurdle);
    } catch (error) {
      if (isAbort(error, signal)) return undefined;
      throw error;
    }
    if (results.length !== misses.length) throw new Error(`evaluator returned ${results.length} results for ${misses.length} programs`);
  }
  const evalMs = misses.length > 0 ? (performance.now() - started) / misses.length : 0;
  const fresh = children.map((_, i) => {
    const j = missIndex.get(keys[i]);
    return cached[i] === undefined && j !== undefined && misses[j] === i;
  });
  const answers = children.map((_, i) => cached[i] ?? results[missIndex.get(keys[i]) as number]);
  const entries = batchEntries(children, batch, state, answers, fresh, evalMs);
  const roundTripped = entries.map((e) => decodeEntry(encodeEntry(e)));
  for (const e of roundTripped) if (!e.cacheHit) cache.set(cacheKey(e.hash, e.fingerprint), entryResult(e));
  const outcomes: Outcome[] = roundTripped.map((e) => ({ result: entryResult(e), cacheHit: e.cacheHit }));
  return { entries, outcomes, evaluated: misses.length };
}
