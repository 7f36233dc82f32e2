/**
 * The run loop: ask a batch, answer it from the cache, the journal (when resuming) or the
 * evaluator, journal it durably, tell it, checkpoint now and then, and stop on budget, time,
 * patience or an abort signal. `startSearch` creates a run directory; `resumeSearch` continues
 * one from its checkpoint and journal, replaying (not re-evaluating) batches the journal holds
 * beyond the checkpoint, so a kill loses at most the batch in flight.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CandidateResult, Evaluator, TaskRef } from '../eval/evaluator.ts';
import type { Domain } from '../dsl/signature.ts';
import { writeFront } from './archive.ts';
import type { ArchiveEntry, ScoreLabel } from './archive.ts';
import { EquivalenceCache, cacheKey } from './cache.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { SearchEngine, initialState } from './engine.ts';
import type { Outcome, PendingChild, SearchState } from './engine.ts';
import { JournalWriter, decodeEntry, encodeEntry, entryResult, scanJournal } from './journal.ts';
import { markPolished, polishBatch, polishes, polishTask } from './polish.ts';
import type { JournalEntry } from './journal.ts';
import type { RetryCounts } from './mutate/index.ts';
import { CONFIG_FILE, JOURNAL_FILE, RunDirectoryError, createRunDirectory, readConfig, runId, versions, writeConfig } from './run-dir.ts';
import type { RunConfig } from './run-dir.ts';
import type { SearchSettings, StopSettings } from './settings.ts';

export type StopReason = 'budget' | 'time' | 'patience' | 'interrupted';

export interface SearchProgress {
  readonly dir: string;
  readonly runId: string;
  readonly task: string;
  readonly label: ScoreLabel;
  readonly batch: number;
  readonly candidates: number;
  readonly evaluations: number;
  readonly cacheHits: number;
  /** cacheHits / candidates over the whole run. */
  readonly hitRate: number;
  /** Evaluations and candidates per second in this session. */
  readonly evaluationsPerSecond: number;
  readonly candidatesPerSecond: number;
  /** Wall-clock time over all sessions, and in this one. */
  readonly elapsedMs: number;
  readonly sessionMs: number;
  readonly budget?: number;
  readonly timeMs?: number;
  readonly retries: Readonly<RetryCounts>;
  readonly restarts: number;
  readonly front: readonly ArchiveEntry[];
  /** Batches answered from the journal in this session (a resume). */
  readonly replayedBatches: number;
}

export interface RunSummary extends SearchProgress {
  readonly reason: StopReason;
  /** The command that continues this run. */
  readonly resumeCommand: string;
}

export interface SessionOptions {
  readonly evaluator: Evaluator;
  readonly signal?: AbortSignal;
  /** Called after every batch (and once at the start). */
  readonly onProgress?: (progress: SearchProgress) => void;
  /** Wall-clock milliseconds between checkpoints (default 10 s); one is always written at the end. */
  readonly checkpointIntervalMs?: number;
}

export interface StartOptions extends SessionOptions {
  readonly task: TaskRef;
  readonly domain: Domain;
  readonly objectives: readonly string[];
  readonly seed: string;
  readonly settings: SearchSettings;
  readonly stop: StopSettings;
  /** Canonical texts of the initial programs. */
  readonly initial: readonly string[];
  readonly warmStart: string;
  /** Run directory; default `<resultsRoot>/<run-id>`. */
  readonly out?: string;
  readonly resultsRoot?: string;
  /** The backend that evaluates (`webgpu`, `cpu`) and its one-line description. */
  readonly backend: string;
  readonly backendDescription?: string;
  readonly workers?: number;
  /** Called once the run directory exists (before the first batch). */
  readonly onStart?: (dir: string, runId: string) => void;
}

export interface ResumeOptions extends SessionOptions {
  /** Replaces the stored stop conditions (budget for the whole run; time for this session). */
  readonly stop?: StopSettings;
  readonly onStart?: (dir: string, runId: string) => void;
}

