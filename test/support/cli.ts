/** Runs the real CLI (bin/symdisc.js) as a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `symdisc ...args`, waited for (at most `timeoutMs`), with `env` added to the environment. */
export function symdisc(args: readonly string[], options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, ['bin/symdisc.js', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 100_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
