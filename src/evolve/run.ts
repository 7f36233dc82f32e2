/**
 * The run loop: ask a batch, answer it (batch-answer.ts: journal replay, cache, evaluator), tell
 * it, and record it (journal, front, a checkpoint now and then) while the next batch is evaluated;
 * stop (stop.ts) on budget, time, patience or an abort signal. The order of asks and tells is that
 * of a loop that waits for each record, so a run is the same whatever the timing. `startSearch`
 * creates a run directory; `resumeSearch` continues one from its checkpoint and journal
 * (resume-plan.ts), replaying (not re-evaluating) batches the journal holds beyond the checkpoint,
 * so a kill loses at most the two batches in flight. Every file goes through the RunDirectory
 * (src/run/run-directory.ts).
 */
import type { Evaluator, TaskRef } from '../eval/evaluator.ts';
import type { Domain } from '../dsl/signature.ts';
import { isDiskFull } from '../run/disk.ts';
import { startMemoryTrace } from '../run/memory-trace.ts';
import type { EndReason } from '../run/checkpoint.ts';
import { RunDirectory } from '../run/run-directory.ts';
import type { JournalEntry } from '../run/journal-entry.ts';
import type { JournalSink, RunDirectoryOptions } from '../run/run-directory.ts';
import { runId, versions } from '../run/run-config.ts';
import type { RunConfig } from '../run/run-config.ts';
import { batchSizeFor, evaluateBatch, replayBatch } from './batch-answer.ts';
import type { Replay } from './batch-answer.ts';
import { EquivalenceCache } from './cache.ts';
import { SearchEngine, initialState } from './engine.ts';
import type { SearchState } from './engine.ts';
import { progressOf } from './progress.ts';
import type { RunSummary, SearchProgress } from './progress.ts';
import { planResume } from './resume-plan.ts';
import type { SearchSpace } from './search-space.ts';
import { markPolished, polishBatch } from './polish.ts';
import type { SearchSettings, StopSettings } from './settings.ts';
import { stopReason } from './stop.ts';
import type { StopReason } from './stop.ts';

export type { RunSummary, SearchProgress } from './progress.ts';
export type { StopReason } from './stop.ts';

