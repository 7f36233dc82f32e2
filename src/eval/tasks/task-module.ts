/**
 * Task kinds from a user's file (`--task-module FILE`): a module whose default export is a
 * TaskKind (types.ts) or an array of them. Loading registers them (registry.ts); the TaskRef
 * carries the file's absolute path (`module`), so every process that rebuilds the task from its
 * ref (CPU worker threads, GPU child processes, `resume`) loads the same file first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../errors.ts';
import type { TaskRef } from '../evaluator.ts';
import { registerTaskKind } from './registry.ts';
import type { TaskKind } from './types.ts';

const loaded = new Map<string, Promise<readonly TaskKind[]>>();

function isTaskKind(x: unknown): x is TaskKind {
  const k = x as Partial<TaskKind> | null;
  return typeof k === 'object' && k !== null && typeof k.name === 'string' && Array.isArray(k.families) && typeof k.scoreOnCpu === 'function';
}

/** Imports `file` (once per process) and registers its kinds; a file that is missing or exports no TaskKind is a UsageError. */
export function loadTaskModule(file: string): Promise<readonly TaskKind[]> {
  const path = resolve(file);
  let pending = loaded.get(path);
  if (!pending) {
    pending = importKinds(path);
    loaded.set(path, pending);
  }
  return pending;
}

async function importKinds(path: string): Promise<readonly TaskKind[]> {
  if (!existsSync(path)) throw new UsageError(`--task-module: no such file '${path}'`);
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  const exported = Array.isArray(module.default) ? module.default : [module.default];
  if (exported.length === 0 || !exported.every(isTaskKind)) {
    throw new UsageError(`--task-module ${path}: the default export must be a TaskKind (name, families, scoreOnCpu) or an array of them (src/eval/tasks/types.ts)`);
  }
  for (const kind of exported) registerTaskKind(kind);
  return exported;
}

/** Loads the task module a ref names, if any (a no-op for built-in tasks). */
export async function loadTaskModules(ref: TaskRef): Promise<void> {
  if (ref.module !== undefined) await loadTaskModule(ref.module);
}

/** `ref` carrying the task module's absolute path (unchanged when there is none). */
export function withTaskModule(ref: TaskRef, file: string | undefined): TaskRef {
  return file === undefined ? ref : { ...ref, module: resolve(file) };
}
