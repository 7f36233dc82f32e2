/**
 * Every task the evaluator knows, by family: one line per family. Tasks are plain data plus pure
 * functions, so a worker rebuilds the same task from a TaskRef with `getTask(ref.id, ref.options)`.
 */
import { functionTaskFamily } from './function/task.ts';
import { optimizerTaskFamily } from './optimizer/task.ts';
import { TaskError } from './types.ts';
import type { TaskDefinition, TaskFamily, TaskOptions } from './types.ts';

export type { TaskDefinition, TaskFamily, TaskOptions } from './types.ts';
export { TaskError } from './types.ts';

const FAMILIES: readonly TaskFamily[] = [
  functionTaskFamily, // fn:exp2, ...
  optimizerTaskFamily, // opt:suite, opt:quadratic, ..., opt:meta-validation
];

/** Every task id, family by family. */
export function listTaskIds(): string[] {
  return FAMILIES.flatMap((f) => [...f.ids()]);
}

/** Every task with its default options. */
export function listTasks(): TaskDefinition[] {
  return listTaskIds().map((id) => getTask(id));
}

/** The task with this id (and options); throws TaskError naming the known ids for an unknown one. */
export function getTask(id: string, options: TaskOptions = {}): TaskDefinition {
  for (const family of FAMILIES) {
    if (!id.startsWith(family.prefix)) continue;
    const task = family.get(id, options);
    if (task) return task;
  }
  throw new TaskError(`unknown task '${id}'; tasks: ${listTaskIds().join(', ')}`);
}
