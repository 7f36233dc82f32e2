/**
 * Test support: runs exported source in its real runtime in a temporary directory and reads back
 * the numbers it prints (one JSON array of strings, so NaN and Infinity survive).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Writes `files` into a fresh temporary directory, runs `command` there, returns its stdout. */
export function runInTempDir(files: Readonly<Record<string, string>>, command: (dir: string) => { cmd: string; args: string[]; cwd?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-export-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const { cmd, args, cwd } = command(dir);
    const r = spawnSync(cmd, args, { cwd: cwd ?? dir, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Numbers printed as a JSON array of strings (or of numbers). */
export function parseNumbers(text: string): number[] {
  return (JSON.parse(text.trim().split('\n').at(-1) as string) as (string | number)[]).map(Number);
}

/** Several named arrays printed as one JSON object of string arrays. */
export function parseNamedNumbers(text: string): Record<string, number[]> {
  const raw = JSON.parse(text.trim().split('\n').at(-1) as string) as Record<string, (string | number)[]>;
  return Object.fromEntries(Object.entries(raw).map(([k, xs]) => [k, xs.map(Number)]));
}

/** Runs a TypeScript file with node through tsx (resolved from the project). */
export function runTypeScript(files: Readonly<Record<string, string>>, main: string): string {
  return runInTempDir(files, (dir) => ({ cmd: process.execPath, args: ['--import', 'tsx', join(dir, main)], cwd: PROJECT_ROOT }));
}
