/**
 * Function-approximation targets: one entry per target (its reference: name, formula, interval
 * and high-precision values, from src/eval/reference). The function-task module turns each into
 * a `fn:NAME` task; adding a target is one line here.
 */
import { listTargets } from '../../reference/targets.ts';
import type { Reference } from '../../reference/targets.ts';

export interface FunctionTarget {
  /** The task id is `fn:${name}`. */
  readonly name: string;
  /** Interval, formula and true values (double-double for built-ins). */
  readonly reference: Reference;
}

/**
 * Every built-in reference (reference/targets.ts: exp2 exp log2 ln erf sin tanh sigmoid, with
 * their AutoNumerics-Zero intervals and literature measures), plus `fn:user` for a DSL program
 * target (task.ts).
 */
export const FUNCTION_TARGETS: readonly FunctionTarget[] = Object.freeze(listTargets().map((reference) => ({ name: reference.name, reference })));
