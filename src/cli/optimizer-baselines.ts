/**
 * The baseline optimizers (AdamW, Adam, SGD, SGD-momentum, RMSProp, Lion) beside a run's best
 * programs: what `search` prints at the end of an optimizer run and `inspect` under its front.
 * Progress is reported as discovery: each of the best programs with its per-family scores beside
 * the tuned baselines', its distance from the warm start (statements changed between the two as
 * displayed, src/dsl/program-distance.ts; the nearest of the run's initial programs), and its
 * displayed text (constants folded, dead code left out).
 * Baselines are scored by the CPU scorer on the run's task (a couple of seconds on opt:suite) and
 * cached in the run directory as baselines.json, which `search` writes and `inspect` only reads.
 */
import type { CandidateResult, TaskRef } from '../eval/evaluator.ts';
import { BASELINE_SEEDS, baselineScoresCpu } from '../eval/tasks/optimizer/score.ts';
import { isOptimizerTask } from '../eval/tasks/optimizer/task.ts';
import { getTask } from '../eval/tasks/registry.ts';
import type { ArchiveEntry } from '../evolve/archive.ts';
import { runWarmStart, warmStartDistance } from '../report/optimizer-views.ts';
import { SIMPLIFIED_CAPTION, programDisplay } from '../report/program-display.ts';
import { BASELINES_FILE, RunDirectory } from '../run/run-directory.ts';
import { BASELINE_LABELS, comparisonLines } from './optimizer-table.ts';
import type { ScoredRow } from './optimizer-table.ts';

export { BASELINES_FILE };

interface BaselinesJson {
  readonly task: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly scorer: 'cpu';
  readonly results: Readonly<Record<string, { score: number; valid: boolean; measures: Record<string, number> }>>;
}

function sameOptions(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

function readCached(dir: string, task: string, options: Readonly<Record<string, string | number | boolean>>): Record<string, CandidateResult> | undefined {
  if (!RunDirectory.isRun(dir)) return undefined;
  const raw = RunDirectory.open(dir).readJson<BaselinesJson>(BASELINES_FILE);
  if (!raw || typeof raw.results !== 'object' || raw.task !== task || !sameOptions(raw.options ?? {}, options)) return undefined;
  const out: Record<string, CandidateResult> = {};
  for (const name of BASELINE_SEEDS) {
    const r = raw.results[name];
    if (!r) return undefined;
    out[name] = { score: r.score, valid: r.valid, measures: r.measures };
  }
  return out;
}

/**
 * The baselines' results on the task of `ref` (options after defaults): from `dir`'s cache when it
 * matches, else scored now (and cached when `write`).
 */
export function runBaselines(dir: string, ref: TaskRef, write: boolean): Record<string, CandidateResult> {
  const task = getTask(ref.id, ref.options ?? {});
  const cached = readCached(dir, task.id, task.options);
  if (cached) return cached;
  const results = baselineScoresCpu(task.id, task.options);
  if (write && RunDirectory.isRun(dir)) {
    const json: BaselinesJson = {
      task: task.id,
      options: task.options,
      scorer: 'cpu',
      results: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { score: r.score, valid: r.valid, measures: r.measures }])),
    };
    RunDirectory.open(dir).writeJson(BASELINES_FILE, json);
  }
  return results;
}

/** Baseline rows for a comparison table, in BASELINE_SEEDS order. */
export function baselineRows(results: Readonly<Record<string, CandidateResult>>): ScoredRow[] {
  return BASELINE_SEEDS.filter((name) => results[name]).map((name) => ({ name: BASELINE_LABELS[name] ?? name, result: results[name] }));
}

/** A front entry as a result (its journal measures carry the per-family scores). */
export function entryResult(e: ArchiveEntry): CandidateResult {
  return { score: e.score, valid: Number.isFinite(e.score), measures: e.measures };
}

const changed = (d: number | undefined): string => (d === undefined ? '' : `, ${d} changed`);

/**
 * The best `count` programs of the front (by score) beside the baselines, for an optimizer run,
 * each with its distance from the warm start, then each as displayed; [] for any other task.
 */
export function frontVersusBaselines(dir: string, ref: TaskRef, front: readonly ArchiveEntry[], write: boolean, count = 3): string[] {
  const task = getTask(ref.id, ref.options ?? {});
  if (!isOptimizerTask(task)) return [];
  const show = programDisplay(ref);
  const warm = runWarmStart(dir);
  const best = [...front].filter((e) => Number.isFinite(e.score)).sort((a, b) => a.score - b.score).slice(0, count);
  const named = best.map((e, i) => ({ e, name: `${i === 0 ? 'best' : `#${i + 1}`} (cost ${e.cost}, ${e.hash.slice(0, 8)}${changed(warmStartDistance(e.program, warm.initial, show.precision))})` }));
  const rows: ScoredRow[] = [...named.map(({ e, name }) => ({ name, result: entryResult(e) })), ...baselineRows(runBaselines(dir, ref, write))];
  const from = warm.label ? `the warm start (${warm.label})` : 'the warm start';
  return [
    `${task.id}: the front's best beside the tuned baselines (mean log ratio of final loss to tuned AdamW per family; negative beats AdamW; changed = statements changed from ${from})`,
    ...comparisonLines(task.families, rows).map((l) => `  ${l}`),
    ...named.flatMap(({ e, name }) => ['', `  ${name}, ${SIMPLIFIED_CAPTION}:`, ...show.simplified(e.program).trimEnd().split('\n').map((l) => `    ${l}`)]),
  ];
}

/** The front as `search` left it in `dir`/front.json ([] when there is none yet). */
export function readFrontEntries(dir: string): ArchiveEntry[] {
  if (!RunDirectory.isRun(dir)) return [];
  return [...(RunDirectory.open(dir).front()?.entries ?? [])];
}
