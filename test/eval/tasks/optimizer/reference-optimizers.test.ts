import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../../src/dsl/compile.ts';
import { loadSeed } from '../../../../src/dsl/seeds/index.ts';
import { buildInstance } from '../../../../src/eval/tasks/optimizer/instances.ts';
import { REFERENCE_NAMES, referenceOptimizer } from '../../../../src/eval/tasks/optimizer/reference-optimizers.ts';
import { trainBatch } from '../../../../src/eval/tasks/optimizer/trainer.ts';
import type { TrainingResult } from '../../../../src/eval/tasks/optimizer/trainer.ts';

/** Largest relative difference between two runs' loss curves and final parameters. */
function maxRelativeDifference(a: TrainingResult, b: TrainingResult): number {
  let worst = 0;
  const compare = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
    expect(x.length).toBe(y.length);
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-3, Math.abs(y[i])));
  };
  compare(a.curve, b.curve);
  compare(a.params, b.params);
  return worst;
}

// A noisy ill-conditioned quadratic, softmax regression and the MLP, each at an lr that trains well.
const TASKS = [
  { instance: buildInstance('quadratic', 0, 1, 'search'), lr: 30 },
  { instance: buildInstance('softmax', 0, 0, 'search'), lr: 100 },
  { instance: buildInstance('mlp', 0, 0, 'search'), lr: 30 },
];

describe('baseline seeds equal their hand-written references', () => {
  it('covers every optimizer seed', () => {
    expect([...REFERENCE_NAMES].sort()).toEqual(['adam', 'adamw', 'lion', 'rmsprop', 'sgd', 'sgd_momentum']);
  });

  for (const name of REFERENCE_NAMES) {
    it(`${name}: loss curve and final parameters agree to 1e-6 over hundreds of steps (float64)`, () => {
      const seed = trainBatch(compileProgram(loadSeed(name), 'f64'), TASKS, { precision: 'f64', curvePoints: 1000 });
      const ref = trainBatch(referenceOptimizer(name, 'f64'), TASKS, { precision: 'f64', curvePoints: 1000 });
      TASKS.forEach((task, j) => {
        expect(ref[j].diverged).toBe(false);
        expect(ref[j].stepsRun).toBe(task.instance.steps);
        expect(ref[j].stepsRun).toBeGreaterThanOrEqual(300);
        expect(seed[j].diverged).toBe(false);
        expect(maxRelativeDifference(seed[j], ref[j])).toBeLessThan(1e-6);
      });
    });

    it(`${name}: float32 runs end at nearly the same loss`, () => {
      const seed = trainBatch(compileProgram(loadSeed(name), 'f32'), TASKS);
      const ref = trainBatch(referenceOptimizer(name, 'f32'), TASKS);
      TASKS.forEach((_, j) => expect(Math.abs(Math.log(seed[j].finalLoss / ref[j].finalLoss))).toBeLessThan(1e-2));
    });
  }

  it('the references differ from each other (the comparison can tell optimizers apart)', () => {
    const finals = REFERENCE_NAMES.map((name) => trainBatch(referenceOptimizer(name, 'f64'), [TASKS[0]], { precision: 'f64' })[0].finalLoss);
    expect(new Set(finals).size).toBe(REFERENCE_NAMES.length);
  });
});
