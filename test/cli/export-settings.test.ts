/** `symdisc export DIR` after `select`: the selected rule, with the learning rate that won there. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adamwUsualLrInput, geometricMean, learningRateDefault, lrRatios, medianDecay, selectedRule } from '../../src/cli/export-settings.ts';
import { weightDecayTerm } from '../../src/dsl/emit/optimizer-settings.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { encodeFront } from '../../src/run/front-file.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const ADAMW = printProgram(loadSeed('adamw'));
const RULE = 'def train(w, g, m, v, lr):\n  m = interp(g, m, 0.9)\n  update = sign(m)\n  wd = w * 0.1\n  update = update + wd\n  lr = lr * 0.0001\n  update = update * lr\n  return update, m, v\n';
const OTHER = 'def train(w, g, m, v, lr):\n  update = g * lr\n  return update, m, v\n';

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 120_000);

/** A run directory with a front and, unless `selected` is undefined, a selected.json as select writes it (decays: the rule's tuned `decay.<family>`). */
function runDir(selected: readonly string[] | undefined, decays: Record<string, number> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-selected-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, task: { id: 'opt:suite' }, domain: 'optimizer', warmStart: 'adamw', initial: [ADAMW] }));
  writeFileSync(join(dir, 'front.json'), encodeFront({ task: 'opt:suite', label: 'score', measure: 'score', entries: [{ cost: 3, score: -0.1, measures: {}, hash: 'f00d', program: OTHER, candidate: 7 }] }));
  if (selected === undefined) return dir;
  const measures = (a: number, b: number): Record<string, number> => ({ 'family.iris': -0.2, 'lr.iris': a, 'family.mlp': -0.1, 'lr.mlp': b });
  writeFileSync(
    join(dir, 'selected.json'),
    JSON.stringify({
      task: { id: 'opt:meta-validation' },
      families: ['iris', 'mlp'],
      baseline: 'adamw',
      baselines: { adamw: { score: 0, valid: true, measures: measures(10, 30) } },
      candidates: [
        { rank: 2, hash: 'aaaa', program: OTHER, searchScore: -0.1, result: { score: -0.5, valid: true, measures: { ...measures(10, 30), ...decays } } },
        { rank: 1, hash: 'bbbb', program: RULE, searchScore: -0.2, result: { score: -0.3, valid: true, measures: measures(1, 0.3) } },
      ],
      selected,
    }),
  );
  return dir;
}

describe('the learning-rate default', () => {
  it('is the geometric mean of the per-family ratios to tuned AdamW, times 1, to 3 digits', () => {
    const ratios = lrRatios(['iris', 'mlp', 'absent'], { 'lr.iris': 1, 'lr.mlp': 0.3 }, { 'lr.iris': 10, 'lr.mlp': 30 });
    expect(ratios).toEqual({ iris: 0.1, mlp: 0.01 });
    expect(learningRateDefault(ratios, 'opt:meta-validation')?.lr).toBe(0.0316);
    expect(learningRateDefault({}, 'x')).toBeUndefined();
  });

  it('geometricMean lies between the smallest and largest ratio and is 1 for equal rates', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 8 }), (xs) => {
        const g = geometricMean(xs);
        expect(g).toBeGreaterThanOrEqual(Math.min(...xs) * (1 - 1e-12));
        expect(g).toBeLessThanOrEqual(Math.max(...xs) * (1 + 1e-12));
      }),
    );
    expect(geometricMean([3, 3, 3])).toBeCloseTo(3, 12);
  });
});

describe('selectedRule', () => {
  it('takes the first selected hash, not the first candidate, with its lr ratios', () => {
    const rule = selectedRule(runDir(['bbbb']));
    expect(rule?.hash).toBe('bbbb');
    expect(rule?.beatBaseline).toBe(true);
    expect(printProgram(rule?.program ?? loadSeed('sgd'))).toBe(RULE);
    expect(rule?.learningRate?.lr).toBe(0.0316);
    expect(rule?.learningRate?.note).toMatch(/geometric mean over 2 opt:meta-validation families/);
  });

  it('falls back to the best re-evaluated program when none beat the baseline; undefined without selected.json', () => {
    const rule = selectedRule(runDir([]));
    expect(rule?.hash).toBe('aaaa');
    expect(rule?.beatBaseline).toBe(false);
    expect(rule?.learningRate?.lr).toBe(1);
    expect(selectedRule(runDir(undefined))).toBeUndefined();
  });
});

describe('the weight-decay default', () => {
  it('is the lower median of the per-family tuned decays', () => {
    expect(medianDecay(['a', 'b', 'c'], { 'decay.a': 1e-4, 'decay.b': 0, 'decay.c': 1e-5 })).toBe(1e-5);
    expect(medianDecay(['a', 'b'], { 'decay.a': 1e-4, 'decay.b': 1e-6 })).toBe(1e-6);
    expect(medianDecay(['a'], {})).toBeUndefined();
  });

  it('adds the tuned decay to a rule without a w term, as its first statement; a rule with one keeps its own', () => {
    const rule = selectedRule(runDir([], { 'decay.iris': 1e-5, 'decay.mlp': 1e-4 }));
    expect(rule?.hash).toBe('aaaa');
    expect(rule?.weightDecay?.value).toBe(1e-5);
    expect(rule?.weightDecay?.note).toMatch(/median over 2 opt:meta-validation families of the decay select tuned/);
    expect(rule && weightDecayTerm(rule.program)).toMatchObject({ index: 0, value: 1e-5 });
    expect(printProgram(rule?.program ?? loadSeed('sgd'))).toContain('update = update + decay\n');
    expect(selectedRule(runDir([], { 'decay.iris': 0, 'decay.mlp': 0 }))?.weightDecay).toBeUndefined();
    expect(selectedRule(runDir(['bbbb']))?.weightDecay).toBeUndefined();
  });
});

describe('symdisc export DIR', () => {
  it('exports the selected rule with its lr default and weight decay; --cost and runs without selected.json export the front', async () => {
    const dir = runDir(['bbbb']);
    const r = await symdisc('export', dir, '--to', 'pytorch');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^export: the rule select chose in .*selected\.json \(#1 by search score, hash bbbb.*default lr 0\.0316\n$/);
    expect(r.stdout).toContain('def __init__(self, params, lr_value=0.0316, weight_decay=0.1):');
    expect(r.stdout).toContain('lr_value: the learning rate (the program\'s lr input), default 0.0316: the geometric mean');
    const ts = await symdisc('export', dir, '--to', 'ts');
    expect(ts.stdout).toContain('constructor(size: number, lr: number = 0.0316, weightDecay: number = 0.1) {');
    const front = await symdisc('export', dir, '--to', 'pytorch', '--cost', '3');
    expect(front.stdout).toContain('def __init__(self, params, lr_value=1.0):');
    expect(front.stdout).toContain('update = (g * lr)');
    const plain = await symdisc('export', runDir(undefined), '--to', 'numpy');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('def __init__(self, shape, lr_value, dtype=np.float64):');
  }, 120_000);
});

describe('adamwUsualLrInput', () => {
  it('is 1: the AdamW seed scales its lr input by 0.001, AdamW\'s usual rate', () => {
    expect(adamwUsualLrInput()).toBe(1);
  });
});
