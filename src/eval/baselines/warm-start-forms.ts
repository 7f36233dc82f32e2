/**
 * The structured baselines a function search starts from by default (evolve/warm-start.ts): the
 * task's minimax polynomials, odd/even forms and rationals up to WARM_START_MAX_COST, so the
 * first generation already holds what a numerics engineer would write and the search starts
 * from there instead of rediscovering it. Built-in targets only (a user target's reference is f64,
 * too coarse for Remez at high degree).
 */
import { taskBaselines } from './task-baselines.ts';
import type { FunctionTask } from '../tasks/function/task.ts';

export const WARM_START_MAX_COST = 12;

/** Program texts, cheapest first. */
export function warmStartForms(task: FunctionTask): string[] {
  if (task.target.reference.accuracy !== 'double-double') return [];
  return taskBaselines(task, { maxCost: WARM_START_MAX_COST, maxRationalDegree: 3 }).map((b) => b.text);
}
