/**
 * Flags that set an optimizer task's options (search, select): `--families A,B`, the task on some
 * of its families only (option `families`; eval/tasks/optimizer/task.ts checks the ids and keeps
 * FAMILIES order), and `--gain-cap C`, the score's cap on a family's gain over AdamW (option
 * `gainCap`; eval/tasks/optimizer/fitness.ts, step 5).
 */
import type { TaskRef } from '../eval/evaluator.ts';
import { UsageError } from './usage-error.ts';

export const FAMILIES_FLAG = { accepts: 'optimizer family ids, comma-separated (symdisc tasks lists them as opt:<family>)' } as const;
export const GAIN_CAP_FLAG = { accepts: 'a number >= 0 (log loss ratio; 0 = off)' } as const;

/** The values of the optimizer task flags, as given (undefined where a flag is absent). */
export interface OptimizerTaskFlags {
  readonly families?: string;
  readonly gainCap?: string;
}

/** `ref` with the optimizer task flags applied (unchanged without them); on a function task they are a usage error. */
export function withOptimizerTaskFlags(command: string, ref: TaskRef, flags: OptimizerTaskFlags): TaskRef {
  const options: Record<string, string | number> = {};
  if (flags.families !== undefined) options.families = flags.families;
  if (flags.gainCap !== undefined) {
    const c = Number(flags.gainCap);
    if (flags.gainCap.trim() === '' || !Number.isFinite(c) || c < 0) throw new UsageError(`${command}: --gain-cap must be ${GAIN_CAP_FLAG.accepts}, got '${flags.gainCap}'`);
    options.gainCap = c;
  }
  const given = Object.keys(options);
  if (given.length === 0) return ref;
  const flag = given[0] === 'families' ? '--families' : '--gain-cap';
  if (!ref.id.startsWith('opt:')) throw new UsageError(`${command}: ${flag} applies to optimizer tasks (opt:*), not ${ref.id}`);
  return { ...ref, options: { ...(ref.options ?? {}), ...options } };
}
