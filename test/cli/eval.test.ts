/** `symdisc eval` as a user runs it: subprocesses, stdout, exit codes (`tasks`: tasks.test.ts). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuIt } from '../eval/support/gpu.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 60_000);

describe('symdisc eval', () => {
  it('--json prints one object with the score, every measure and the backend', async () => {
    const { code, stdout } = await symdisc('eval', 'exp2_taylor3', '--task', 'fn:exp2', '--backend', 'cpu', '--json');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({ task: 'fn:exp2', valid: true, cost: 6, interactions: 6, backend: { backend: 'cpu' } });
    expect(out.score).toBe(out.maxAbsError);
    expect(out.maxAbsError).toBeCloseTo(1.112e-2, 4);
    expect(out.maxRelError).toBeGreaterThan(0);
    expect(out.maxUlpError).toBeGreaterThan(0);
  });

  it('prints a table of measures for a program file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-eval-'));
    const file = join(dir, 'linear.sym');
    writeFileSync(file, 'def f(x):\n  y = x + 1\n  return y\n');
    const { code, stdout } = await symdisc('eval', file, '--task', 'fn:exp2', '--backend', 'cpu', '--precision', 'f64');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fn:exp2: 2\^x on \[0, 1\] \(precision f64, points 1024\)$/m);
    expect(stdout).toMatch(/^ {2}maxAbsError +0\.0860/m);
    expect(stdout).toMatch(/^ {2}valid$/m);
  });

  gpuIt('--precision f64 names the cpu threads that scored it, not the adapter', async () => {
    const { code, stdout } = await symdisc('eval', 'exp2_taylor3', '--task', 'fn:exp2', '--backend', 'webgpu', '--precision', 'f64', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).backend).toMatchObject({ backend: 'cpu', description: expect.stringMatching(/^cpu: \d+ worker thread/) });
  });

  gpuIt('--backend webgpu scores on the adapter and logs it on stderr', async () => {
    const { code, stdout, stderr } = await symdisc('eval', 'exp2_taylor3', '--task', 'fn:exp2', '--backend', 'webgpu', '--json');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^webgpu: .*Dawn backend/m);
    const out = JSON.parse(stdout);
    expect(out.backend.backend).toBe('webgpu');
    expect(out.score).toBeCloseTo(1.112e-2, 4);
  });

  it('bad flags exit 2 with one line naming the flag and what it accepts', async () => {
    const bad = await symdisc('eval', 'exp2_taylor3', '--task', 'fn:exp2', '--backend', 'gpu');
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr.trim()).toBe("symdisc: eval: --backend must be one of auto, webgpu, cpu, got 'gpu'");
    const task = await symdisc('eval', 'exp2_taylor3', '--task', 'fn:nope');
    expect(task.code).toBe(2);
    expect(task.stderr.trim()).toMatch(/^symdisc: eval: unknown task 'fn:nope'; tasks: fn:exp2/);
    expect((await symdisc('eval', 'exp2_taylor3')).stderr.trim()).toBe('symdisc: eval: --task is required (symdisc tasks lists them)');
    expect((await symdisc('eval', 'exp2_taylor3', '--task', 'fn:exp2', '--points', '1')).code).toBe(2);
  });

  it('a bad program exits 2 with file:line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-eval-'));
    const file = join(dir, 'bad.sym');
    writeFileSync(file, 'def f(x):\n  y = frobnicate(x)\n  return y\n');
    const { code, stderr } = await symdisc('eval', file, '--task', 'fn:exp2', '--backend', 'cpu');
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(new RegExp(`^symdisc: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
  });
});
