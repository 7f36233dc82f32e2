/** `symdisc select`: funnel selection of an optimizer run's best programs on a validation task. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectionLines, topCandidates } from '../../src/cli/select.ts';
import type { Selection } from '../../src/cli/select.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { DECOUPLED_DECAY_GRID, withDecoupledDecay } from '../../src/eval/tasks/optimizer/decoupled-decay.ts';
import { BASELINE_SEEDS, scoreOptimizerCpu } from '../../src/eval/tasks/optimizer/score.ts';
import { isValidAt, readEntry, readRun } from '../../src/report/run-reader.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';
import { programDisplay } from '../../src/report/program-display.ts';

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 110_000);

let dir: string;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'symdisc-select-')), 'run');
  const r = await symdisc('search', '--task', 'opt:quadratic', '--budget', '40', '--population', '8', '--batch', '8', '--backend', 'cpu', '--seed', '5', '--no-progress', '--out', dir);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('symdisc select', () => {
  it('topCandidates: the K best valid programs by search score, one per structural hash, fingerprint and exact simplification', () => {
    const data = readRun(dir);
    const top = topCandidates(data, 5);
    expect(top.length).toBe(5);
    expect(new Set(top.map((c) => c.hash)).size).toBe(top.length);
    expect(new Set(top.map((c) => c.fingerprint)).size).toBe(top.length);
    expect(top.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < top.length; i++) expect(top[i].searchScore).toBeGreaterThanOrEqual(top[i - 1].searchScore);
    const c = data.candidates;
    let best = Infinity;
    for (let k = 0; k < c.count; k++) if (isValidAt(c, k)) best = Math.min(best, c.score[k]);
    expect(top[0].searchScore).toBe(best);
    // Every program better than the 5th is among them, or behaves as one of them.
    const kept = new Set([...top.map((t) => t.hash), ...top.map((t) => t.fingerprint)]);
    for (let k = 0; k < c.count; k++) {
      if (!isValidAt(c, k) || c.score[k] >= top[4].searchScore) continue;
      const e = readEntry(data, k);
      const simplified = (text: string): string => programDisplay('f64').simplified(text);
      const same = top.some((t) => t.hash === e.hash || t.fingerprint === e.fingerprint || JSON.stringify(readEntry(data, t.candidate).measures) === JSON.stringify(e.measures) || simplified(t.program) === simplified(e.fitted ?? e.program));
      expect(same || kept.has(e.hash)).toBe(true);
    }
  });

  it('re-scores the top K beside the baselines, keeps those that beat AdamW, writes selected.json', async () => {
    const r = await symdisc('select', dir, '--top', '4', '--task', 'opt:quadratic', '--instances', '2', '--backend', 'cpu', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Selection;
    expect(JSON.parse(readFileSync(join(dir, 'selected.json'), 'utf8'))).toEqual(s);
    expect(s.task).toEqual({ id: 'opt:quadratic', options: { seed: 0, instances: 2, sizing: 'search' } });
    expect(s.searchTask.id).toBe('opt:quadratic');
    expect(Object.keys(s.baselines)).toEqual([...BASELINE_SEEDS]);
    expect(s.baselines.adamw.score).toBe(0);
    expect(s.candidates).toHaveLength(4);
    for (const c of s.candidates) {
      // The validation score is the CPU scorer's on that task at the best decoupled decay (one
      // family: the best variant's score), and the verdict follows from it.
      const variants = DECOUPLED_DECAY_GRID.map((d) => scoreOptimizerCpu(printProgram(withDecoupledDecay(parseProgram(c.program), d)), 'opt:quadratic', { instances: 2 }).score);
      expect(c.result.score).toBe(Math.min(...variants));
      expect(c.result.measures['decay.quadratic']).toBe(DECOUPLED_DECAY_GRID[variants.indexOf(Math.min(...variants))]);
      expect(c.beatsBaseline).toBe(c.result.score < s.baselines.adamw.score);
      expect(c.beatsAllBaselines).toBe(BASELINE_SEEDS.every((b) => c.result.score < s.baselines[b].score));
    }
    for (let i = 1; i < s.candidates.length; i++) expect(s.candidates[i].result.score).toBeGreaterThanOrEqual(s.candidates[i - 1].result.score);
    expect(s.selected).toEqual(s.candidates.filter((c) => c.beatsBaseline).map((c) => c.hash));
    expect(s.decay).toBe('tuned');
  }, 60_000);

  it('--decay fixed scores the programs as they are; a bad mode names the flag and the modes', async () => {
    const r = await symdisc('select', dir, '--top', '2', '--task', 'opt:quadratic', '--instances', '2', '--backend', 'cpu', '--decay', 'fixed', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Selection;
    expect(s.decay).toBe('fixed');
    for (const c of s.candidates) expect(c.result.score).toBe(scoreOptimizerCpu(c.program, 'opt:quadratic', { instances: 2 }).score);
    const bad = await symdisc('select', dir, '--decay', 'sometimes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--decay must be one of tuned, fixed/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('prints a table with per-family scores, the baselines and the verdict', async () => {
    const r = await symdisc('select', dir, '--top', '3', '--task', 'opt:quadratic', '--backend', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'selected.json'), 'utf8')) as Selection;
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(selectionLines(s)));
    expect(r.stdout).toMatch(/^ +score +quadratic$/m);
    expect(r.stdout).toMatch(/^ +AdamW +\+0\.000 +\+0\.000$/m);
    for (const label of ['Adam', 'SGD', 'SGD-momentum', 'RMSProp', 'Lion']) expect(r.stdout).toMatch(new RegExp(`^ +${label} +[+-]\\d`, 'm'));
    expect(r.stdout).toMatch(/programs? beats? AdamW on opt:quadratic|No program beats AdamW on opt:quadratic/);
    expect(r.stdout).toMatch(/Wrote .*selected\.json$/m);
  }, 60_000);

  it('user errors exit 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['select', dir, '--task', 'fn:exp2'], /^symdisc: select: --task must be an optimizer task \(opt:\*\), got 'fn:exp2'$/],
      [['select', dir, '--task', 'opt:nope'], /^symdisc: select: --task: unknown task 'opt:nope'/],
      [['select', dir, '--top', '0'], /^symdisc: select: --top must be an integer >= 1, got '0'$/],
      [['select', dir, '--baseline', 'sgdx'], /^symdisc: select: --baseline must be one of adamw, adam, sgd, sgd_momentum, rmsprop, lion, got 'sgdx'$/],
      [['select', join(dir, 'nope')], /^symdisc: select: .*nope is not a run directory \(no config\.json\)$/],
      [['select'], /^symdisc: select: expected one run directory, got 0/],
    ];
    for (const [args, message] of cases) {
      const r = await symdisc(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  }, 60_000);
});
