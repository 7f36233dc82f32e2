/** `--task-module FILE` as a user runs it: search, eval, inspect and report on examples/csv-target. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const MODULE = join(import.meta.dirname, '../../examples/csv-target/csv-target.ts');

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 120_000);

describe('symdisc --task-module', () => {
  it('search, eval, inspect and report a csv: task', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'symdisc-cli-task-module-')), 'run');
    const searched = await symdisc('search', '--task', 'csv:log1p', '--task-module', MODULE, '--budget', '150', '--population', '20', '--batch', '16', '--workers', '1', '--no-progress', '--out', dir);
    expect(searched.stderr).not.toMatch(/Error|at /);
    expect(searched.code).toBe(0);
    expect(searched.stdout).toMatch(/csv:log1p: evaluation budget reached/);

    const evaluated = await symdisc('eval', 'exp2_taylor3', '--task', 'csv:log1p', '--task-module', MODULE, '--backend', 'cpu', '--json');
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ task: 'csv:log1p', valid: true, backend: { backend: 'cpu' } });

    const inspected = await symdisc('inspect', dir, '--task-module', MODULE, '--json');
    expect(inspected.code).toBe(0);
    expect(JSON.parse(inspected.stdout).front.length).toBeGreaterThan(0);

    const reported = await symdisc('report', dir, '--task-module', MODULE);
    expect(reported.code).toBe(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toMatch(/is not known to this version/);
  }, 300_000);

  it('a missing module is one line and exit code 2', async () => {
    const r = await symdisc('eval', 'exp2_taylor3', '--task', 'csv:log1p', '--task-module', 'no/such/file.ts');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^symdisc: eval: --task-module: no such file '.*no\/such\/file.ts'$/);
  });
});
