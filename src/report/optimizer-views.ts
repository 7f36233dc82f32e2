/**
 * The report's views of an optimizer run: the baseline optimizers (AdamW, Lion) scored on the run's
 * task exactly as candidates are (the CPU scorer), and training-loss curves of a chosen program
 * against them on each family, each rule at its own best learning rate of the family's grid (the lr
 * its score was taken at). A family's curve is the geometric mean of the loss over its instances.
 */
import { compileProgram } from '../dsl/compile.ts';
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
