/**
 * The part of scoring every backend shares: program text -> Program (a text that does not parse,
 * or whose domain is not the task's, is an invalid candidate with the parser's message), then the
 * backend's scorer on the valid ones, results back in request order.
 */
import { DslError } from '../dsl/errors.ts';
import { parseProgram } from '../dsl/parse.ts';
import type { Program } from '../dsl/program.ts';
import type { CandidateResult } from './evaluator.ts';
import type { TaskDefinition } from './tasks/types.ts';

/** The result of a candidate that could not be scored at all. */
export function invalidResult(task: TaskDefinition, error: string): CandidateResult {
  const measures: Record<string, number> = {};
  for (const m of task.measures) measures[m] = Infinity;
  return { score: Infinity, valid: false, measures, error };
}

export async function scoreTexts(
  task: TaskDefinition,
  texts: readonly string[],
  scoreValid: (programs: readonly Program[]) => Promise<CandidateResult[]> | CandidateResult[],
): Promise<CandidateResult[]> {
  const results: (CandidateResult | undefined)[] = new Array(texts.length);
  const programs: Program[] = [];
  const where: number[] = [];
  texts.forEach((text, i) => {
    try {
      const p = parseProgram(text, 'candidate');
      if (p.domain !== task.domain) {
        results[i] = invalidResult(task, `task ${task.id} scores ${task.domain} programs, got a program of the ${p.domain} domain`);
        return;
      }
      programs.push(p);
      where.push(i);
    } catch (error) {
      if (!(error instanceof DslError)) throw error;
      results[i] = invalidResult(task, error.message);
    }
  });
  if (programs.length > 0) {
    const scored = await scoreValid(programs);
    scored.forEach((r, k) => {
      results[where[k]] = r;
    });
  }
  return results.map((r, i) => r ?? invalidResult(task, `internal error: candidate ${i} not scored`));
}
