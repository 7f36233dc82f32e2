/**
 * Everything the HTML report shows, computed from a run directory as plain, finite data: the
 * summary, the progress series, the front with baselines, the error curves (function tasks) or
 * loss curves (optimizer tasks) of chosen programs, the lineage of the best program, the best
 * program raw and simplified, and the configuration. The page (page.ts) only lays it out.
 */
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import type { DisplayPrecision } from '../dsl/display.ts';
import { simplify } from '../dsl/simplify/simplify.ts';
import type { SimplifyStep } from '../dsl/simplify/simplify.ts';
import type { Domain } from '../dsl/signature.ts';
import type { RunConfig } from '../run/run-config.ts';
import { isFunctionTask } from '../eval/tasks/function/task.ts';
import { isOptimizerTask } from '../eval/tasks/optimizer/task.ts';
import { getTask } from '../eval/tasks/registry.ts';
import type { TaskDefinition } from '../eval/tasks/registry.ts';
import { curveXs, errorCurve, errorKind, functionBaselines } from './function-views.ts';
import type { BaselinePoint, ErrorCurve, ErrorKind } from './function-views.ts';
import { lineageOfCandidate } from './lineage.ts';
import type { LineageStep } from './lineage.ts';
import { baselinePoints, discoveryView, lossCurves, optimizerBaselineRules, scoreRuleText } from './optimizer-views.ts';
import type { DiscoveryView, LossCurve } from './optimizer-views.ts';
import { progressSeries } from './progress-series.ts';
import type { ProgressSeries } from './progress-series.ts';
import { taskPrecision } from './program-display.ts';
import { readRun } from './run-reader.ts';
import type { RunData } from './run-reader.ts';
import { frontRows, runSummary } from './run-summary.ts';
import type { FrontRow, RunSummaryView } from './run-summary.ts';

export interface FamilyScoreRow {
  readonly family: string;
  /** Family score (mean log loss ratio to tuned AdamW) and lr of each rule, by rule name. */
  readonly scores: Readonly<Record<string, number>>;
  readonly lrs: Readonly<Record<string, number>>;
}

export interface ReportData {
  readonly generatedAt: string;
  /** The precision the task scores in: programs are displayed (src/dsl/display.ts) in it. */
  readonly precision: DisplayPrecision;
  readonly summary: RunSummaryView;
  readonly taskDescription: string;
  readonly domain: Domain;
  /** Plot scores on a log axis (errors are positive; optimizer scores are log ratios and may be negative). */
  readonly logScores: boolean;
  readonly progress: ProgressSeries;
  readonly front: readonly FrontRow[];
  readonly baselines: readonly BaselinePoint[];
  readonly errorCurves?: {
    readonly kind: ErrorKind;
    readonly measure: string;
    readonly precision: string;
    readonly curves: readonly ErrorCurve[];
  };
  readonly optimizer?: {
    readonly rules: readonly string[];
    readonly families: readonly string[];
    readonly familyScores: readonly FamilyScoreRow[];
    readonly curves: readonly LossCurve[];
  };
  /** Optimizer runs: the best programs as discoveries (displayed, distance from the warm start, per-family scores beside the tuned baselines). */
  readonly discovery?: DiscoveryView;
  readonly lineage?: {
    readonly steps: readonly LineageStep[];
    readonly origin: 'seed' | 'missing-parent';
  };
  readonly best?: {
    readonly raw: string;
    readonly simplified?: string;
    readonly steps?: readonly SimplifyStep[];
    readonly simplifyError?: string;
  };
  readonly config: RunConfig;
  /** Parts left out, and why. */
  readonly notes: readonly string[];
}

export interface ReportOptions {
  /** Programs of the front whose error curves are drawn (function tasks), besides the best. */
  readonly curvePrograms?: number;
  /** Points of each error curve. */
  readonly curvePoints?: number;
  /** Highest polynomial degree of the function baselines. */
  readonly maxDegree?: number;
  readonly now?: Date;
}

/** `count` entries spread over `rows` (by index), always including `must`. */
function spread<T>(rows: readonly T[], count: number, must: T): T[] {
  if (rows.length <= count) return [...rows];
  const picked = new Set<T>([must]);
  for (let i = 0; picked.size < count && i < count; i++) picked.add(rows[Math.round((i * (rows.length - 1)) / Math.max(1, count - 1))]);
  return rows.filter((r) => picked.has(r));
}

/** `compute()`, or undefined with a note when it fails (a damaged or hand-edited run directory). */
function attempt<T>(notes: string[], what: string, compute: () => T): T | undefined {
  try {
    return compute();
  } catch (error) {
    notes.push(`${what} is left out: ${(error as Error).message}`);
    return undefined;
  }
}

