import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readJournal } from '../../src/run/journal.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { symdiscSync } from '../support/cli.ts';
import type { CliResult } from '../support/cli.ts';
const readConfig = (dir: string) => RunDirectory.open(dir).config();

const dir = mkdtempSync(join(tmpdir(), 'symdisc-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const symdisc = (...args: string[]): CliResult => symdiscSync(args);

describe('symdisc search flags', () => {
  const bad: [string[], RegExp][] = [
    [['--budget', '10'], /--task is required; tasks: fn:exp2/],
    [['--task', 'fn:nope'], /--task: unknown task 'fn:nope'; tasks: fn:exp2/],
    [['--task', 'fn:exp2', '--budget', 'abc'], /--budget must be an integer >= 1, got 'abc'/],
    [['--task', 'fn:exp2', '--budget', '0'], /--budget must be an integer >= 1, got '0'/],
    [['--task', 'fn:exp2', '--time', '5x'], /--time must be a duration such as 90s, 30m, 2h or 1d, got '5x'/],
    [['--task', 'fn:exp2', '--backend', 'gpu'], /--backend must be one of auto, webgpu, cpu, got 'gpu'/],
    [['--task', 'fn:exp2', '--strategy', 'cmaes'], /--strategy must be one of regularized, nsga2, got 'cmaes'/],
    [['--task', 'fn:exp2', '--population', '1'], /--population must be an integer >= 2, got '1'/],
    [['--task', 'fn:exp2', '--seed', 'a b'], /--seed must be letters, digits, - or _/],
    [['--task', 'fn:exp2', '--frobnicate'], /unknown option '--frobnicate'; options: --task, --budget/],
    [['--task', 'fn:exp2', '--budget'], /--budget needs a value/],
    [['--task', 'fn:exp2', '--warm-start', 'nosuch', '--out', join(dir, 'ws')], /--warm-start: 'nosuch' is neither a seed \(adam, adamw/],
    [['--task', 'fn:exp2', '--warm-start', 'adamw', '--out', join(dir, 'ws2')], /'adamw' is a optimizer program, the task needs a function program/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(' ')}`, async () => {
      await expect(main(['search', ...args])).rejects.toThrow(message);
    });
  }

  it('prints one line and exits 2 on a bad flag', () => {
    const r = symdisc('search', '--task', 'fn:exp2', '--budget', 'lots');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["symdisc: search: --budget must be an integer >= 1, got 'lots'"]);
  });
});

describe('symdisc search on the cpu backend', () => {
  it('makes the same decisions with 1 and 2 workers', () => {
    const runs = [1, 2].map((workers) => {
      const out = join(dir, `workers-${workers}`);
      const r = symdisc('search', '--task', 'fn:exp2', '--backend', 'cpu', '--workers', String(workers), '--budget', '96', '--batch', '24', '--seed', '7', '--out', out, '--no-progress');
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.status).toBe(0);
      return { out, stdout: r.stdout };
    });
    const [one, two] = runs.map(({ out }) => readJournal(join(out, 'journal.jsonl')).map((e) => [e.batch, e.hash, e.fingerprint, e.score, e.cacheHit, e.fitted ?? null]));
    expect(one.length).toBeGreaterThanOrEqual(96);
    expect(two).toEqual(one);
    expect(readConfig(runs[1].out).workers).toBe(2);
    // Not a terminal: no redrawing, a summary at the end.
    expect(runs[0].stdout).not.toContain('\u001b[');
    expect(runs[0].stdout).toMatch(/fn:exp2: evaluation budget reached/);
    expect(runs[0].stdout).toMatch(/cost\s+error\s+program/);
    expect(runs[0].stdout).toContain(`Results: ${runs[0].out}`);
    const front = JSON.parse(readFileSync(join(runs[0].out, 'front.json'), 'utf8')) as { entries: unknown[] };
    expect(front.entries.length).toBeGreaterThan(0);
  });
});
