/**
 * What the live dashboard shows of one run, as plain finite data: the run's counters and rates,
 * the best program simplified, the front, and the score over evaluations. It is recomputed only
 * when a file of the run directory changed (size or modification time), so a page polling a
 * finished run costs a few `stat` calls.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgram } from '../../dsl/parse.ts';
import { printProgram } from '../../dsl/print.ts';
import { simplify } from '../../dsl/simplify/simplify.ts';
import { progressSeries } from '../progress-series.ts';
import type { BestPoint, QuantilePoint } from '../progress-series.ts';
import { readRun } from '../run-reader.ts';
import { frontRows, runSummary } from '../run-summary.ts';

export interface LiveFrontRow {
  readonly cost: number;
  readonly score: number;
  readonly program: string;
}

export interface LiveRunView {
  readonly dir: string;
  readonly runId: string;
  readonly task: string;
  readonly seed: string;
  readonly strategy: string;
  readonly backend: string;
  readonly activity: 'running' | 'stopped' | 'killed';
  readonly candidates: number;
  readonly evaluations: number;
  readonly cacheHits: number;
  readonly hitRate: number;
  readonly elapsedMs: number | null;
  readonly evaluationsPerSecond: number | null;
  readonly label: string;
  readonly measure: string;
  /** Errors are plotted on a log axis; optimizer scores (log ratios, may be negative) are not. */
  readonly logScores: boolean;
  readonly best: LiveFrontRow | null;
  readonly front: readonly LiveFrontRow[];
  readonly progress: { readonly best: readonly BestPoint[]; readonly quantiles: readonly QuantilePoint[] };
  readonly updatedAt: string;
}

/** Failure to read a run (a directory that is not one, a damaged file), kept as data for the page. */
export interface LiveRunError {
  readonly dir: string;
  readonly error: string;
}

export type LiveEntry = LiveRunView | LiveRunError;

/** The simplified text of a program, or the raw text when it cannot be simplified. */
function readable(text: string): string {
  try {
    return printProgram(simplify(parseProgram(text)).program);
  } catch {
    return text;
  }
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** The live view of the run in `dir` (throws on a directory that is not a readable run). */
export function liveView(dir: string, now: Date = new Date()): LiveRunView {
  const run = readRun(dir);
  const summary = runSummary(run, now);
  const front = frontRows(run.front.entries, run.config.domain)
    .filter((r) => Number.isFinite(r.score))
    .map((r) => ({ cost: r.cost, score: r.score, program: readable(r.program) }));
  const best = summary.best && Number.isFinite(summary.best.score) ? { cost: summary.best.cost, score: summary.best.score, program: readable(summary.best.program) } : null;
  const series = progressSeries(run.candidates, run.config.settings.population * run.config.settings.islands);
  return {
    dir,
    runId: summary.runId,
    task: summary.task,
    seed: summary.seed,
    strategy: summary.strategy,
    backend: summary.backend,
    activity: summary.activity,
    candidates: summary.candidates,
    evaluations: summary.evaluations,
    cacheHits: summary.cacheHits,
    hitRate: summary.hitRate,
    elapsedMs: finiteOrNull(summary.elapsedMs),
    evaluationsPerSecond: finiteOrNull(summary.evaluationsPerSecond),
    label: summary.label,
    measure: summary.measure,
    logScores: run.config.domain === 'function',
    best,
    front,
    progress: { best: series.best.filter((p) => Number.isFinite(p.score)), quantiles: series.quantiles },
    updatedAt: now.toISOString(),
  };
}

/** Size and modification time of every file in `dir`: changes whenever the run writes anything. */
export function directorySignature(dir: string): string {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => {
        const s = statSync(join(dir, name));
        return `${name}:${s.size}:${s.mtimeMs}`;
      })
      .join('|');
  } catch (error) {
    return `error:${(error as Error).message}`;
  }
}

/**
 * The run directories named by `paths`: a path holding config.json is a run; any other directory
 * stands for the runs directly inside it (a results folder), newest first.
 */
export function runDirectories(paths: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const path of paths) {
    if (existsSync(join(path, 'config.json'))) {
      dirs.push(path);
      continue;
    }
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch {
      dirs.push(path); // shown as an error entry
      continue;
    }
    const runs = names
      .map((name) => join(path, name))
      .filter((dir) => existsSync(join(dir, 'config.json')))
      .sort((a, b) => statSync(join(b, 'config.json')).mtimeMs - statSync(join(a, 'config.json')).mtimeMs);
    dirs.push(...runs);
  }
  return dirs;
}

/** Live views of several runs, each recomputed only when its directory changed. */
export class LiveViews {
  private readonly cache = new Map<string, { signature: string; at: number; entry: LiveEntry }>();

  /** `maxAgeMs`: recompute a view this old even without a change (a quiet run turns from running to killed). */
  constructor(
    /** The run directories to show, asked anew at every refresh (a collection gains runs). */
    private readonly dirs: () => readonly string[],
    private readonly maxAgeMs = 30_000,
  ) {}

  /** The current entries, and whether any changed since the last call. */
  refresh(): { entries: LiveEntry[]; changed: boolean } {
    let changed = false;
    const entries = this.dirs().map((dir) => {
      const signature = directorySignature(dir);
      const cached = this.cache.get(dir);
      const now = Date.now();
      if (cached && cached.signature === signature && now - cached.at < this.maxAgeMs) return cached.entry;
      changed = true;
      let entry: LiveEntry;
      try {
        entry = liveView(dir);
      } catch (error) {
        entry = { dir, error: (error as Error).message };
      }
      this.cache.set(dir, { signature, at: now, entry });
      return entry;
    });
    return { entries, changed };
  }
}
