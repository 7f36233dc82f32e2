/**
 * What a run did, as plain data for `inspect` and the report's header: task, seed, backend,
 * counters (from the journal, which is never behind the checkpoint), rates (from the checkpoint,
 * whose elapsed time matches its own counters), the best program, and the front with PySR's score
 * column.
 */
import type { ArchiveEntry } from '../evolve/archive.ts';
import type { Domain } from '../dsl/signature.ts';
import { getTask } from '../eval/tasks/registry.ts';
import type { TaskOptions } from '../eval/tasks/registry.ts';
import { readLock } from '../run/status.ts';
import { isCacheHitAt, isValidAt } from './run-reader.ts';
import type { RunData } from './run-reader.ts';

/** Seconds without a journal write after which a run without a final checkpoint is taken as killed. */
export const QUIET_SECONDS = 120;

export interface RunSummaryView {
  readonly runId: string;
  readonly dir: string;
  readonly task: string;
  /** After defaults (precision, points, instances, ...). */
  readonly taskOptions: TaskOptions;
  readonly domain: Domain;
  readonly seed: string;
  readonly strategy: string;
  readonly backend: string;
  readonly backendDescription?: string;
  readonly workers?: number;
  readonly createdAt: string;
  /** Journal lines (candidates scored), of which evaluated (cache misses) and cache hits. */
  readonly candidates: number;
  readonly evaluations: number;
  readonly cacheHits: number;
  readonly validCandidates: number;
  readonly hitRate: number;
  /** Wall-clock time over all sessions as of the last checkpoint; undefined without one. */
  readonly elapsedMs?: number;
  /** Evaluations per second over that time (checkpoint counters). */
  readonly evaluationsPerSecond?: number;
  readonly budget?: number;
  /** `error` or `score`, and the measure objectives[0] stands for. */
  readonly label: string;
  readonly measure: string;
  readonly best?: ArchiveEntry;
  readonly frontSize: number;
  /** Journal lines after the last checkpoint, bytes of a torn tail, last journal write. */
  readonly uncheckpointed: number;
  readonly tornBytes: number;
  readonly lastWrite?: string;
  /**
   * `running` while the run's lock names a live process (run/status.ts), or while journal lines
   * after the last checkpoint were written in the last QUIET_SECONDS (a session on another
   * machine); else `stopped` when the last checkpoint covers the whole journal (a run ends with
   * one, also on Ctrl-C), `killed` when it does not.
   */
  readonly activity: 'running' | 'stopped' | 'killed';
}

/** The task's options after defaults, or as recorded when this version does not know the task. */
function effectiveOptions(run: RunData): TaskOptions {
  try {
    return getTask(run.config.task.id, run.config.task.options ?? {}).options;
  } catch {
    return run.config.task.options ?? {};
  }
}

export function runSummary(run: RunData, now: Date = new Date()): RunSummaryView {
  const c = run.candidates;
  let cacheHits = 0;
  let valid = 0;
  for (let k = 0; k < c.count; k++) {
    if (isCacheHitAt(c, k)) cacheHits++;
    if (isValidAt(c, k)) valid++;
  }
  const cp = run.checkpoint;
  const best = run.front.entries.reduce<ArchiveEntry | undefined>((b, e) => (b === undefined || e.score < b.score ? e : b), undefined);
  const quiet = run.lastWrite === undefined || (now.getTime() - run.lastWrite.getTime()) / 1000 > QUIET_SECONDS;
  const uncheckpointed = Math.max(0, c.count - (cp?.candidates ?? 0));
  // A live session is running even just after a checkpoint, when the journal holds nothing past it.
  const locked = readLock(run.dir)?.alive === true;
  const activity = locked ? 'running' : uncheckpointed === 0 && run.tornBytes === 0 ? 'stopped' : quiet ? 'killed' : 'running';
  const budget = cp?.stop.budget ?? run.config.stop.budget;
  return {
    runId: run.config.runId,
    dir: run.dir,
    task: run.config.task.id,
    taskOptions: effectiveOptions(run),
    domain: run.config.domain,
    seed: run.config.seed,
    strategy: run.config.settings.strategy,
    backend: run.config.backend,
    ...(run.config.backendDescription !== undefined ? { backendDescription: run.config.backendDescription } : {}),
    ...(run.config.workers !== undefined ? { workers: run.config.workers } : {}),
    createdAt: run.config.createdAt,
    candidates: c.count,
    evaluations: c.count - cacheHits,
    cacheHits,
    validCandidates: valid,
    hitRate: c.count > 0 ? cacheHits / c.count : 0,
    ...(cp ? { elapsedMs: cp.elapsedMs } : {}),
    ...(cp && cp.elapsedMs > 0 ? { evaluationsPerSecond: cp.evaluations / (cp.elapsedMs / 1000) } : {}),
    ...(budget !== undefined ? { budget } : {}),
    label: run.front.label,
    measure: run.front.measure,
    ...(best ? { best } : {}),
    frontSize: run.front.entries.length,
    uncheckpointed,
    tornBytes: run.tornBytes,
    ...(run.lastWrite ? { lastWrite: run.lastWrite.toISOString() } : {}),
    activity,
  };
}

export interface FrontRow extends ArchiveEntry {
  /**
   * PySR's score: how much the error drops per unit of cost from the previous (cheaper) entry of
   * the front, −Δlog(error)/Δcost for function tasks. Optimizer scores are already log ratios
   * (and may be negative), so there it is −Δscore/Δcost. 0 for the cheapest entry.
   */
  readonly pysrScore: number;
}

/** The front, cheapest first, with PySR's score column. */
export function frontRows(entries: readonly ArchiveEntry[], domain: Domain): FrontRow[] {
  const sorted = [...entries].sort((a, b) => a.cost - b.cost);
  const transform = domain === 'function' ? (x: number): number => Math.log(Math.max(x, Number.MIN_VALUE)) : (x: number): number => x;
  return sorted.map((e, i) => {
    if (i === 0) return { ...e, pysrScore: 0 };
    const prev = sorted[i - 1];
    const dc = e.cost - prev.cost;
    return { ...e, pysrScore: dc > 0 ? -(transform(e.score) - transform(prev.score)) / dc : 0 };
  });
}

