import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../../src/dsl/compile.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { loadSeed } from '../../../../src/dsl/seeds/index.ts';
import type { OptInstance } from '../../../../src/eval/tasks/optimizer/family.ts';
import { getFamily } from '../../../../src/eval/tasks/optimizer/families/index.ts';
import { buildInstance } from '../../../../src/eval/tasks/optimizer/instances.ts';
import { DIVERGENCE_FACTOR, lateWindow, trainBatch } from '../../../../src/eval/tasks/optimizer/trainer.ts';

const rule = (body: string, precision: 'f32' | 'f64' = 'f32') =>
  compileProgram(parseProgram(`def train(w, g, m, v, lr):\n${body.split('\n').map((l) => `  ${l}`).join('\n')}\n  return update, m, v\n`), precision);

/** A noiseless quadratic instance (its gradient is then exact). */
function noiselessQuadratic(index: number): OptInstance {
  for (let i = index; ; i++) {
    const inst = buildInstance('quadratic', 0, i, 'search');
    if (inst.shape.noise === 0) return inst;
  }
}

describe('trainBatch', () => {
  it('matches an independent plain loop for SGD (step order, t from 1, late average over the last 10% of steps)', () => {
    const inst = buildInstance('logistic', 0, 0, 'search');
    const lr = 7;
    const [r] = trainBatch(rule('s = lr * 0.01\nupdate = g * s', 'f64'), [{ instance: inst, lr }], { precision: 'f64', curvePoints: inst.steps });
    const family = getFamily('logistic');
    const w = Float64Array.from(inst.init);
    const g = new Float64Array(inst.dim);
    const losses: number[] = [];
    for (let t = 1; t <= inst.steps; t++) {
      losses.push(family.lossAndGrad(inst, w, 0, g, 0, t));
      for (let i = 0; i < inst.dim; i++) w[i] -= g[i] * (lr * 0.01);
    }
    const window = lateWindow(inst.steps);
    expect(window).toBe(30);
    const late = losses.slice(-window).reduce((a, b) => a + b, 0) / window;
    expect(r.diverged).toBe(false);
    expect(r.stepsRun).toBe(inst.steps);
    expect(r.initialLoss).toBe(losses[0]);
    expect(r.finalLoss).toBeCloseTo(late, 12);
    expect(Array.from(r.curve)).toEqual(losses);
    expect(Array.from(r.params)).toEqual(Array.from(w));
    expect(r.finalLoss).toBeLessThan(r.initialLoss);
  });

  it('passes t = 1, 2, … to the rule', () => {
    const inst = { ...noiselessQuadratic(0), steps: 10 };
    const [r] = trainBatch(rule('update = t * 0.001'), [{ instance: inst, lr: 1 }]);
    // w_final = w0 - 0.001 * (1 + 2 + … + 10)
    r.params.forEach((x, i) => expect(x).toBeCloseTo(inst.init[i] - 0.055, 5));
  });

  it('leaves the parameters alone under a zero update: the final loss is the initial loss', () => {
    const inst = noiselessQuadratic(0);
    const [r] = trainBatch(rule('update = w * 0'), [{ instance: inst, lr: 1 }]);
    expect(r.diverged).toBe(false);
    expect(Array.from(r.params)).toEqual(Array.from(inst.init));
    expect(r.finalLoss).toBeCloseTo(r.initialLoss, 5);
    expect(r.curve.every((x) => x === r.initialLoss)).toBe(true);
  });

  it('stores parameters as float32 values in f32 mode', () => {
    const inst = buildInstance('mlp', 0, 0, 'search');
    const [r] = trainBatch(compileProgram(loadSeed('adamw'), 'f32'), [{ instance: { ...inst, steps: 20 }, lr: 100 }]);
    expect(r.params.every((x) => Math.fround(x) === x)).toBe(true);
    expect(r.curve.every((x) => Math.fround(x) === x)).toBe(true);
  });

  it('detects divergence: NaN/Inf parameters and loss blow-up stop the training', () => {
    const inst = buildInstance('rosenbrock', 0, 0, 'search');
    const [inf] = trainBatch(rule('update = exp(1000)'), [{ instance: inst, lr: 1 }]);
    expect(inf.diverged).toBe(true);
    expect(inf.stepsRun).toBe(1);
    expect(inf.finalLoss).toBeNaN();
    const [ascent] = trainBatch(rule('update = g * -0.001'), [{ instance: inst, lr: 1 }]);
    expect(ascent.diverged).toBe(true);
    expect(ascent.stepsRun).toBeLessThan(inst.steps);
    expect(Math.max(...ascent.curve)).toBeLessThanOrEqual(DIVERGENCE_FACTOR * ascent.initialLoss);
    const [fine] = trainBatch(rule('update = w * 0'), [{ instance: inst, lr: 1 }]);
    expect(fine.diverged).toBe(false);
  });

  it('gives every training of a batch the result it gets alone', () => {
    const adamw = compileProgram(loadSeed('adamw'), 'f32');
    const trainings = [
      { instance: buildInstance('mlp', 0, 1, 'search'), lr: 30 },
      { instance: buildInstance('quadratic', 0, 2, 'search'), lr: 3000 }, // diverges or not, alone or not
      { instance: buildInstance('beale', 0, 0, 'search'), lr: 10 },
    ];
    const together = trainBatch(adamw, trainings);
    trainings.forEach((tr, j) => {
      const [alone] = trainBatch(adamw, [tr]);
      expect(together[j]).toEqual(alone);
    });
  });

  it('evaluates data families on their held-out split at the final parameters, and no others', () => {
    const adamw = compileProgram(loadSeed('adamw'), 'f32');
    const trainings = ['logistic', 'iris', 'digits', 'charlm', 'quadratic'].map((id) => ({ instance: buildInstance(id, 0, 0, 'search'), lr: getFamily(id).lrGrid.search[2] }));
    const results = trainBatch(adamw, trainings);
    results.forEach((r, j) => {
      const family = getFamily(trainings[j].instance.family);
      if (!family.holdout) {
        expect('heldOutLoss' in r).toBe(false);
        expect('heldOutAccuracy' in r).toBe(false);
        return;
      }
      const m = family.holdout.evaluate(trainings[j].instance, r.params, 0);
      expect(r.heldOutLoss).toBe(m.loss);
      expect(r.heldOutAccuracy).toBe(m.accuracy);
      // Trained: better than chance on points it never saw.
      expect(r.heldOutLoss).toBeLessThan(r.initialLoss);
      const shape = trainings[j].instance.shape;
      const classes = 'layers' in shape ? shape[`size${shape.layers}`] : 'vocab' in shape ? shape.vocab : 2;
      expect(r.heldOutAccuracy).toBeGreaterThan(1.5 / classes);
    });
    const [diverged] = trainBatch(rule('update = exp(1000)'), [trainings[1]]);
    expect(diverged.diverged).toBe(true);
    expect(diverged.heldOutLoss).toBeNaN();
    expect(diverged.heldOutAccuracy).toBeNaN();
  });
});

