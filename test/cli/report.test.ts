import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRun } from '../report/support/make-run.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let scratch: string;
let runDir: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'symdisc-cli-report-'));
  runDir = (await makeRun('function', { dir: join(scratch, 'run'), budget: 120 })).dir;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `symdisc report ...args` as a user would. */
function report(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/symdisc.js', 'report', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('symdisc report', () => {
  it('writes DIR/report.html by default and FILE with --out', () => {
    const r = report(runDir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^report: wrote ${join(runDir, 'report.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KiB\\)\\n$`));
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<title>symdisc report: fn:exp2');
    const out = join(scratch, 'elsewhere.html');
    const r2 = report(runDir, '--out', out);
    expect(r2.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('answers a user error with one line and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [[], /^symdisc: report: expected one run directory, got 0; usage: symdisc report DIR \[--out FILE\] \[--task-module F\]\n$/],
      [[scratch], /^symdisc: report: .* is not a run directory \(no config\.json\)\n$/],
      [[runDir, '--bogus'], /^symdisc: report: unknown option '--bogus'; options: --out, --task-module\n$/],
      [[runDir, '--out'], /^symdisc: report: --out needs a value: a file path\n$/],
    ];
    for (const [args, message] of cases) {
      const r = report(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('prints its usage with --help', () => {
    const r = report('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: symdisc report DIR [--out FILE]');
  });
});
