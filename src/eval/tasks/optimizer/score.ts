/**
 * Scores optimizer programs on the CPU: compile the program for float32, train it on every
 * instance of every family of the task at every grid lr, and compare with tuned AdamW
 * (fitness.ts). The CPU backend calls `scoreOptimizerCpu`; everything here is deterministic.
 */
import { compileProgram } from '../../../dsl/compile.ts';
import type { CompiledProgram } from '../../../dsl/compile.ts';
import { parseProgram } from '../../../dsl/parse.ts';
import { seedText } from '../../../dsl/seeds/index.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { TaskError } from '../types.ts';
import type { TaskOptions } from '../types.ts';
import { adamwBaseline } from './baselines.ts';
import { getFamily } from './families/index.ts';
import { familyScore } from './fitness.ts';
import type { FamilyScore } from './fitness.ts';
import { trainGrid } from './grid.ts';
import { buildInstances } from './instances.ts';
import { optimizerTask } from './task.ts';
import type { OptimizerTask } from './task.ts';

/** Per-family details of a score, for reports (the CandidateResult carries the numbers too). */
export interface OptimizerScore {
  readonly score: number;
  readonly families: Readonly<Record<string, FamilyScore>>;
  readonly trainings: number;
}

/** Scores a compiled rule (a compiled program or a reference optimizer) on a task. */
export function scoreRule(rule: CompiledProgram, task: OptimizerTask): OptimizerScore {
  const families: Record<string, FamilyScore> = {};
  let trainings = 0;
  let total = 0;
  for (const id of task.families) {
    const family = getFamily(id);
    const instances = buildInstances(id, task.seed, task.instances, task.sizing);
    const baseline = adamwBaseline(id, task.seed, task.instances, task.sizing);
    const results = trainGrid(rule, family, instances);
    const s = familyScore(family.lrGrid[task.sizing], results, baseline, family.lossFloor);
    families[id] = s;
    total += s.score;
    trainings += family.lrGrid[task.sizing].length * instances.length;
  }
  return { score: total / task.families.length, families, trainings };
}

/** An OptimizerScore as the evaluator's CandidateResult (measures named as in task.ts). */
export function toCandidateResult(s: OptimizerScore): CandidateResult {
  const measures: Record<string, number> = { score: s.score };
  for (const [id, f] of Object.entries(s.families)) {
    measures[`family.${id}`] = f.score;
    measures[`lr.${id}`] = f.lr;
    measures[`loss.${id}`] = f.geoMeanLoss;
    measures[`diverged.${id}`] = f.divergedFraction;
  }
  measures.trainings = s.trainings;
  return { score: s.score, valid: true, measures };
}

function invalid(error: string): CandidateResult {
  return { score: Infinity, valid: false, measures: {}, error };
}

/** Scores a parsed program on a task. A program that cannot be compiled is invalid (score Infinity). */
export function scoreProgramCpu(p: Program, task: OptimizerTask): CandidateResult {
  if (p.domain !== 'optimizer') return invalid(`task ${task.id} scores optimizer programs (def train(w, g, m, v, lr)), got a ${p.domain} program`);
  let rule: CompiledProgram;
  try {
    rule = compileProgram(p, 'f32');
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

/** Every baseline seed's result on a task (AdamW's score is 0 by construction), in BASELINE_SEEDS order. */
export function baselineScoresCpu(taskId: string, options: TaskOptions = {}): Record<string, CandidateResult> {
  const out: Record<string, CandidateResult> = {};
  for (const name of BASELINE_SEEDS) out[name] = scoreOptimizerCpu(seedText(name), taskId, options);
  return out;
}
