/**
 * Scores optimizer programs on the CPU: compile the program for float32, train it on every
 * instance of every family of the task at every grid lr, and compare with tuned AdamW
 * (fitness.ts). The CPU backend calls `scoreOptimizerCpu`; everything here is deterministic.
 */
import { compileRule } from './trainer.ts';
import type { CompiledProgram } from '../../../dsl/compile.ts';
import { parseProgram } from '../../../dsl/parse.ts';
import { printProgram } from '../../../dsl/print.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { TaskError } from '../types.ts';
import type { TaskOptions } from '../types.ts';
import { adamwBaseline, baselineVariants } from './baselines.ts';
import { getFamily } from './families/index.ts';
import { familyScore, taskScore } from './fitness.ts';
import type { FamilyScore } from './fitness.ts';
import { trainGrid } from './grid.ts';
import type { TrainOptions } from './trainer.ts';
import { buildInstances } from './instances.ts';
import { optimizerTask } from './task.ts';
import type { OptimizerTask } from './task.ts';

/** Per-family details of a score, for reports (the CandidateResult carries the numbers too). */
export interface OptimizerScore {
  readonly score: number;
  readonly families: Readonly<Record<string, FamilyScore>>;
  readonly trainings: number;
}

/** Scores a compiled rule (a compiled program or a reference optimizer) on a task (`options`: see trainer.ts). */
export function scoreRule(rule: CompiledProgram, task: OptimizerTask, options: TrainOptions = {}): OptimizerScore {
  const families: Record<string, FamilyScore> = {};
  let trainings = 0;
  for (const id of task.families) {
    const family = getFamily(id);
    const instances = buildInstances(id, task.seed, task.instances, task.sizing);
    const baseline = adamwBaseline(id, task.seed, task.instances, task.sizing);
    const results = trainGrid(rule, family, instances, options);
    const s = familyScore(family.lrGrid[task.sizing], results, baseline, family.lossFloor);
    families[id] = s;
    trainings += family.lrGrid[task.sizing].length * instances.length;
  }
  return { score: taskScore(Object.values(families).map((f) => f.score), task.gainCap), families, trainings };
}

/**
 * An OptimizerScore as the evaluator's CandidateResult (measures named as in task.ts). The score,
 * family scores and losses are rounded to float32: they come from float32 trainings, so digits past
 * float32's are not information, and a float32 value costs the journal half the bytes of a double
 * (run/compact-journal.ts). Learning rates, fractions and counts stay as they are (short already).
 */
export function toCandidateResult(s: OptimizerScore): CandidateResult {
  const f32 = Math.fround;
  const score = f32(s.score);
  const measures: Record<string, number> = { score };
  for (const [id, f] of Object.entries(s.families)) {
    measures[`family.${id}`] = f32(f.score);
    measures[`lr.${id}`] = f.lr;
    measures[`loss.${id}`] = f32(f.geoMeanLoss);
    measures[`diverged.${id}`] = f.divergedFraction;
    if (f.accuracy !== undefined) measures[`acc.${id}`] = f.accuracy;
  }
  measures.trainings = s.trainings;
  return { score, valid: true, measures };
}

function invalid(error: string): CandidateResult {
  return { score: Infinity, valid: false, measures: {}, error };
}

/** Scores a parsed program on a task. A program that cannot be compiled is invalid (score Infinity). */
export function scoreProgramCpu(p: Program, task: OptimizerTask): CandidateResult {
  if (p.domain !== 'optimizer') return invalid(`task ${task.id} scores optimizer programs (def train(w, g, m, v, lr)), got a ${p.domain} program`);
  let rule: CompiledProgram;
  try {
    rule = compileRule(p, 'f32');
  } catch (e) {
    return invalid(`compile failed: ${(e as Error).message}`);
  }
  return toCandidateResult(scoreRule(rule, task));
}

/**
 * Scores program text on task `taskId` (an `opt:*` id) with task options. Bad program text gives
 * an invalid result carrying the parse error; an unknown task id throws TaskError.
 */
export function scoreOptimizerCpu(programText: string, taskId: string, options: TaskOptions = {}): CandidateResult {
  const task = optimizerTask(taskId, options);
  if (!task) throw new TaskError(`unknown optimizer task '${taskId}'`);
  let p: Program;
  try {
    p = parseProgram(programText);
  } catch (e) {
    return invalid((e as Error).message);
  }
  return scoreProgramCpu(p, task);
}

