/** `symdisc simplify` as a user runs it: a subprocess, its output and exit code. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const LION = join(import.meta.dirname, '../dsl/simplify/fixtures/lion-search.sym');

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 120_000);

function programFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'symdisc-simplify-')), 'p.sym');
  writeFileSync(file, text);
  return file;
}

describe('symdisc simplify', () => {
  it('on the Lion search program: drops the dead cosh and rewrites m / sqrt(m*m) to sign(m)', async () => {
    const { code, stdout } = await symdisc('simplify', LION);
    expect(code).toBe(0);
    expect(stdout).toContain('Symbolic simplification: 4 steps, 12 -> 9 statements');
    expect(stdout).toMatch(/line {2}7 {2}lion-sign +update = m \/ abs_m {2}-> {2}update = sign\(m\)/);
    expect(stdout).toMatch(/line 11 {2}unused-state +m = cosh\(update\) {2}-> {2}\(removed\)/);
    const result = stdout.slice(stdout.lastIndexOf('def train'));
    expect(result).toContain('update = sign(m)');
    expect(result).not.toContain('cosh');
    expect(result).not.toContain('sqrt');
  });

  it('--json prints the steps and the programs', async () => {
    const { code, stdout } = await symdisc('simplify', LION, '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.symbolic.level).toBe('finite');
    expect(out.symbolic.steps.map((s: { rule: string }) => s.rule)).toEqual(['dead-code', 'dead-code', 'lion-sign', 'unused-state']);
    expect(out.symbolic.program).toContain('update = sign(m)');
    expect(out.fitness).toBeUndefined();
  });

  it('--level bitwise keeps the rewrites that are exact only without overflow', async () => {
    const { stdout } = await symdisc('simplify', LION, '--level', 'bitwise', '--json');
    expect(JSON.parse(stdout).symbolic.program).toContain('update = m / abs_m');
  });

  it('with --task: prints each fitness-guided step with its score (fn:exp2 on the cpu backend)', async () => {
    const file = programFile('def f(x):\n  a = x * 0.693147\n  b = exp(a)\n  c = b * 1.000001\n  y = c + 0.0000001\n  return y\n');
    const { code, stdout } = await symdisc('simplify', file, '--task', 'fn:exp2', '--backend', 'cpu', '--tolerance', '0.05', '--json');
    expect(code).toBe(0);
    const fitness = JSON.parse(stdout).fitness;
    expect(fitness).toMatchObject({ task: 'fn:exp2', tolerance: 0.05, toleranceMode: 'relative' });
    expect(fitness.steps[0]).toMatchObject({ kind: 'start', statements: 4 });
    expect(fitness.steps.length).toBeGreaterThan(1);
    for (const s of fitness.steps) expect(s.score).toBeLessThanOrEqual(fitness.threshold);
    expect(fitness.program).toBe('def f(x):\n  a = x * 0.693147\n  y = exp(a)\n  return y\n');
  });

  it('bad input is one line and exit code 2', async () => {
    for (const args of [
      ['simplify', LION, '--level', 'approximate'],
      ['simplify', LION, '--tolerance', '0.1'],
      ['simplify', LION, '--task', 'opt:nope'],
      ['simplify', 'no-such-file.sym'],
      ['simplify', programFile('def f(x):\n  y = sqr(x)\n  return y\n')],
    ]) {
      const { code, stderr } = await symdisc(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect((await symdisc('simplify', programFile('def f(x):\n  y = sqr(x)\n  return y\n'))).stderr).toMatch(/p\.sym:2:7: unknown op 'sqr'; did you mean 'sqrt'\?/);
  });
});