export interface SessionOptions {
  readonly evaluator: Evaluator;
  /** The task's search space (its TaskDefinition's `searchSpace`). */
  readonly space: SearchSpace;
  readonly signal?: AbortSignal;
  /** Called after every batch (and once at the start). */
  readonly onProgress?: (progress: SearchProgress) => void;
  /** Wall-clock milliseconds between checkpoints (default 10 s); one is always written at the end. */
  readonly checkpointIntervalMs?: number;
  /** The run directory's disk and journal segment size (tests inject a full disk here). */
  readonly runDirectory?: RunDirectoryOptions;
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

/** The disk filled up: the search stopped, the run directory is resumable once there is space. */
export class DiskFullError extends Error {
  override readonly name = 'DiskFullError';
}

interface Loop {
  readonly run: RunDirectory;
  readonly config: RunConfig;
  readonly engine: SearchEngine;
  readonly cache: EquivalenceCache;
  readonly journal: JournalSink;
  readonly replay: Replay;
  readonly options: SessionOptions;
  readonly stop: StopSettings;
}

export async function startSearch(o: StartOptions): Promise<RunSummary> {
  const draft: RunConfig = {
    version: 1,
    runId: runId(o.task.id, o.seed, new Date()),
    createdAt: new Date().toISOString(),
    task: o.task,
    domain: o.domain,
    objectives: [...o.objectives],
    label: o.space.scoreLabel,
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
  const run = RunDirectory.create(o.out, o.resultsRoot ?? 'results', draft, o.runDirectory);
  const config = run.config();
  run.lock();
  const state = initialState(o.domain, o.objectives, o.initial, o.settings, o.seed, o.stop);
  const journal = run.openJournal();
  run.writeCheckpoint(state, 0);
  o.onStart?.(run.dir, config.runId);
  return runLoop({
    run,
    config,
    engine: new SearchEngine(o.settings, state, o.space),
    cache: new EquivalenceCache(o.settings.cacheCapacity),
    journal,
    replay: { entries: new Map(), positions: new Map() },
    options: o,
    stop: o.stop,
  });
}

export async function resumeSearch(dir: string, o: ResumeOptions): Promise<RunSummary> {
  const run = RunDirectory.open(dir, o.runDirectory);
  const config = run.config();
  const checkpoint = run.checkpoint();
  const state: SearchState = checkpoint?.state ?? initialState(config.domain, config.objectives, config.initial, config.settings, config.seed, config.stop);
  if (o.stop?.budget !== undefined) state.stop = { ...state.stop, budget: o.stop.budget };
  if (o.stop?.patience !== undefined) state.stop = { ...state.stop, patience: o.stop.patience };
  const stop: StopSettings = { ...state.stop, ...(o.stop?.timeMs !== undefined ? { timeMs: o.stop.timeMs } : {}) };
  run.lock();
  let plan;
  try {
    plan = planResume(run, state, config.settings.cacheCapacity);
  } catch (error) {
    run.unlock();
    throw error;
  }
  o.onStart?.(dir, config.runId);
  return runLoop({ run, config, engine: new SearchEngine(config.settings, state, o.space), cache: plan.cache, journal: plan.journal, replay: plan.replay, options: o, stop });
}

async function runLoop(loop: Loop): Promise<RunSummary> {
  const { run, config, engine, cache, journal, replay, options, stop } = loop;
  const state = engine.state;
  const { evaluator, signal } = options;
  const task = config.task;
  // The task a front-polish batch is scored on, when the task's search space polishes (polish.ts).
  const polishRef = options.space.polishTask?.(task);
  const checkpointInterval = options.checkpointIntervalMs ?? 10_000;
  const sessionStart = Date.now();
  const elapsedBefore = state.elapsedMs;
  let lastCheckpoint = sessionStart;
  let sessionEvaluations = 0;
  let sessionCandidates = 0;
  let replayedBatches = 0;

  const progress = (at: SearchState): SearchProgress =>
    progressOf(at, {
      dir: run.dir,
      runId: config.runId,
      task: task.id,
      label: config.label,
      sessionStart,
      elapsedBefore,
      evaluations: sessionEvaluations,
      candidates: sessionCandidates,
      replayedBatches,
      ...(stop.timeMs !== undefined ? { timeMs: stop.timeMs } : {}),
    });
  const checkpoint = (at: SearchState, end?: EndReason): void => {
    at.elapsedMs = state.elapsedMs = elapsedBefore + (Date.now() - sessionStart);
    run.writeCheckpoint(at, journal.size, end);
    lastCheckpoint = Date.now();
  };
  const front = (at: SearchState): void => run.writeFront({ task: task.id, label: config.label, measure: config.objectives[0], entries: at.archive });

  // What the journal, front.json and checkpoint.json have not seen yet: the last told batch, recorded
  // while the next one is being evaluated (the workers are busy while the loop writes). `durable` is
  // the state as of the last batch the journal holds, the one a checkpoint may name: the live state
  // moves on when the next batch is asked.
  let unrecorded: { entries?: readonly JournalEntry[]; frontChanged: boolean; told: SearchState } | undefined;
  let durable: SearchState = structuredClone(state);
  const record = (): void => {
    if (!unrecorded) return;
    const { entries, frontChanged, told } = unrecorded;
    unrecorded = undefined;
    if (entries) journal.append(entries);
    durable = told;
    if (frontChanged) front(told);
    if (Date.now() - lastCheckpoint >= checkpointInterval) checkpoint(told);
    options.onProgress?.(progress(told));
  };

  let reason: StopReason | undefined;
  let diskFull: unknown;
  let inFlight: Promise<unknown> | undefined;
  const stopTrace = startMemoryTrace(() => ({
    candidates: state.candidates,
    cacheEntries: cache.size,
    cacheSlots: cache.slotCount,
    memo: engine.memoSize,
    archive: state.archive.length,
    polished: (state as { polished?: readonly string[] }).polished?.length ?? 0,
    replayBatches: replay.entries.size,
    ...journal.memorySizes?.(),
  }));
  try {
    if (!run.hasFront()) front(state);
    options.onProgress?.(progress(state));
    while ((reason = stopReason(engine, stop, sessionStart, signal)) === undefined) {
      const batch = state.nextBatch;
      // Front polish (polish.ts): a batch of new front entries, refitted hard, before the next ordinary
      // batch. Warm-start programs are not polished in the search, float32 ones neither: their f32
      // refit gains 1-10% of an ULP and polishing a dozen baselines first cost a 60-s f32 search
      // most of its evaluations; `symdisc polish` refits them on demand.
      const polishing = polishRef ? polishBatch(state, engine.nextBatchSize()) : undefined;
      const children = polishing ?? engine.ask(batchSizeFor(batch, replay, engine));
      let outcomes = replayBatch(children, replay, batch, cache, journal);
      let entries: readonly JournalEntry[] | undefined;
      if (outcomes) {
        replayedBatches++;
      } else {
        const evaluation = evaluateBatch(children, batch, state, cache, evaluator, polishing && polishRef ? polishRef : task, signal, polishing ? undefined : config.settings.hurdle);
        inFlight = evaluation.catch(() => undefined);
        // Let the batch reach the workers, then record the previous one while they evaluate.
        await new Promise<void>((resolve) => setImmediate(resolve));
        record();
        const fresh = await evaluation;
        inFlight = undefined;
        if (!fresh) {
          reason = 'interrupted';
          break;
        }
        entries = fresh.entries;
        outcomes = fresh.outcomes;
        sessionEvaluations += fresh.evaluated;
        sessionCandidates += children.length;
      }
      const { frontChanged } = engine.tell(children, outcomes);
      if (polishing) markPolished(state, outcomes);
      unrecorded = { ...(entries ? { entries } : {}), frontChanged, told: structuredClone(state) };
      if (!entries) record();
    }
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    diskFull = error;
  } finally {
    // Whatever happened, leave a checkpoint at the last batch the journal holds (a batch journaled
    // but not told is replayed on resume; one asked but not journaled is asked again). On a full disk
    // this may fail too: the previous one stays.
    try {
      await inFlight;
      if (diskFull === undefined) record();
      checkpoint(durable, diskFull !== undefined ? 'disk-full' : (reason ?? 'interrupted'));
    } catch (error) {
      if (diskFull === undefined && !isDiskFull(error)) throw error;
      diskFull ??= error;
    } finally {
      stopTrace();
      journal.close();
      run.unlock();
    }
  }
  if (diskFull !== undefined) {
    const what = (diskFull as { path?: string }).path ?? run.dir;
    throw new DiskFullError(`disk full writing ${what}; free some space, then continue with: symdisc resume ${run.dir}`);
  }
  return { ...progress(durable), reason: reason ?? 'interrupted', resumeCommand: `symdisc resume ${run.dir}` };
}
