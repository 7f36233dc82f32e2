/**
 * Test support: the real runtimes on this machine that exports are run in. Each probe runs once
 * per test file; a missing runtime is reported by `skipNote`, printed loudly by the tests that
 * need it (they skip, saying why and how to get it).
 */
import { spawnSync } from 'node:child_process';

const PYTHONS = ['python3', '/usr/bin/python3', 'python'];

function runs(command: string, args: readonly string[]): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0;
}

const pythonCache = new Map<string, string | undefined>();

/** A Python interpreter that can import every module of `modules` (e.g. `numpy`, `torch`). */
export function pythonWith(...modules: string[]): string | undefined {
  const key = modules.join(',');
  if (!pythonCache.has(key)) pythonCache.set(key, PYTHONS.find((py) => runs(py, ['-c', modules.map((m) => `import ${m}`).join('; ')])));
  return pythonCache.get(key);
}

let gccFound: boolean | undefined;
export function hasGcc(): boolean {
  gccFound ??= runs('gcc', ['--version']);
  return gccFound;
}

/** Says loudly that a runtime test is skipped, and why. */
export function skipNote(what: string, why: string): string {
  const note = `SKIPPED: ${what}: ${why}`;
  console.warn(`\n*** ${note} ***\n`);
  return note;
}

export const PYTHONS_TRIED = PYTHONS.join(', ');
