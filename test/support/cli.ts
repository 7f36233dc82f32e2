/** Runs the real CLI (bin/symdisc.js) as a child process, as a user would. */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `symdisc ...args`, waited for (at most `timeoutMs`), with `env` added to the environment. */
export function symdiscSync(args: readonly string[], options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, ['bin/symdisc.js', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 100_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const execFileAsync = promisify(execFile);

/** `symdisc ...args` without blocking the test process (others may run meanwhile); `code` is the exit code. */
export async function symdiscAsync(args: readonly string[], timeoutMs: number): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(repoRoot, 'bin/symdisc.js'), ...args], { timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