describe('trainBatch fast paths (lossAndGradMany)', () => {
  it('give the same results as the reference path bit for bit: every family, a grid of lrs, diverging trainings, instances of different lengths', () => {
    const rules = [compileProgram(loadSeed('adamw'), 'f32'), rule('s = lr * 0.5\nupdate = g * s'), rule('m = m + g\nupdate = m * lr')];
    for (const family of ['logistic', 'softmax', 'mlp', 'iris', 'digits', 'quadratic']) {
      const instances = [buildInstance(family, 3, 0, 'search'), buildInstance(family, 3, 1, 'search'), buildInstance('logistic', 3, 2, 'search')];
      const trainings = [0.01, 1, 30, 1e4].flatMap((lr) => instances.map((instance) => ({ instance, lr })));
      for (const r of rules) {
        const ref = trainBatch(r, trainings, { reference: true });
        const fast = trainBatch(r, trainings);
        expect(fast.length).toBe(ref.length);
        fast.forEach((f, j) => {
          const e = ref[j];
          expect([f.diverged, f.stepsRun, f.curveEvery]).toEqual([e.diverged, e.stepsRun, e.curveEvery]);
          for (const key of ['initialLoss', 'finalLoss', 'heldOutLoss', 'heldOutAccuracy'] as const) expect(Object.is(f[key], e[key]), `${family} training ${j} ${key}`).toBe(true);
          expect(Array.from(f.params)).toEqual(Array.from(e.params));
          expect(Array.from(f.curve)).toEqual(Array.from(e.curve));
        });
      }
    }
  });
});
