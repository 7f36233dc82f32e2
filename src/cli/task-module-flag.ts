/**
 * `--task-module FILE`, shared by search, eval, inspect and report: loads a user's task kind
 * (src/eval/tasks/task-module.ts) before the command looks its task up.
 */
import type { TaskRef } from '../eval/evaluator.ts';
import { loadTaskModule, withTaskModule } from '../eval/tasks/task-module.ts';
import { UsageError } from '../errors.ts';
import { RunDirectory } from '../run/run-directory.ts';

export const TASK_MODULE_FLAG = { 'task-module': { accepts: 'a .ts or .js file whose default export is a TaskKind (src/eval/tasks/types.ts)' } } as const;

export const TASK_MODULE_USAGE = '  --task-module F     load the task kinds of file F (see examples/csv-target/)';

/** Loads the module `--task-module` names (if given); returns `ref` carrying its path, so workers load it too. */
export async function loadTaskModuleFlag<R extends TaskRef | undefined>(command: string, values: ReadonlyMap<string, string>, ref?: R): Promise<R> {
  const file = values.get('task-module');
  if (file === undefined) return ref as R;
  try {
    await loadTaskModule(file);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${command}: ${error.message}`);
    throw new UsageError(`${command}: --task-module ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  return (ref === undefined ? ref : withTaskModule(ref, file)) as R;
}

/**
 * Loads the task module a run's config names (a run of a --task-module task), so inspect and
 * report need no flag for it. A module that is gone (the run was moved) is left out quietly: the
 * commands then treat the task as unknown, as for a run of another symdisc version.
 */
export async function loadRunTaskModule(dir: string): Promise<void> {
  let module: string | undefined;
  try {
    module = RunDirectory.open(dir).config().task.module;
  } catch {
    return; // not a run directory: the command says so itself
  }
  if (module === undefined) return;
  try {
    await loadTaskModule(module);
  } catch {
    // gone or broken: see above
  }
}