/** The baseline optimizers whose scores are printed beside discovered programs (seed names). */
export const BASELINE_SEEDS: readonly string[] = Object.freeze(['adamw', 'adam', 'sgd', 'sgd_momentum', 'rmsprop', 'lion']);

/** What turns family scores into a task score: the task's families and its gain cap. */
export type TaskScoring = Pick<OptimizerTask, 'families' | 'gainCap'>;

/** Per-family measures a result carries (score.ts `toCandidateResult`), which a tuned result takes from its best variant. */
const FAMILY_MEASURES = ['family', 'lr', 'loss', 'diverged', 'acc'] as const;

/**
 * The hyperparameters a variant of a rule is trained with, reported per family by a tuned result:
 * `weightDecay` is the literal of the rule's own `wd = w * C` term (measure `wd.<family>`),
 * `decay` the decoupled decay added to it (decoupled-decay.ts; measure `decay.<family>`).
 */
export interface VariantSetting {
  readonly weightDecay?: number;
  readonly decay?: number;
}

function settingOf(v: VariantSetting): VariantSetting {
  return { ...(v.weightDecay !== undefined ? { weightDecay: v.weightDecay } : {}), ...(v.decay !== undefined ? { decay: v.decay } : {}) };
}

/**
 * A rule tuned over its variants (a baseline's, baselines.ts `baselineVariants`, or a candidate's
 * decoupled decays in funnel selection): on each family, the variant with the lowest family score
 * (the first on ties), its measures, and its setting as `wd.<family>` / `decay.<family>`; the score
 * is the task score of those family scores (fitness.ts `taskScore`). Tuned AdamW so scores exactly
 * 0. Invalid when every variant is.
 */
export function tunedResult(task: TaskScoring, variants: readonly (VariantSetting & { readonly result: CandidateResult })[]): CandidateResult {
  const families = task.families;
  const valid = variants.filter((v) => v.result.valid);
  if (valid.length === 0) return variants[0]?.result ?? invalid('no baseline variant');
  const measures: Record<string, number> = {};
  const familyScores: number[] = [];
  let trainings = 0;
  for (const v of valid) trainings += v.result.measures.trainings ?? 0;
  for (const id of families) {
    let best = valid[0];
    for (const v of valid) if (v.result.measures[`family.${id}`] < best.result.measures[`family.${id}`]) best = v;
    for (const m of FAMILY_MEASURES) {
      const x = best.result.measures[`${m}.${id}`];
      if (x !== undefined) measures[`${m}.${id}`] = x;
    }
    if (best.weightDecay !== undefined) measures[`wd.${id}`] = best.weightDecay;
    if (best.decay !== undefined) measures[`decay.${id}`] = best.decay;
    familyScores.push(best.result.measures[`family.${id}`]);
  }
  const score = taskScore(familyScores, task.gainCap);
  return { score, valid: true, measures: { score, ...measures, trainings } };
}

/** Program texts of every baseline's variants, in BASELINE_SEEDS order, for evaluating them in one batch. */
export function baselineVariantTexts(): (VariantSetting & { readonly name: string; readonly text: string })[] {
  return BASELINE_SEEDS.flatMap((name) => baselineVariants(name).map((v) => ({ name, ...settingOf(v), text: printProgram(v.program) })));
}

/** Tuned results of every baseline from the results of `baselineVariantTexts()` (same order). */
export function tunedBaselines(task: TaskScoring, results: readonly CandidateResult[]): Record<string, CandidateResult> {
  const texts = baselineVariantTexts();
  if (results.length !== texts.length) throw new Error(`tunedBaselines: ${results.length} results for ${texts.length} baseline variants`);
  const out: Record<string, CandidateResult> = {};
  for (const name of BASELINE_SEEDS) {
    const variants = texts.flatMap((t, i) => (t.name === name ? [{ ...settingOf(t), result: results[i] }] : []));
    out[name] = tunedResult(task, variants);
  }
  return out;
}

/** Every baseline's tuned result on a task (tuned AdamW's score is 0 by construction), in BASELINE_SEEDS order. */
export function baselineScoresCpu(taskId: string, options: TaskOptions = {}): Record<string, CandidateResult> {
  const task = optimizerTask(taskId, options);
  if (!task) throw new TaskError(`unknown optimizer task '${taskId}'`);
  return tunedBaselines(task, baselineVariantTexts().map((t) => scoreOptimizerCpu(t.text, taskId, options)));
}
