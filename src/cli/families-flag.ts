/**
 * `--families A,B` (search, select): an optimizer task on some of its families only, as the task's
 * `families` option (eval/tasks/optimizer/task.ts checks the ids and keeps FAMILIES order).
 */
import type { TaskRef } from '../eval/evaluator.ts';
import { UsageError } from './usage-error.ts';

export const FAMILIES_FLAG = { accepts: 'optimizer family ids, comma-separated (symdisc tasks lists them as opt:<family>)' } as const;

/** `ref` with `--families` applied (unchanged without the flag); a function task is a usage error. */
export function withFamiliesFlag(command: string, ref: TaskRef, families: string | undefined): TaskRef {
  if (families === undefined) return ref;
  if (!ref.id.startsWith('opt:')) throw new UsageError(`${command}: --families applies to optimizer tasks (opt:*), not ${ref.id}`);
  return { ...ref, options: { ...(ref.options ?? {}), families } };
}
