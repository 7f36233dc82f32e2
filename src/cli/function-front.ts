/**
 * The end-of-search view of a function run (also `inspect`): its front beside the minimax
 * polynomials of equal cost, each front program re-checked on the dense grid (front-comparison.ts).
 */
import type { TaskRef } from '../eval/evaluator.ts';
import { DENSE_POINTS, comparisonLines, compareWithMinimax, denseErrors, minimaxByDegree } from '../eval/tasks/function/front-comparison.ts';
import { isFunctionTask } from '../eval/tasks/function/task.ts';
import { TaskError, getTask } from '../eval/tasks/registry.ts';
import { programDisplay } from '../report/program-display.ts';
import { oneLine } from '../evolve/archive.ts';
import { RunDirectory } from '../run/run-directory.ts';
import { taskBaselines } from '../eval/baselines/task-baselines.ts';
import { WARM_START_MAX_COST } from '../eval/baselines/warm-start-forms.ts';

export const MINIMAX_COMPARISON_FILE = 'front-vs-minimax.txt';

/** Prints the comparison for the run in `dir`; `dense` re-checks every program on 2^20 + 1 points. */
export function printFunctionFront(dir: string, ref: TaskRef, print: (line: string) => void, dense = true): void {
  let task;
  try {
    task = getTask(ref.id, ref.options ?? {});
  } catch (error) {
    if (error instanceof TaskError) return print(`(no comparison with minimax polynomials: ${error.message})`);
    throw error;
  }
  if (!isFunctionTask(task) || !RunDirectory.isRun(dir)) return;
  const run = RunDirectory.open(dir);
  const front = (run.front()?.entries ?? []).filter((e) => Number.isFinite(e.score));
  if (front.length === 0) return;
  const errors = dense ? denseErrors(task, front.map((e) => e.program)) : front.map((e) => e.score);
  const maxDegree = Math.min(8, Math.max(1, Math.floor(Math.max(...front.map((e) => e.cost)) / 2)));
  const minimax = minimaxByDegree(task, maxDegree);
  const maxCost = Math.max(...front.map((e) => e.cost));
  // At least the warm start's costs: the same options, so the search's computation is reused.
  const baselines = task.target.reference.accuracy === 'double-double' ? taskBaselines(task, { maxCost: Math.max(maxCost, WARM_START_MAX_COST) }) : [];
  const rows = compareWithMinimax(front.map((e, i) => ({ cost: e.cost, error: errors[i], program: e.program })), minimax, baselines);
  const lines = [
    `${task.id} front vs baselines of equal cost (${task.objectives[0]}; cost = ${task.costModel.spec}; minimax degree n Horner = 2n; best baseline: minimax, odd/even x*P(x^2), rational p/q)${dense ? `, front re-checked on ${DENSE_POINTS} points` : ''}:`,
    ...comparisonLines(rows, programDisplay(ref).line),
  ];
  print('');
  for (const l of lines) print(l);
  // The end-of-search check is kept with the run (inspect recomputes only the cheap version).
  if (dense) run.writeText(MINIMAX_COMPARISON_FILE, `${lines.join('\n')}\n`);
}
