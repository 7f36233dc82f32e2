import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../../src/dsl/compile.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { loadSeed, seedText } from '../../../../src/dsl/seeds/index.ts';
import { printProgram } from '../../../../src/dsl/print.ts';
import { adamwBaseline, baselineVariants, WEIGHT_DECAY_GRID, withWeightDecay } from '../../../../src/eval/tasks/optimizer/baselines.ts';
import { DECOUPLED_DECAY_GRID } from '../../../../src/eval/tasks/optimizer/decoupled-decay.ts';
import { cappedFamilyScore, familyScore, logLoss, taskScore, tuneBaseline, tuneBaselineOver } from '../../../../src/eval/tasks/optimizer/fitness.ts';
import type { TrainingOutcome } from '../../../../src/eval/tasks/optimizer/fitness.ts';
import { getFamily } from '../../../../src/eval/tasks/optimizer/families/index.ts';
import { trainGrid } from '../../../../src/eval/tasks/optimizer/grid.ts';
import { buildInstances } from '../../../../src/eval/tasks/optimizer/instances.ts';
import { baselineScoresCpu, scoreOptimizerCpu, scoreRule } from '../../../../src/eval/tasks/optimizer/score.ts';
import { optimizerTask } from '../../../../src/eval/tasks/optimizer/task.ts';
import { DIVERGENCE_FACTOR } from '../../../../src/eval/tasks/optimizer/trainer.ts';

const GRID = [0.1, 0.3, 1, 3, 10];
const FLOOR = 1e-4;

const outcome = fc.record({
  finalLoss: fc.double({ min: 1e-8, max: 1e3, noNaN: true }),
  initialLoss: fc.double({ min: 0.1, max: 100, noNaN: true }),
  diverged: fc.boolean(),
});
/** A grid × instances matrix of outcomes sharing each instance's initial loss (as real trainings do). */
const matrix = (instances: number) =>
  fc.tuple(fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: instances, maxLength: instances }), fc.array(fc.array(outcome, { minLength: instances, maxLength: instances }), { minLength: GRID.length, maxLength: GRID.length })).map(([l0, rows]) =>
    rows.map((row) => row.map((o, i): TrainingOutcome => ({ ...o, initialLoss: l0[i], finalLoss: o.diverged ? NaN : Math.min(o.finalLoss, DIVERGENCE_FACTOR * l0[i]) }))),
  );

describe('task score', () => {
  it('is the plain mean without a gain cap', () => {
    expect(taskScore([1, -3, 0.5], 0)).toBe((1 - 3 + 0.5) / 3);
  });

  it('with a cap: losses in full, gains above -cap, monotone, linear near 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (a, b, c) => {
        const ca = cappedFamilyScore(a, c);
        if (a >= 0) expect(ca).toBe(a);
        else expect(ca).toBeGreaterThanOrEqual(-c);
        expect(ca).toBeGreaterThanOrEqual(a);
        if (a < b) expect(ca).toBeLessThanOrEqual(cappedFamilyScore(b, c));
      }),
    );
    expect(cappedFamilyScore(-1e-4, 0.2)).toBeCloseTo(-1e-4, 10);
    // One family's large gain no longer outweighs another family's loss.
    expect(taskScore([-4, 0.3], 0)).toBeLessThan(0);
    expect(taskScore([-4, 0.3], 0.2)).toBeGreaterThan(0);
  });
});

describe('logLoss', () => {
  it('floors, caps at the divergence ceiling and gives diverged trainings the ceiling', () => {
    expect(logLoss({ finalLoss: 1e-9, initialLoss: 2, diverged: false }, FLOOR)).toBeCloseTo(Math.log(FLOOR), 12);
    expect(logLoss({ finalLoss: 0.5, initialLoss: 2, diverged: false }, FLOOR)).toBeCloseTo(Math.log(0.5), 12);
    expect(logLoss({ finalLoss: NaN, initialLoss: 2, diverged: true }, FLOOR)).toBeCloseTo(Math.log(200), 12);
    expect(logLoss({ finalLoss: Infinity, initialLoss: 2, diverged: false }, FLOOR)).toBeCloseTo(Math.log(200), 12);
  });
});

