/**
 * The CPU backend: scores a batch in the calling thread (a piscina worker, in the pool), one
 * scorer per task kind.
 */
import type { CandidateResult } from '../../evaluator.ts';
import { isFunctionTask } from '../../tasks/function/task.ts';
import { scoreProgramCpu } from '../../tasks/optimizer/score.ts';
import { isOptimizerTask } from '../../tasks/optimizer/task.ts';
import type { TaskDefinition } from '../../tasks/types.ts';
import { scoreTexts } from '../../score-texts.ts';
import { scoreFunctionsOnCpu } from './function-scorer.ts';

/** Scores `texts` on `task` on this thread; one result per text, in order. */
export async function evaluateOnCpu(task: TaskDefinition, texts: readonly string[]): Promise<CandidateResult[]> {
  if (isFunctionTask(task)) return scoreTexts(task, texts, (programs) => scoreFunctionsOnCpu(task, programs));
  if (isOptimizerTask(task)) return scoreTexts(task, texts, (programs) => programs.map((p) => scoreProgramCpu(p, task)));
  throw new Error(`cpu backend: no scorer for ${task.kind} tasks (${task.id})`);
}
