/**
 * The report's views of an optimizer run: the baseline optimizers (AdamW, Lion) scored on the run's
 * task exactly as candidates are (the CPU scorer), training-loss curves of a chosen program
 * against them on each family, each rule at its own best learning rate of the family's grid (the lr
 * its score was taken at; a family's curve is the geometric mean of the loss over its instances),
 * and the discovery view: the best programs of the front as displayed, their distance from the
 * warm start (statements changed, src/dsl/program-distance.ts) and their per-family scores beside
 * the tuned baselines' (baselines.json, which `search` writes).
 */
import { compileProgram } from '../dsl/compile.ts';
import type { DisplayPrecision } from '../dsl/display.ts';
import { programDistance } from '../dsl/program-distance.ts';
import type { ArchiveEntry } from '../evolve/archive.ts';
import { BASELINES_FILE, RunDirectory } from '../run/run-directory.ts';
import { programDisplay } from './program-display.ts';
import type { CompiledProgram } from '../dsl/compile.ts';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import { programCost } from '../eval/program-cost.ts';
import { baselineVariants } from '../eval/tasks/optimizer/baselines.ts';
import { buildInstances } from '../eval/tasks/optimizer/instances.ts';
import { scoreRule } from '../eval/tasks/optimizer/score.ts';
import type { OptimizerScore } from '../eval/tasks/optimizer/score.ts';
import type { OptimizerTask } from '../eval/tasks/optimizer/task.ts';
import { trainBatch } from '../eval/tasks/optimizer/trainer.ts';
import type { BaselinePoint } from './function-views.ts';

/** The seed programs the report compares with. */
export const OPTIMIZER_BASELINES = ['adamw', 'lion'] as const;

const DISPLAY: Readonly<Record<string, string>> = { adamw: 'AdamW', lion: 'Lion' };

export interface ScoredRule {
  readonly name: string;
  readonly program: string;
  readonly cost: number;
  readonly rule: CompiledProgram;
  readonly score: OptimizerScore;
}

/** A program compiled (f32, as the search trains) and scored on the task. */
export function scoreRuleText(name: string, programText: string, task: OptimizerTask): ScoredRule {
  const p = parseProgram(programText);
  const rule = compileProgram(p, 'f32');
  return { name, program: printProgram(p), cost: programCost(p).cost, rule, score: scoreRule(rule, task) };
}

/**
 * AdamW and Lion on the task, each at its weight decay tuned for the task (the variant of
 * baselines.ts with the lowest task score, the first on ties): one program per baseline, so that
 * its curves can be drawn; on families whose tuned decay differs it scores a little above 0.
 */
export function optimizerBaselineRules(task: OptimizerTask): ScoredRule[] {
  return OPTIMIZER_BASELINES.map((seed) => {
    const scored = baselineVariants(seed).map((v) => scoreRuleText(DISPLAY[seed] ?? seed, printProgram(v.program), task));
    return scored.reduce((best, r) => (r.score.score < best.score.score ? r : best));
  });
}

export function baselinePoints(rules: readonly ScoredRule[]): BaselinePoint[] {
  return rules.map((r) => ({ series: r.name, label: r.name, cost: r.cost, score: r.score.score, program: r.program }));
}

export interface LossCurve {
  readonly family: string;
  readonly rule: string;
  readonly lr: number;
  /** Instances whose training diverged at that lr. */
  readonly diverged: number;
  readonly instances: number;
  /** Geometric mean loss over the instances still training, at steps 1, 1 + every, ... */
  readonly points: readonly { readonly step: number; readonly loss: number }[];
}

/** Loss curves of each rule on each family of the task, at the rule's best lr for that family. */
export function lossCurves(rules: readonly ScoredRule[], task: OptimizerTask, curvePoints = 80): LossCurve[] {
  const out: LossCurve[] = [];
  for (const family of task.families) {
    const instances = buildInstances(family, task.seed, task.instances, task.sizing);
    for (const r of rules) {
      const lr = r.score.families[family]?.lr;
      if (lr === undefined) continue;
      const results = trainBatch(
        r.rule,
        instances.map((instance) => ({ instance, lr })),
        { curvePoints },
      );
      const length = Math.max(...results.map((t) => t.curve.length));
      const points: { step: number; loss: number }[] = [];
      for (let k = 0; k < length; k++) {
        let sum = 0;
        let n = 0;
        for (const t of results) {
          if (k >= t.curve.length) continue;
          const loss = t.curve[k];
          if (!(loss > 0) || !Number.isFinite(loss)) continue;
          sum += Math.log(loss);
          n++;
        }
        if (n > 0) points.push({ step: 1 + k * results[0].curveEvery, loss: Math.exp(sum / n) });
      }
      out.push({ family, rule: r.name, lr, diverged: results.filter((t) => t.diverged).length, instances: results.length, points });
    }
  }
  return out;
}