describe('family score', () => {
  it('is exactly 0 for the baseline itself, and the baseline lr minimises the mean log-loss', () => {
    fc.assert(
      fc.property(matrix(3), (results) => {
        const b = tuneBaseline(GRID, results, FLOOR);
        const s = familyScore(GRID, results, b, FLOOR);
        expect(s.score).toBe(0);
        expect(s.lr).toBe(b.lr);
        for (const x of s.perLr) expect(x).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is the minimum over the grid, never worse than all-diverged, and lower when every loss shrinks', () => {
    fc.assert(
      fc.property(matrix(3), matrix(3), (base, cand) => {
        // Same instances: candidate trainings share the baseline's initial losses.
        const c = cand.map((row) => row.map((o, i) => ({ ...o, initialLoss: base[0][i].initialLoss, finalLoss: o.diverged ? NaN : Math.min(o.finalLoss, DIVERGENCE_FACTOR * base[0][i].initialLoss) })));
        const b = tuneBaseline(GRID, base, FLOOR);
        const s = familyScore(GRID, c, b, FLOOR);
        expect(s.score).toBe(Math.min(...s.perLr));
        expect(s.score).toBeLessThanOrEqual(s.worst + 1e-12);
        const allDiverged = familyScore(GRID, c.map((row) => row.map((o) => ({ ...o, diverged: true, finalLoss: NaN }))), b, FLOOR);
        expect(allDiverged.score).toBeCloseTo(s.worst, 12);
        expect(allDiverged.divergedFraction).toBe(1);
        const better = familyScore(GRID, c.map((row) => row.map((o) => (o.diverged ? o : { ...o, finalLoss: o.finalLoss / 2 }))), b, FLOOR);
        expect(better.score).toBeLessThanOrEqual(s.score);
      }),
    );
  });

  it('tuned over weight-decay variants: the best variant scores exactly 0 and no variant scores below 0', () => {
    fc.assert(
      fc.property(fc.array(matrix(3), { minLength: 1, maxLength: 4 }), (rows) => {
        // Variants of one baseline train on the same instances: share the first variant's initial losses.
        const l0 = rows[0][0].map((o) => o.initialLoss);
        const variants = rows.map((results, k) => ({ weightDecay: k / 10, results: results.map((row) => row.map((o, i) => ({ ...o, initialLoss: l0[i], finalLoss: o.diverged ? NaN : Math.min(o.finalLoss, DIVERGENCE_FACTOR * l0[i]) }))) }));
        const b = tuneBaselineOver(GRID, variants, FLOOR);
        const scores = variants.map((v) => familyScore(GRID, v.results, b, FLOOR).score);
        expect(Math.min(...scores)).toBe(0);
        expect(scores[variants.findIndex((v) => v.weightDecay === b.weightDecay)]).toBe(0);
        for (const x of scores) expect(x).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('scores the held-out loss where a training reports one, and carries held-out accuracy', () => {
    const train = { finalLoss: 0.01, initialLoss: 2, diverged: false };
    expect(logLoss({ ...train, heldOutLoss: 0.5 }, FLOOR)).toBeCloseTo(Math.log(0.5), 12);
    expect(logLoss(train, FLOOR)).toBeCloseTo(Math.log(0.01), 12);
    // A held-out loss above the ceiling (overfitting, not divergence) is capped like any loss.
    expect(logLoss({ ...train, heldOutLoss: 1e6 }, FLOOR)).toBeCloseTo(Math.log(200), 12);
    const rows = (heldOut: number, acc: number): TrainingOutcome[][] => GRID.map(() => [{ ...train, heldOutLoss: heldOut, heldOutAccuracy: acc }]);
    const b = tuneBaseline(GRID, rows(0.5, 0.8), FLOOR);
    const s = familyScore(GRID, rows(0.25, 0.9), b, FLOOR);
    expect(s.score).toBeCloseTo(Math.log(0.5), 12);
    expect(s.accuracy).toBe(0.9);
    expect(familyScore(GRID, GRID.map(() => [train]), tuneBaseline(GRID, GRID.map(() => [train]), FLOOR), FLOOR).accuracy).toBeUndefined();
  });

  it('prefers the first lr on ties', () => {
    const row = [{ finalLoss: 0.5, initialLoss: 1, diverged: false }];
    expect(tuneBaseline(GRID, GRID.map(() => row), FLOOR).lrIndex).toBe(0);
  });
});

const rule = (body: string): string => `def train(w, g, m, v, lr):\n${body.split('\n').map((l) => `  ${l}`).join('\n')}\n  return update, m, v\n`;

describe('scores on real tasks', () => {
  it('tuned AdamW scores exactly 0 on every family (by construction); the seed, at its own decay, no better', () => {
    const tuned = baselineScoresCpu('opt:suite', { instances: 1 }).adamw;
    const seed = scoreOptimizerCpu(seedText('adamw'), 'opt:suite', { instances: 1 });
    expect(tuned.valid && seed.valid).toBe(true);
    expect(tuned.score).toBe(0);
    for (const f of ['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp']) {
      const b = adamwBaseline(f, 0, 1, 'search');
      expect(tuned.measures[`family.${f}`]).toBe(0);
      expect(tuned.measures[`lr.${f}`]).toBe(b.lr);
      expect(tuned.measures[`wd.${f}`]).toBe(b.weightDecay);
      expect(WEIGHT_DECAY_GRID.adamw).toContain(b.weightDecay);
      expect(seed.measures[`family.${f}`]).toBeGreaterThanOrEqual(0);
      // The AdamW program with the tuned decay written in scores exactly 0 on that family.
      const variant = printProgram(withWeightDecay(loadSeed('adamw'), b.weightDecay ?? NaN));
      expect(scoreOptimizerCpu(variant, `opt:${f}`, { instances: 1 }).score).toBe(0);
    }
  });

  it('weight-decay variants rewrite only the decay literal; seeds without a decay term get the decoupled-decay grid', () => {
    expect(printProgram(withWeightDecay(loadSeed('adamw'), 0.1))).toBe(printProgram(parseProgram(seedText('adamw').replace('w * 0.01', 'w * 0.1'))));
    expect(baselineVariants('adamw').map((v) => v.weightDecay)).toEqual([...WEIGHT_DECAY_GRID.adamw]);
    expect(baselineVariants('lion').map((v) => v.weightDecay)).toEqual([...WEIGHT_DECAY_GRID.lion]);
    for (const name of ['adam', 'sgd', 'sgd_momentum', 'rmsprop']) {
      expect(baselineVariants(name).map((v) => v.weightDecay)).toEqual(DECOUPLED_DECAY_GRID.map(() => undefined));
      expect(baselineVariants(name).map((v) => v.decay)).toEqual([...DECOUPLED_DECAY_GRID]);
      expect(printProgram(baselineVariants(name)[0].program)).toBe(printProgram(loadSeed(name)));
    }
    expect(() => withWeightDecay(loadSeed('sgd'), 0.1)).toThrow(/no `wd = w \* C`/);
  });

  it('the baseline is tuned: its lr is not at the edge of the grid on the search suite', () => {
    for (const f of ['quadratic', 'logistic', 'mlp']) {
      const b = adamwBaseline(f, 0, 2, 'search');
      expect(b.lrIndex, f).toBeGreaterThan(0);
      expect(b.lrIndex, f).toBeLessThan(getFamily(f).lrGrid.search.length - 1);
    }
  });

  it('a rule that diverges at every lr gets the worst score, worse than a rule that does nothing', () => {
    const task = optimizerTask('opt:quadratic', { instances: 2 });
    if (!task) throw new Error('no task');
    const exploding = scoreRule(compileProgram(parseProgram(rule('update = exp(1000)')), 'f32'), task);
    const f = exploding.families.quadratic;
    expect(f.divergedFraction).toBe(1);
    expect(f.score).toBe(f.worst);
    expect(Number.isFinite(f.score)).toBe(true);
    const idle = scoreRule(compileProgram(parseProgram(rule('update = w * 0')), 'f32'), task);
    expect(idle.families.quadratic.score).toBeGreaterThan(0);
    expect(idle.families.quadratic.score).toBeLessThan(f.score);
    // The worst score equals mean_i log(ceiling_i / b_i) from the trainings' own initial losses.
    const family = getFamily('quadratic');
    const b = adamwBaseline('quadratic', 0, 2, 'search');
    const results = trainGrid(compileProgram(loadSeed('adamw'), 'f32'), family, buildInstances('quadratic', 0, 2, 'search'));
    const expected = results[0].reduce((a, r, i) => a + Math.log(DIVERGENCE_FACTOR * r.initialLoss) - b.logLosses[i], 0) / 2;
    expect(f.score).toBeCloseTo(expected, 10);
  });

  it('scores differ between optimizers, and per-family measures are present', () => {
    const r = scoreOptimizerCpu(seedText('lion'), 'opt:beale', { instances: 2 });
    expect(r.valid).toBe(true);
    expect(r.score).not.toBe(0);
    expect(Object.keys(r.measures).sort()).toEqual(['diverged.beale', 'family.beale', 'loss.beale', 'lr.beale', 'score', 'trainings']);
    expect(r.measures.trainings).toBe(10);
  });
});
