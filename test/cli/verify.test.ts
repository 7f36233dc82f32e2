/** `symdisc verify` and the function-task flags of `search`, as a user runs them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/dsl/interpret.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { pointError } from '../../src/eval/error-measures.ts';
import { reference } from '../../src/eval/reference/targets.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 60_000);

describe('symdisc verify', () => {
  it('checks every float32 of a small interval and agrees with the interpreter at the reported input', async () => {
    const { code, stdout, stderr } = await symdisc('verify', 'exp2_taylor3', '--task', 'fn:exp2', '--interval', '0.5,0.50001', '--json');
    expect(code).toBe(0);
    expect(stderr).toContain('float32 inputs in [0.5, 0.50001]');
    const out = JSON.parse(stdout.trim());
    expect(out.points).toBe(168); // (0.50001 - 0.5) / 2^-24, rounded up
    const [y] = interpret(parseProgram((await import('../../src/dsl/seeds/index.ts')).seedText('exp2_taylor3')), { x: out.argmax }, 'f32');
    expect(y).toBe(out.output);
    const r = reference('exp2').evalPoint(out.argmax);
    expect(pointError(y, r.hi, r.lo, 'ulp32')).toBeCloseTo(out.maxUlp, 6);
  });

  it('leaves out an open end: 0.5 itself is not checked on (0.5, 0.50001]', async () => {
    const { code, stdout, stderr } = await symdisc('verify', 'exp2_taylor3', '--task', 'fn:exp2', '--interval', '(0.5,0.50001]', '--json');
    expect(code).toBe(0);
    expect(stderr).toContain('float32 inputs in (0.5, 0.50001]');
    expect(JSON.parse(stdout.trim())).toMatchObject({ points: 167, open: [true, false] });
  });

  it('rejects a bad precision, a non-function task and a missing program with one line and exit 2', async () => {
    const bad = await symdisc('verify', 'exp2_taylor3', '--task', 'fn:exp2', '--precision', 'f16');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("symdisc: verify: --precision must be one of f32, f64, got 'f16'");
    const opt = await symdisc('verify', 'exp2_taylor3', '--task', 'opt:quadratic');
    expect(opt.code).toBe(2);
    const missing = await symdisc('verify', '--task', 'fn:exp2');
    expect(missing.code).toBe(2);
  });
});

describe('symdisc search function-task flags', () => {
  it('reject bad values before any search starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-target-'));
    const file = join(dir, 'square.sym');
    writeFileSync(file, 'def f(x):\n  y = x * x\n  return y\n');
    const cases: [string[], string][] = [
      [['--task', 'fn:exp2', '--precision', 'f16'], "search: --precision must be one of f32, f64, got 'f16'"],
      [['--target', file], 'needs --interval'],
      [['--target', file, '--interval', '2,1'], "search: --interval must be '[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b, got '2,1'"],
      [['--task', 'fn:exp2', '--interval', '(0,1'], "search: --interval must be '[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b, got '(0,1'"],
      [['--target', 'nosuch'], 'search: --target must be a built-in target'],
      [['--task', 'fn:exp2', '--cost', 'weights:/nonexistent.json'], 'search: --cost must be interactions, ops, latency or weights:FILE'],
      [['--task', 'opt:quadratic', '--precision', 'f64'], 'search: --precision applies to function tasks'],
    ];
    for (const [args, message] of cases) {
      const r = await symdisc('search', ...args, '--budget', '1', '--out', join(dir, 'run'));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
