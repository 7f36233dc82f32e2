/**
 * The CPU backend: scores a batch in the calling thread (a piscina worker, in the pool) with the
 * task kind's CPU scorer (tasks/registry.ts).
 */
import type { CandidateResult } from '../../evaluator.ts';
import { taskKind } from '../../tasks/registry.ts';
import type { TaskDefinition } from '../../tasks/types.ts';
import { scoreTexts } from '../../score-texts.ts';

/** Scores `texts` on `task` on this thread; one result per text, in order. */
export async function evaluateOnCpu(task: TaskDefinition, texts: readonly string[]): Promise<CandidateResult[]> {
  const kind = taskKind(task);
  return scoreTexts(task, texts, (programs) => kind.scoreOnCpu(task, programs));
}