function taskOf(config: RunConfig, notes: string[]): TaskDefinition | undefined {
  try {
    return getTask(config.task.id, config.task.options ?? {});
  } catch (error) {
    notes.push(`task ${config.task.id} is not known to this version of symdisc (${(error as Error).message}); baselines and curves are left out`);
    return undefined;
  }
}

function simplified(raw: string, notes: string[]): ReportData['best'] {
  try {
    const result = simplify(parseProgram(raw));
    return { raw, simplified: printProgram(result.program), steps: result.steps };
  } catch (error) {
    notes.push(`the best program could not be simplified: ${(error as Error).message}`);
    return { raw, simplifyError: (error as Error).message };
  }
}

export function reportData(run: RunData, options: ReportOptions = {}): ReportData {
  const notes: string[] = [];
  const summary = runSummary(run, options.now);
  const domain = run.config.domain;
  const task = taskOf(run.config, notes);
  const front = frontRows(run.front.entries, domain);
  const best = summary.best;
  const window = run.config.settings.population * run.config.settings.islands;

  let baselines: BaselinePoint[] = [];
  let errorCurves: ReportData['errorCurves'];
  let optimizer: ReportData['optimizer'];
  let discovery: DiscoveryView | undefined;
  if (task && isFunctionTask(task)) {
    baselines = functionBaselines(task, options.maxDegree ?? 8);
    if (baselines.length === 0) notes.push(`no polynomial baselines for target ${task.target.name} (only built-in targets have high-precision references)`);
    if (best) {
      const xs = curveXs(task, options.curvePoints ?? 512);
      const ref = task.target.reference.evalHighPrecision(xs);
      const chosen = spread(front, 1 + (options.curvePrograms ?? 3), front.find((r) => r.candidate === best.candidate && r.hash === best.hash) ?? front[0]);
      const curves: ErrorCurve[] = [];
      for (const r of chosen) {
        const name = `cost ${r.cost}${r.hash === best.hash ? ' (best)' : ''}`;
        const curve = attempt(notes, `the error curve of the program at ${name}`, () => errorCurve(name, r.program, task, xs, ref));
        if (curve) curves.push(curve);
      }
      const comparable = baselines.filter((b) => b.series.startsWith('minimax') && !b.label.includes('fma') && b.cost <= best.cost).sort((a, b) => b.cost - a.cost)[0];
      if (comparable) curves.push(errorCurve(`${comparable.label} (cost ${comparable.cost})`, comparable.program, task, xs, ref, true));
      errorCurves = { kind: errorKind(task.objectives[0]), measure: task.objectives[0], precision: task.precision, curves };
    }
  } else if (task && isOptimizerTask(task)) {
    const rules = optimizerBaselineRules(task);
    baselines = baselinePoints(rules);
    discovery = attempt(notes, 'the discovery table', () => discoveryView(run.dir, task, run.front.entries, rules));
    const chosen = best ? attempt(notes, 'the training curves of the best program', () => scoreRuleText('best program', best.program, task)) : undefined;
    if (chosen) {
      const all = [chosen, ...rules];
      optimizer = {
        rules: all.map((r) => r.name),
        families: [...task.families],
        familyScores: task.families.map((family) => ({
          family,
          scores: Object.fromEntries(all.map((r) => [r.name, r.score.families[family]?.score ?? NaN])),
          lrs: Object.fromEntries(all.map((r) => [r.name, r.score.families[family]?.lr ?? NaN])),
        })),
        curves: lossCurves(all, task),
      };
    }
  } else if (task) {
    notes.push(`no baselines or curves for tasks of kind ${task.kind}`);
  }
  if (!best) notes.push('no valid program yet: the front is empty');

  const lineage = best ? lineageOfCandidate(run, best.candidate) : undefined;
  if (best && !lineage) notes.push(`candidate ${best.candidate} (the best program) is not in the journal`);

  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    precision: taskPrecision(run.config.task),
    summary,
    taskDescription: task?.description ?? run.config.task.id,
    domain,
    logScores: domain === 'function',
    progress: progressSeries(run.candidates, window),
    front,
    baselines,
    ...(errorCurves ? { errorCurves } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(discovery ? { discovery } : {}),
    ...(lineage ? { lineage } : {}),
    ...(best ? { best: simplified(best.program, notes) } : {}),
    config: run.config,
    notes,
  };
}

/** Reads the run in `dir` and computes its report data. */
export function reportDataForDirectory(dir: string, options: ReportOptions = {}): ReportData {
  return reportData(readRun(dir), options);
}
