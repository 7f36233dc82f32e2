/**
 * The structured baselines a function search starts from by default (evolve/warm-start.ts): the
 * task's minimax polynomials, odd/even forms and rationals up to WARM_START_MAX_COST, so the
 * first generation already holds what a numerics engineer would write and the search starts
 * from there instead of rediscovering it. The same options as the end-of-search table's
 * (cli/function-front.ts), so every baseline shown there was reachable from the first batch and
 * the table reuses the computation (task-baselines.ts caches by task and options). Built-in targets only (a user target's reference is f64,
 * too coarse for Remez at high degree).
 */
import { taskBaselines } from './task-baselines.ts';
import type { FunctionTask } from '../tasks/function/task.ts';

export const WARM_START_MAX_COST = 12;

/** Program texts, cheapest first. */
export function warmStartForms(task: FunctionTask): string[] {
  if (task.target.reference.accuracy !== 'double-double') return [];
  return taskBaselines(task, { maxCost: WARM_START_MAX_COST }).map((b) => b.text);
}
