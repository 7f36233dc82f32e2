/**
 * What the commands print for optimizer tasks: `eval` a per-family table, `search`'s end summary
 * and `inspect` the best programs beside the baseline optimizers, `simplify --task opt:*` the
 * Lion search program's fitness-guided steps (subprocesses, as a user runs them).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINES_FILE, frontVersusBaselines, readFrontEntries, runBaselines } from '../../src/cli/optimizer-baselines.ts';
import { seedText } from '../../src/dsl/seeds/index.ts';
import { scoreOptimizerCpu } from '../../src/eval/tasks/optimizer/score.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const LION_SEARCH = join(import.meta.dirname, '../dsl/simplify/fixtures/lion-search.sym');

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 110_000);

describe('optimizer output', () => {
  it('eval prints a per-family table (score, best lr, loss, diverged); --json has the same numbers as measures', async () => {
    const table = await symdisc('eval', 'lion', '--task', 'opt:suite', '--backend', 'cpu');
    expect(table.code, table.stderr).toBe(0);
    const json = await symdisc('eval', 'lion', '--task', 'opt:suite', '--backend', 'cpu', '--json');
    const out = JSON.parse(json.stdout) as Record<string, number>;
    expect(out).toEqual(expect.objectContaining(scoreOptimizerCpu(seedText('lion'), 'opt:suite').measures));
    expect(table.stdout).toMatch(/^ {2}family +score +best lr +loss +diverged +accuracy$/m);
    for (const f of ['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp', 'iris', 'digits']) {
      const score = out[`family.${f}`];
      expect(table.stdout).toMatch(new RegExp(`^ {2}${f} +\\${score < 0 ? '-' : '+'}${Math.abs(score).toFixed(3)} +`, 'm'));
    }
    expect(table.stdout).toMatch(new RegExp(`^ {2}mean +\\+${out.score.toFixed(3)}$`, 'm'));
    const adamw = await symdisc('eval', 'adamw', '--task', 'opt:suite', '--backend', 'cpu');
    // The seed's weight decay (0.01) is one point of the yardstick's grid: it scores 0 or worse, never better.
    expect(adamw.stdout).toMatch(/^ {2}mean +\+\d+\.\d{3}$/m);
  }, 180_000);

  it("search's summary and inspect show the front's best beside the baselines; baselines.json caches them", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'symdisc-opt-')), 'run');
    const s = await symdisc('search', '--task', 'opt:quadratic', '--budget', '16', '--population', '8', '--batch', '8', '--backend', 'cpu', '--no-progress', '--out', dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/opt:quadratic: the front's best beside the tuned baselines/);
    // Each of the best programs: its distance from the warm start (AdamW), its scores, its displayed text.
    expect(s.stdout).toMatch(/^ {2}best \(cost \d+, [0-9a-f]{8}, \d+ changed\) +[+-]\d+\.\d{3} +[+-]\d+\.\d{3}$/m);
    expect(s.stdout).toMatch(/^ {2}best \(cost \d+, [0-9a-f]{8}, \d+ changed\), as simplified \(exact rewrites only: constants folded, dead code and unused state left out\):\n {4}def train\(w, g, m, v, lr\):$/m);
    expect(s.stdout).toMatch(/^ {2}AdamW +\+0\.000 +\+0\.000$/m);
    expect(existsSync(join(dir, BASELINES_FILE))).toBe(true);
    const cached = JSON.parse(readFileSync(join(dir, BASELINES_FILE), 'utf8'));
    expect(cached).toMatchObject({ task: 'opt:quadratic', options: { seed: 0, instances: 4, sizing: 'search' }, scorer: 'cpu' });
    expect(cached.results.adam.score).toBe(scoreOptimizerCpu(seedText('adam'), 'opt:quadratic').score);
    const i = await symdisc('inspect', dir);
    expect(i.code, i.stderr).toBe(0);
    expect(i.stdout).toContain(frontVersusBaselines(dir, { id: 'opt:quadratic' }, readFrontEntries(dir), false).join('\n'));
    // --json: every front entry with its distance from the warm start (statements changed).
    const j = await symdisc('inspect', dir, '--json');
    const front = (JSON.parse(j.stdout) as { front: { changed: number }[] }).front;
    expect(front.length).toBeGreaterThan(0);
    for (const row of front) expect(Number.isInteger(row.changed) && row.changed >= 0).toBe(true);
  }, 120_000);

  it('runBaselines recomputes when the cached task options differ, and writes only when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-baselines-'));
    const two = runBaselines(dir, { id: 'opt:beale', options: { instances: 2 } }, false);
    expect(existsSync(join(dir, BASELINES_FILE))).toBe(false);
    expect(runBaselines(dir, { id: 'opt:beale', options: { instances: 2 } }, true)).toEqual(two);
    const one = runBaselines(dir, { id: 'opt:beale', options: { instances: 1 } }, false);
    expect(one.sgd.score).toBe(scoreOptimizerCpu(seedText('sgd'), 'opt:beale', { instances: 1 }).score);
    expect(frontVersusBaselines(dir, { id: 'fn:exp2' }, [], false)).toEqual([]);
  });

  it('simplify --task opt:quadratic on the Lion search program: sign(m), no cosh, and fitness drops arcsin and clip', async () => {
    const r = await symdisc('simplify', LION_SEARCH, '--task', 'opt:quadratic', '--backend', 'cpu', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.symbolic.program).toContain('sign(m)');
    expect(out.symbolic.program).not.toContain('cosh');
    expect(out.fitness).toMatchObject({ task: 'opt:quadratic', toleranceMode: 'absolute', reference: 'best' });
    expect(out.fitness.program).not.toMatch(/arcsin|clip|cosh/);
    expect(out.fitness.program).toMatch(/sign\(/);
    const scores = out.fitness.steps.map((s: { score: number }) => s.score);
    // Improvements first, then held to the best score so far (+ tolerance 0.01).
    for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeLessThanOrEqual(Math.min(...scores.slice(0, k)) + 0.01 + 1e-12);
    expect(scores.at(-1)).toBeLessThan(scores[0] - 5);
    expect(scores.at(-1)).toBe(scoreOptimizerCpu(out.fitness.program, 'opt:quadratic').score);
  }, 120_000);
});
