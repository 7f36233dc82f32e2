/**
 * Every task kind the evaluator knows, one line each, and through them every task. Tasks are plain
 * data plus pure functions, so a worker rebuilds the same task from a TaskRef with
 * `getTask(ref.id, ref.options)`. Backends, pools and the evaluator look a task's kind up here
 * (`taskKind`) and never name one.
 */
import { functionKind } from './function/kind.ts';
import { optimizerKind } from './optimizer/kind.ts';
import { TaskError } from './types.ts';
import type { TaskDefinition, TaskFamily, TaskKind, TaskOptions } from './types.ts';

export type { TaskDefinition, TaskFamily, TaskKind, TaskOptions } from './types.ts';
export { TaskError } from './types.ts';

const KINDS: TaskKind[] = [
  functionKind, // fn:exp2, ...
  optimizerKind, // opt:suite, opt:quadratic, ..., opt:meta-validation
];

/** Adds a task kind (a `--task-module`'s); a kind of the same name replaces the earlier one. */
export function registerTaskKind<T extends TaskDefinition>(kind: TaskKind<T>): void {
  const at = KINDS.findIndex((k) => k.name === kind.name);
  if (at >= 0) KINDS[at] = kind as TaskKind;
  else KINDS.push(kind as TaskKind);
}

/** Every registered kind, in registration order. */
export function taskKinds(): readonly TaskKind[] {
  return KINDS;
}

function families(): TaskFamily[] {
  return KINDS.flatMap((k) => [...k.families]);
}

/** The kind that scores `task`. */
export function taskKind(task: TaskDefinition): TaskKind {
  const kind = KINDS.find((k) => k.name === task.kind);
  if (!kind) throw new TaskError(`task ${task.id}: no task kind '${task.kind}' is registered`);
  return kind;
}

/** Whether the webgpu backend scores `task` (the pool sends the others to CPU threads). No Dawn here. */
export function gpuSupports(task: TaskDefinition): boolean {
  return taskKind(task).gpu?.supports(task) ?? false;
}

/** Every task id, family by family. */
export function listTaskIds(): string[] {
  return families().flatMap((f) => [...f.ids()]);
}

/** Every task with its default options. */
export function listTasks(): TaskDefinition[] {
  return listTaskIds().map((id) => getTask(id));
}

/** The task with this id (and options); throws TaskError naming the known ids for an unknown one. */
export function getTask(id: string, options: TaskOptions = {}): TaskDefinition {
  for (const family of families()) {
    if (!id.startsWith(family.prefix)) continue;
    const task = family.get(id, options);
    if (task) return task;
  }
  throw new TaskError(`unknown task '${id}'; tasks: ${listTaskIds().join(', ')}`);
}
