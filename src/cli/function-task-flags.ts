/**
 * The flags that shape a function task, shared by `search` and `verify`: `--target` (a built-in
 * name or a DSL program file `def f(x): ... return y`), `--interval '(a,b]'` (any of interval.ts's forms), `--precision f32|f64`,
 * `--error abs|rel|ulp`, `--cost interactions|ops|weights:FILE|latency`, `--fit none|lm-minimax|cmaes`,
 * `--fit-budget N`, `--validation N`. They become the TaskRef's options, so a worker (and a
 * resumed run, from config.json) rebuilds exactly the same task. A user target's program text is
 * stored in the options, not its path: the run does not change when the file does.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TaskRef } from '../eval/evaluator.ts';
import { isBuiltinTarget, listTargets } from '../eval/reference/targets.ts';
import { COST_MODELS, FIT_METHODS } from '../eval/tasks/function/task.ts';
import { IntervalError, INTERVAL_FORMS, intervalOption, parseInterval } from '../eval/reference/interval.ts';
import type { FlagSpec, ParsedFlags } from './search-options.ts';
import { oneOf, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

export const FUNCTION_TASK_FLAGS: Readonly<Record<string, FlagSpec>> = {
  target: { accepts: `a built-in target (${listTargets().map((r) => r.name).join(', ')}) or a DSL program file` },
  interval: { accepts: INTERVAL_FORMS },
  precision: { accepts: 'f32|f64' },
  error: { accepts: 'abs|rel|ulp' },
  cost: { accepts: COST_MODELS.join('|') },
  fit: { accepts: FIT_METHODS.join('|') },
  'fit-budget': { accepts: 'a positive integer (residual evaluations per child)' },
  validation: { accepts: 'an integer >= 2 (points), or 0 for none' },
};

export const FUNCTION_TASK_USAGE = `Function tasks:
  --target T          built-in target name or a DSL program file 'def f(x): ... return y'
                      (with a file, --interval is required; the task is fn:user)
  --interval I        approximation interval, open or closed at either end: '(0,1]', '[a,b)',
                      '(a,b)', '[a,b]' or a,b (closed); default: the target's (closed).
                      An open end is never a point (training, validation, final check, verify)
  --precision P       f64 (cpu backend: WGSL has no f64) or f32 (float32; errors in ULPs)
  --error E           abs | rel | ulp (default: ulp with --precision f32, else the target's measure)
  --cost C            interactions (default: ops that depend on x, fma = 2) | ops | weights:FILE
                      | latency (critical path of measured C op latencies, in adds)`;

export interface FunctionTaskDefaults {
  readonly fit?: string;
  readonly validation?: number;
}

/**
 * The TaskRef that --task and the function-task flags name; `taskId` may be undefined when
 * --target gives it. Throws UsageError for a flag that does not fit.
 */
export function functionTaskRef(command: string, taskId: string | undefined, flags: ParsedFlags, defaults: FunctionTaskDefaults = {}): TaskRef | undefined {
  const v = flags.values;
  const used = Object.keys(FUNCTION_TASK_FLAGS).filter((f) => v.has(f));
  let id = taskId;
  const options: Record<string, string | number> = {};
  const target = v.get('target');
  if (target !== undefined) {
    if (isBuiltinTarget(target)) {
      if (id !== undefined && id !== `fn:${target}`) throw new UsageError(`${command}: --task ${id} and --target ${target} disagree; give one`);
      id = `fn:${target}`;
    } else if (existsSync(target)) {
      if (id !== undefined && id !== 'fn:user') throw new UsageError(`${command}: --target FILE makes the task fn:user; drop --task ${id}`);
      if (!v.has('interval')) throw new UsageError(`${command}: --target ${target}: a program target needs --interval (e.g. '[0,1]')`);
      id = 'fn:user';
      options.target = readFileSync(target, 'utf8');
    } else {
      throw new UsageError(`${command}: --target must be a built-in target (${listTargets().map((r) => r.name).join(', ')}) or a program file, got '${target}'`);
    }
  }
  if (id === undefined) return undefined;
  if (!id.startsWith('fn:')) {
    if (used.length > 0) throw new UsageError(`${command}: --${used[0]} applies to function tasks (fn:...), not ${id}`);
    return { id };
  }
  const interval = v.get('interval');
  if (interval !== undefined) options.interval = intervalFlag(command, interval);
  const precision = v.get('precision');
  if (precision !== undefined) options.precision = oneOf(command, 'precision', precision, ['f32', 'f64'] as const);
  // Float32 asked for explicitly: errors in float32 ULPs unless --error says otherwise.
  const error = v.get('error') ?? (precision === 'f32' ? 'ulp' : undefined);
  if (error !== undefined) options.error = oneOf(command, 'error', error, ['abs', 'rel', 'ulp'] as const);
  const cost = v.get('cost');
  if (cost !== undefined) {
    if (!(cost === 'interactions' || cost === 'ops' || cost === 'latency' || (cost.startsWith('weights:') && existsSync(cost.slice(8))))) {
      throw new UsageError(`${command}: --cost must be interactions, ops, latency or weights:FILE (an existing JSON file), got '${cost}'`);
    }
    options.cost = cost;
  }
  const fit = v.get('fit') ?? defaults.fit;
  if (fit !== undefined) options.fit = oneOf(command, 'fit', fit, FIT_METHODS);
  const budget = v.get('fit-budget');
  if (budget !== undefined) options.fitBudget = positiveInteger(command, 'fit-budget', budget);
  const validation = v.get('validation');
  const points = validation !== undefined ? Number(validation) : defaults.validation;
  if (validation !== undefined && !(validation === '0' || (/^\d+$/.test(validation) && points !== undefined && points >= 2))) {
    throw new UsageError(`${command}: --validation must be 0 or an integer >= 2, got '${validation}'`);
  }
  if (points !== undefined && points > 0) options.validation = points;
  return Object.keys(options).length > 0 ? { id, options } : { id };
}

/** `--interval`'s value in its canonical option form; UsageError naming the flag and the forms. */
export function intervalFlag(command: string, text: string): string {
  try {
    return intervalOption(parseInterval(text));
  } catch (e) {
    if (e instanceof IntervalError) throw new UsageError(`${command}: --interval ${e.message}`);
    throw e;
  }
}
