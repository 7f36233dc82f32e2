/**
 * Function-approximation targets: one entry per target (its reference: name, formula, interval
 * and high-precision values, from src/eval/reference). The function-task module turns each into
 * a `fn:NAME` task; adding a target is one line here.
 */
import { reference } from '../../reference/targets.ts';
import type { Reference } from '../../reference/targets.ts';

export interface FunctionTarget {
  /** The task id is `fn:${name}`. */
  readonly name: string;
  /** Interval, formula and true values (double-double for built-ins). */
  readonly reference: Reference;
}

export const FUNCTION_TARGETS: readonly FunctionTarget[] = Object.freeze([
  { name: 'exp2', reference: reference('exp2') }, // 2^x on [0, 1]
]);
