import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { structuralHash } from '../../src/dsl/hash.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed, seedText } from '../../src/dsl/seeds/index.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'symdisc-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `symdisc check ...args` as a user would. */
function check(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/symdisc.js', 'check', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('symdisc check', () => {
  it('prints the AdamW seed canonically with its structural hash', () => {
    const r = check('adamw');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const p = loadSeed('adamw');
    expect(r.stdout).toBe(`${printProgram(p)}# hash: ${structuralHash(p)}\n`);
  });

  it('reads a program file and prints its canonical form', () => {
    const file = join(dir, 'sloppy.sym');
    writeFileSync(file, '# mine\ndef f(x):\n    y = fma(x,x ,1)   # comment\n\n    y = -y\n    return y');
    const r = check(file);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^def f\(x\):\n {2}y = fma\(x, x, 1\)\n {2}y = negative\(y\)\n {2}return y\n# hash: \S+\n$/);
  });

  it('prints file:line:col and exits 2 on a typo, without a stack trace', () => {
    const file = join(dir, 'typo.sym');
    writeFileSync(file, seedText('adamw').replace('sqrt_v = sqrt(v)', 'sqrt_v = sqtr(v)'));
    const r = check(file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`symdisc: ${file}:8:12: unknown op 'sqtr'; did you mean 'sqrt'?\n`);
  });

  it('says so in one line when the file does not exist', () => {
    const r = check(join(dir, 'missing.sym'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file or run directory '.*missing\.sym' \(and no seed of that name; seeds: adam, adamw, /);
  });

  it('rejects a wrong command line in one line', () => {
    for (const args of [[], ['a.sym', 'b.sym'], ['--frob', 'adamw']]) {
      const r = check(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^symdisc: check: .*\n$/);
    }
  });
});