/** Results of journaled batches beyond the checkpoint, waiting to be replayed. */
interface Replay {
  readonly entries: Map<number, JournalEntry[]>;
  /** Byte offset of each such batch's first line (to cut an incomplete one). */
  readonly offsets: Map<number, number>;
}

interface Loop {
  readonly dir: string;
  readonly config: RunConfig;
  readonly engine: SearchEngine;
  readonly cache: EquivalenceCache;
  readonly journal: JournalWriter;
  readonly replay: Replay;
  readonly options: SessionOptions;
  readonly stop: StopSettings;
}

export function scoreLabel(domain: Domain): ScoreLabel {
  return domain === 'function' ? 'error' : 'score';
}

export async function startSearch(o: StartOptions): Promise<RunSummary> {
  if (o.out !== undefined && existsSync(join(o.out, CONFIG_FILE))) throw new RunDirectoryError(`${o.out} already holds a run; continue it with: symdisc resume ${o.out}`);
  const created = createRunDirectory(o.out, o.resultsRoot ?? 'results', runId(o.task.id, o.seed, new Date()));
  const config: RunConfig = {
    version: 1,
    runId: created.runId,
    createdAt: new Date().toISOString(),
    task: o.task,
    domain: o.domain,
    objectives: [...o.objectives],
    label: scoreLabel(o.domain),
    seed: o.seed,
    settings: o.settings,
    stop: o.stop,
    warmStart: o.warmStart,
    initial: [...o.initial],
    backend: o.backend,
    ...(o.backendDescription !== undefined ? { backendDescription: o.backendDescription } : {}),
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    versions: versions(),
  };
  writeConfig(created.dir, config);
  const state = initialState(o.domain, o.objectives, o.initial, o.settings, o.seed, o.stop);
  const journal = JournalWriter.open(join(created.dir, JOURNAL_FILE), 0);
  saveCheckpoint(created.dir, state, 0);
  o.onStart?.(created.dir, created.runId);
  return runLoop({
    dir: created.dir,
    config,
    engine: new SearchEngine(o.settings, state),
    cache: new EquivalenceCache(o.settings.cacheCapacity),
    journal,
    replay: { entries: new Map(), offsets: new Map() },
    options: o,
    stop: o.stop,
  });
}

/** Applies one journaled batch to the cache exactly as the live run did: lookups, then inserts. */
function replayIntoCache(cache: EquivalenceCache, batch: readonly JournalEntry[]): void {
  for (const e of batch) if (e.cacheHit) cache.get(cacheKey(e.hash, e.fingerprint));
  for (const e of batch) if (!e.cacheHit) cache.set(cacheKey(e.hash, e.fingerprint), entryResult(e));
}