/**
 * Statements changed between `program` and the nearest of `starts` (a run's initial programs), as
 * displayed in `precision`; undefined when there is no start or a text does not parse.
 */
export function warmStartDistance(program: string, starts: readonly string[], precision: DisplayPrecision): number | undefined {
  try {
    const p = parseProgram(program);
    const distances = starts.map((s) => programDistance(p, parseProgram(s), precision));
    return distances.length > 0 ? Math.min(...distances) : undefined;
  } catch {
    return undefined;
  }
}

/** A run's warm start: its label (`adamw`) and initial programs; none outside a run directory. */
export function runWarmStart(dir: string): { readonly label: string; readonly initial: readonly string[] } {
  if (!RunDirectory.isRun(dir)) return { label: '', initial: [] };
  const config = RunDirectory.open(dir).config();
  return { label: config.warmStart ?? '', initial: config.initial ?? [] };
}

/** One row of the discovery table: a program of the front or a tuned baseline. */
export interface DiscoveryRow {
  readonly name: string;
  readonly score: number;
  /** Family score (mean log ratio of final loss to tuned AdamW's), by family. */
  readonly families: Readonly<Record<string, number>>;
}

export interface DiscoveredProgram extends DiscoveryRow {
  readonly hash: string;
  readonly cost: number;
  /** The program as simplified for reading (program-display.ts: SIMPLIFIED_CAPTION). */
  readonly display: string;
  /** Statements changed from the nearest initial program; undefined without one. */
  readonly distance?: number;
}

export interface DiscoveryView {
  /** What the run started from (`adamw`). */
  readonly warmStart: string;
  readonly families: readonly string[];
  readonly programs: readonly DiscoveredProgram[];
  /** The tuned baselines (baselines.json), or the report's AdamW and Lion when it is missing. */
  readonly baselines: readonly DiscoveryRow[];
  readonly baselineSource: string;
}

const familyScores = (families: readonly string[], measures: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(families.map((f) => [f, measures[`family.${f}`] ?? NaN]));

/** Display names of the baseline seeds in baselines.json. */
const BASELINE_NAMES: Readonly<Record<string, string>> = { adamw: 'AdamW', adam: 'Adam', sgd: 'SGD', sgd_momentum: 'SGD-momentum', rmsprop: 'RMSProp', lion: 'Lion' };

/** The tuned baselines of `dir`/baselines.json for `task`, or undefined when missing or for another task. */
function cachedBaselines(dir: string, task: OptimizerTask): DiscoveryRow[] | undefined {
  if (!RunDirectory.isRun(dir)) return undefined;
  const raw = RunDirectory.open(dir).readJson<{ task?: string; results?: Record<string, { score: number; measures: Record<string, number> }> }>(BASELINES_FILE);
  if (!raw || raw.task !== task.id || typeof raw.results !== 'object') return undefined;
  return Object.entries(raw.results).map(([name, r]) => ({ name: BASELINE_NAMES[name] ?? name, score: r.score, families: familyScores(task.families, r.measures ?? {}) }));
}

/** The best `count` programs of the front (by score) as discoveries, beside the tuned baselines. */
export function discoveryView(dir: string, task: OptimizerTask, front: readonly ArchiveEntry[], fallback: readonly ScoredRule[], count = 3): DiscoveryView {
  const show = programDisplay({ id: task.id, options: task.options });
  const warm = runWarmStart(dir);
  const best = [...front].filter((e) => Number.isFinite(e.score)).sort((a, b) => a.score - b.score).slice(0, count);
  const programs = best.map((e, i): DiscoveredProgram => {
    const distance = warmStartDistance(e.program, warm.initial, show.precision);
    return { name: i === 0 ? 'best' : `#${i + 1}`, hash: e.hash, cost: e.cost, score: e.score, families: familyScores(task.families, e.measures), display: show.simplified(e.program), ...(distance !== undefined ? { distance } : {}) };
  });
  const cached = cachedBaselines(dir, task);
  const baselines = cached ?? fallback.map((r) => ({ name: r.name, score: r.score.score, families: Object.fromEntries(task.families.map((f) => [f, r.score.families[f]?.score ?? NaN])) }));
  return { warmStart: warm.label, families: [...task.families], programs, baselines, baselineSource: cached ? BASELINES_FILE : 'scored for this report' };
}
