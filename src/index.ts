/**
 * symdisc as a library:
 *
 *   import { search, parseProgram, printProgram, evaluate } from 'symdisc';
 *   const summary = await search({ task: 'fn:exp2', budget: 5000, backend: 'cpu', onProgress: (p) => ... });
 *
 * `search` and `resume` run searches in run directories (see src/search.ts); `evaluate` scores
 * programs on a task once; the DSL functions parse, print, validate and hash programs.
 */
import { parseProgram } from './dsl/parse.ts';
import { printProgram } from './dsl/print.ts';
import type { Program } from './dsl/program.ts';
import { createEvaluator } from './eval/create-evaluator.ts';
import type { CandidateResult, TaskRef } from './eval/evaluator.ts';
import type { Backend } from './search.ts';

export { search, resume, searchSettings, defaultSettings } from './search.ts';
export type { Backend, EvaluatorChoice, ResumeOptions, SearchOptions, SessionCallbacks } from './search.ts';
export type { RunSummary, SearchProgress } from './evolve/progress.ts';
export type { StopReason } from './evolve/stop.ts';
export type { SearchSettings, StopSettings } from './evolve/settings.ts';
export type { ConstantDistribution, SearchSpace, VocabularySpec } from './evolve/search-space.ts';
export type { ArchiveEntry } from './evolve/archive.ts';
export { readJournal } from './run/journal.ts';
export type { JournalEntry } from './run/journal-entry.ts';
export { RunDirectory } from './run/run-directory.ts';
export type { RunStatus } from './run/status.ts';

export { parseProgram } from './dsl/parse.ts';
export { printProgram } from './dsl/print.ts';
export { isValid, validateProgram } from './dsl/validate.ts';
export { structuralHash } from './dsl/hash.ts';
export { fingerprint } from './dsl/fingerprint.ts';
export { interpret, interpretBatch } from './dsl/interpret.ts';
export { listSeeds, loadSeed } from './dsl/seeds/index.ts';
export type { Operand, Program, Statement } from './dsl/program.ts';
export type { Domain } from './dsl/signature.ts';
export { simplify } from './dsl/simplify/simplify.ts';
export type { SimplifyOptions, SimplifyResult, SimplifyStep } from './dsl/simplify/simplify.ts';
export { simplifyByFitness } from './dsl/simplify/fitness.ts';
export type { FitnessSimplifyOptions, FitnessSimplifyResult, FitnessStep, ScorePrograms } from './dsl/simplify/fitness.ts';
export { EXPORT_TARGETS, exportProgram } from './dsl/emit/index.ts';
export type { ExportOptions, ExportTarget } from './dsl/emit/index.ts';

export { createEvaluator } from './eval/create-evaluator.ts';
export type { BackendInfo, CandidateResult, Evaluator, TaskRef } from './eval/evaluator.ts';
export { getTask, listTasks } from './eval/tasks/registry.ts';

export interface EvaluateOptions {
  readonly backend?: Backend;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

/** Scores programs (text or Program values) on a task with a fresh evaluator, then closes it. */
export async function evaluate(task: string | TaskRef, programs: readonly (string | Program)[], options: EvaluateOptions = {}): Promise<CandidateResult[]> {
  const ref: TaskRef = typeof task === 'string' ? { id: task } : task;
  // Canonical text, as the evaluator interface requires.
  const texts = programs.map((p) => printProgram(typeof p === 'string' ? parseProgram(p) : p));
  const evaluator = await createEvaluator({ backend: options.backend ?? 'auto', ...(options.workers !== undefined ? { workers: options.workers } : {}) });
  try {
    return await evaluator.evaluate(ref, texts, options.signal);
  } finally {
    await evaluator.close();
  }
}
