import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../../src/dsl/compile.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { loadSeed, seedText } from '../../../../src/dsl/seeds/index.ts';
import { adamwBaseline } from '../../../../src/eval/tasks/optimizer/baselines.ts';
import { familyScore, logLoss, tuneBaseline } from '../../../../src/eval/tasks/optimizer/fitness.ts';
import type { TrainingOutcome } from '../../../../src/eval/tasks/optimizer/fitness.ts';
import { getFamily } from '../../../../src/eval/tasks/optimizer/families/index.ts';
import { trainGrid } from '../../../../src/eval/tasks/optimizer/grid.ts';
import { buildInstances } from '../../../../src/eval/tasks/optimizer/instances.ts';
import { scoreOptimizerCpu, scoreRule } from '../../../../src/eval/tasks/optimizer/score.ts';
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

  it('prefers the first lr on ties', () => {
    const row = [{ finalLoss: 0.5, initialLoss: 1, diverged: false }];
    expect(tuneBaseline(GRID, GRID.map(() => row), FLOOR).lrIndex).toBe(0);
  });
});

const rule = (body: string): string => `def train(w, g, m, v, lr):\n${body.split('\n').map((l) => `  ${l}`).join('\n')}\n  return update, m, v\n`;

describe('scores on real tasks', () => {
  it('tuned AdamW scores exactly 0 on every family (by construction)', () => {
    const r = scoreOptimizerCpu(seedText('adamw'), 'opt:suite', { instances: 1 });
    expect(r.valid).toBe(true);
    expect(r.score).toBe(0);
    for (const f of ['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp']) {
      expect(r.measures[`family.${f}`]).toBe(0);
      expect(r.measures[`lr.${f}`]).toBe(adamwBaseline(f, 0, 1, 'search').lr);
    }
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
