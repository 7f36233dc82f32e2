import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram, compileScalar } from '../../../../src/dsl/compile.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { printProgram } from '../../../../src/dsl/print.ts';
import { loadSeed } from '../../../../src/dsl/seeds/index.ts';
import { withWeightDecay } from '../../../../src/eval/tasks/optimizer/baselines.ts';
import { DECOUPLED_DECAY_GRID, decoupledDecayVariants, withDecoupledDecay } from '../../../../src/eval/tasks/optimizer/decoupled-decay.ts';
import { getFamily } from '../../../../src/eval/tasks/optimizer/families/index.ts';
import { buildInstance } from '../../../../src/eval/tasks/optimizer/instances.ts';
import { trainBatch } from '../../../../src/eval/tasks/optimizer/trainer.ts';

describe('decoupled weight decay', () => {
  it('adds decay * lr * w to the update, with the inputs as given, and nothing else', () => {
    // The program reassigns w and lr before its update; the decay must use the inputs.
    const p = parseProgram('def train(w, g, m, v, lr):\n  decay = g * 2\n  w = negative(w)\n  lr = lr * 0.001\n  update = decay * lr\n  return update, m, v');
    const base = compileScalar(p, 'f64');
    const decayed = compileScalar(withDecoupledDecay(p, 1e-5), 'f64');
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (w, g, lr) => {
        const [u0, m0, v0] = base(w, g, 0.5, 0.25, lr, 1);
        const [u1, m1, v1] = decayed(w, g, 0.5, 0.25, lr, 1);
        expect(u1).toBe(u0 + w * 1e-5 * lr);
        expect([m1, v1]).toEqual([m0, v0]);
      }),
    );
    expect(printProgram(withDecoupledDecay(p, 1e-5))).toContain('decay2 = w * 0.00001');
  });

  it('is the program itself at decay 0, and rejects a negative decay', () => {
    const p = loadSeed('adam');
    expect(withDecoupledDecay(p, 0)).toBe(p);
    expect(decoupledDecayVariants(p).map((x) => x.weightDecay)).toEqual([...DECOUPLED_DECAY_GRID]);
    expect(() => withDecoupledDecay(p, -1)).toThrow(/>= 0/);
  });

  it('on AdamW without its own decay, matches AdamW with decay literal d / 0.001 (the grids correspond)', () => {
    const family = getFamily('logistic');
    const inst = buildInstance('logistic', 0, 0, 'search');
    const noDecay = withWeightDecay(loadSeed('adamw'), 0);
    for (const [literal, decay] of [[1e-2, 1e-5], [1e-1, 1e-4]]) {
      const [own] = trainBatch(compileProgram(withWeightDecay(loadSeed('adamw'), literal), 'f32'), [{ instance: inst, lr: family.lrGrid.search[2] }]);
      const [added] = trainBatch(compileProgram(withDecoupledDecay(noDecay, decay), 'f32'), [{ instance: inst, lr: family.lrGrid.search[2] }]);
      // Equal in real arithmetic; float32 rounds the two orders of operations differently.
      expect(Math.abs(added.heldOutLoss! - own.heldOutLoss!) / own.heldOutLoss!).toBeLessThan(1e-3);
    }
  });
});