export async function resumeSearch(dir: string, o: ResumeOptions): Promise<RunSummary> {
  const config = readConfig(dir);
  const checkpoint = loadCheckpoint(dir);
  const state: SearchState = checkpoint?.state ?? initialState(config.domain, config.objectives, config.initial, config.settings, config.seed, config.stop);
  if (o.stop?.budget !== undefined) state.stop = { ...state.stop, budget: o.stop.budget };
  if (o.stop?.patience !== undefined) state.stop = { ...state.stop, patience: o.stop.patience };
  const stop: StopSettings = { ...state.stop, ...(o.stop?.timeMs !== undefined ? { timeMs: o.stop.timeMs } : {}) };

  // Rebuild the cache from batches the checkpoint covers; keep later batches for replay.
  const cache = new EquivalenceCache(config.settings.cacheCapacity);
  const replay: Replay = { entries: new Map(), offsets: new Map() };
  let covered = 0;
  let group: JournalEntry[] = [];
  let lastBatch = -1;
  const path = join(dir, JOURNAL_FILE);
  const scan = scanJournal(path, (e, offset) => {
    if (e.batch < lastBatch) throw new RunDirectoryError(`${path}: batch ${e.batch} after batch ${lastBatch} at byte ${offset}`);
    if (e.batch < state.nextBatch) {
      if (e.batch !== lastBatch && group.length > 0) {
        replayIntoCache(cache, group);
        group = [];
      }
      group.push(e);
      covered++;
    } else {
      if (!replay.entries.has(e.batch)) {
        replay.entries.set(e.batch, []);
        replay.offsets.set(e.batch, offset);
      }
      replay.entries.get(e.batch)?.push(e);
    }
    lastBatch = e.batch;
  });
  replayIntoCache(cache, group);
  if (covered !== state.candidates) {
    throw new RunDirectoryError(`${path} holds ${covered} lines for batches 0..${state.nextBatch - 1}, the checkpoint expects ${state.candidates}`);
  }
  const pending = [...replay.entries.keys()];
  if (pending.some((b, i) => b !== state.nextBatch + i)) {
    throw new RunDirectoryError(`${path}: batches after the checkpoint are not consecutive from batch ${state.nextBatch} (found ${pending.join(', ')})`);
  }
  const journal = JournalWriter.open(path, scan.validBytes);
  o.onStart?.(dir, config.runId);
  return runLoop({ dir, config, engine: new SearchEngine(config.settings, state), cache, journal, replay, options: o, stop });
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

async function runLoop(loop: Loop): Promise<RunSummary> {
  const { dir, config, engine, cache, journal, replay, options, stop } = loop;
  const state = engine.state;
  const { evaluator, signal } = options;
  const task = config.task;
  const checkpointInterval = options.checkpointIntervalMs ?? 10_000;
  const sessionStart = Date.now();
  const elapsedBefore = state.elapsedMs;
  let lastCheckpoint = sessionStart;
  let sessionEvaluations = 0;
  let sessionCandidates = 0;
  let replayedBatches = 0;

  const progress = (): SearchProgress => {
    const sessionMs = Date.now() - sessionStart;
    const seconds = Math.max(sessionMs, 1) / 1000;
    return {
      dir,
      runId: config.runId,
      task: task.id,
      label: config.label,
      batch: state.nextBatch,
      candidates: state.candidates,
      evaluations: state.evaluations,
      cacheHits: state.cacheHits,
      hitRate: state.candidates > 0 ? state.cacheHits / state.candidates : 0,
      evaluationsPerSecond: sessionEvaluations / seconds,
      candidatesPerSecond: sessionCandidates / seconds,
      elapsedMs: elapsedBefore + sessionMs,
      sessionMs,
      ...(state.stop.budget !== undefined ? { budget: state.stop.budget } : {}),
      ...(stop.timeMs !== undefined ? { timeMs: stop.timeMs } : {}),
      retries: { ...state.retries },
      restarts: state.restarts,
      front: state.archive,
      replayedBatches,
    };
  };
  const checkpoint = (): void => {
    state.elapsedMs = elapsedBefore + (Date.now() - sessionStart);
    saveCheckpoint(dir, state, journal.size);
    lastCheckpoint = Date.now();
  };
  const front = (): void => writeFront(dir, { task: task.id, label: config.label, measure: config.objectives[0], entries: state.archive });

  const stopReason = (): StopReason | undefined => {
    if (signal?.aborted) return 'interrupted';
    if (engine.nextBatchSize() === 0) return 'budget';
    if (stop.timeMs !== undefined && Date.now() - sessionStart >= stop.timeMs) return 'time';
    if (state.stop.patience !== undefined && state.evaluations - state.lastImprovement >= state.stop.patience) return 'patience';
    return undefined;
  };

  if (!existsSync(join(dir, 'front.json'))) front();
  options.onProgress?.(progress());
  let reason: StopReason | undefined;
  try {
    while ((reason = stopReason()) === undefined) {
      const batch = state.nextBatch;
      // Front polish (polish.ts): a batch of new front entries, refitted hard, before the next ordinary batch.
      const polishing = polishes(task) ? polishBatch(state, engine.nextBatchSize()) : undefined;
      const children = polishing ?? engine.ask(batchSizeFor(batch, replay, engine));
      let outcomes = replayBatch(children, replay, batch, cache, journal);
      if (outcomes) {
        replayedBatches++;
      } else {
        const fresh = await evaluateBatch(children, batch, state, cache, evaluator, polishing ? polishTask(task) : task, signal);
        if (!fresh) {
          reason = 'interrupted';
          break;
        }
        journal.append(fresh.entries);
        outcomes = fresh.outcomes;
        sessionEvaluations += fresh.evaluated;
        sessionCandidates += children.length;
      }
      const { frontChanged } = engine.tell(children, outcomes);
      if (polishing) markPolished(state, outcomes);
      if (frontChanged) front();
      if (Date.now() - lastCheckpoint >= checkpointInterval) checkpoint();
      options.onProgress?.(progress());
    }
  } finally {
    // Whatever happened, leave a checkpoint at the last completed batch.
    checkpoint();
    journal.close();
  }
  return { ...progress(), reason: reason ?? 'interrupted', resumeCommand: `symdisc resume ${dir}` };
}

/**
 * A batch the journal holds complete is asked at its journaled size (the budget may have changed
 * since it was evaluated); any other batch at the engine's size.
 */
function batchSizeFor(batch: number, replay: Replay, engine: SearchEngine): number {
  const entries = replay.entries.get(batch);
  return entries !== undefined && entries.length === entries[0].batchSize ? entries.length : engine.nextBatchSize();
}

/**
 * The outcomes of batch `batch` from the journal, when a previous session evaluated it; undefined
 * when it must be evaluated (an incomplete batch is cut from the journal first).
 */
function replayBatch(children: readonly PendingChild[], replay: Replay, batch: number, cache: EquivalenceCache, journal: JournalWriter): Outcome[] | undefined {
  const entries = replay.entries.get(batch);
  if (!entries) return undefined;
  replay.entries.delete(batch);
  if (entries.length < children.length) {
    // The session died while writing this batch: drop it (and anything after) and evaluate again.
    journal.truncate(replay.offsets.get(batch) ?? journal.size);
    replay.entries.clear();
    return undefined;
  }
  if (entries.length > children.length || entries.some((e, i) => e.hash !== children[i].hash || e.fingerprint !== children[i].fingerprint)) {
    throw new RunDirectoryError(`journal batch ${batch} does not match a replay of the run: the run directory was changed, or the search is not deterministic`);
  }
  replayIntoCache(cache, entries);
  return entries.map((e) => ({ result: entryResult(e), cacheHit: e.cacheHit }));
}

interface FreshBatch {
  readonly entries: JournalEntry[];
  readonly outcomes: Outcome[];
  readonly evaluated: number;
}

/** Answers a batch from the cache where possible and evaluates the rest (each distinct key once). */
async function evaluateBatch(
  children: readonly PendingChild[],
  batch: number,
  state: SearchState,
  cache: EquivalenceCache,
  evaluator: Evaluator,
  task: TaskRef,
  signal: AbortSignal | undefined,
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
      results = await evaluator.evaluate(
        task,
        misses.map((i) => children[i].text),
        signal,
      );
    } catch (error) {
      if (isAbort(error, signal)) return undefined;
      throw error;
    }
    if (results.length !== misses.length) throw new Error(`evaluator returned ${results.length} results for ${misses.length} programs`);
  }
  const evalMs = misses.length > 0 ? (performance.now() - started) / misses.length : 0;
  // Outcomes and cache entries are read back from the journal entries, so that a replay (which
  // has only the journal) sees exactly the same values as this live run.
  const entries: JournalEntry[] = children.map((c, i) => {
    const j = missIndex.get(keys[i]);
    const fresh = cached[i] === undefined && j !== undefined && misses[j] === i;
    const result = cached[i] ?? results[j as number];
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
      evalMs: fresh ? Math.round(evalMs * 1000) / 1000 : 0,
      cacheHit: !fresh,
    };
  });
  const roundTripped = entries.map((e) => decodeEntry(encodeEntry(e)));
  for (const e of roundTripped) if (!e.cacheHit) cache.set(cacheKey(e.hash, e.fingerprint), entryResult(e));
  const outcomes: Outcome[] = roundTripped.map((e) => ({ result: entryResult(e), cacheHit: e.cacheHit }));
  return { entries, outcomes, evaluated: misses.length };
}
