import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../../../../src/eval/tasks/optimizer/family.ts';
import type { LossAndGrad, LossAndGradMany, OptInstance } from '../../../../../src/eval/tasks/optimizer/family.ts';
import { FAMILIES, getFamily } from '../../../../../src/eval/tasks/optimizer/families/index.ts';
import { layerShape, mlpLossAndGrad, oneHiddenLossAndGrad, parameterCount } from '../../../../../src/eval/tasks/optimizer/families/mlp-core.ts';
import { oneHiddenLossAndGradMany, softmaxLossAndGradMany, twoHiddenLossAndGradMany } from '../../../../../src/eval/tasks/optimizer/families/mlp-many.ts';
import { buildInstance } from '../../../../../src/eval/tasks/optimizer/instances.ts';

/** `count` parameter vectors (float32 values, some scaled far from init) laid end to end with gaps. */
function params(inst: OptInstance, count: number, scales: readonly number[], seed: number): { w: Float64Array; offsets: Int32Array } {
  const offsets = Int32Array.from({ length: count }, (_, j) => j * (inst.dim + 3) + 1);
  const w = new Float64Array(count * (inst.dim + 3) + 2);
  let s = seed >>> 0;
  for (let j = 0; j < count; j++) {
    for (let p = 0; p < inst.dim; p++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      w[offsets[j] + p] = Math.fround(inst.init[p] * scales[j % scales.length] + (s / 2 ** 32 - 0.5) * 0.1);
    }
  }
  return { w, offsets };
}

/** Many's losses and gradients equal the reference's, called once per training, bit for bit. */
function expectSame(inst: OptInstance, one: LossAndGrad, many: LossAndGradMany, count: number, scales: readonly number[], seed: number, step: number): void {
  const { w, offsets } = params(inst, count, scales, seed);
  const gMany = new Float64Array(w.length);
  const losses = new Float64Array(count);
  many(inst, w, offsets, count, gMany, losses, step);
  const gOne = new Float64Array(w.length);
  for (let j = 0; j < count; j++) {
    const loss = one(inst, w, offsets[j], gOne, offsets[j], step);
    expect(Object.is(losses[j], loss), `training ${j} loss ${losses[j]} vs ${loss}`).toBe(true);
  }
  for (let j = 0; j < count; j++) {
    for (let p = 0; p < inst.dim; p++) {
      const a = gMany[offsets[j] + p];
      const b = gOne[offsets[j] + p];
      if (!Object.is(a, b)) expect.fail(`training ${j} gradient ${p}: ${a} vs ${b}`);
    }
  }
}

/** A classification instance of random shape: data = [x (n × d), y (n)] (lossAndGrad reads no more). */
function randomMlpInstance(sizes: readonly number[], n: number, batch: number, seed: number): OptInstance {
  const d = sizes[0];
  const classes = sizes[sizes.length - 1];
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const data = new Float32Array(n * d + n);
  for (let i = 0; i < n * d; i++) data[i] = (next() - 0.5) * 6;
  for (let i = 0; i < n; i++) data[n * d + i] = Math.floor(next() * classes);
  const dim = parameterCount(sizes);
  const init = Float32Array.from({ length: dim }, () => (next() - 0.5) * 2);
  return makeInstance({ family: 'test', seed, index: 0, sizing: 'search', dim, steps: 10, stream: (seed * 2654435761) >>> 0, init, data, shape: { n, batch, nHeldOut: 0, ...layerShape(sizes) } });
}

const scalesArb = fc.array(fc.constantFrom(0, 1, 0.5, 3, 40, 1e4, -2), { minLength: 1, maxLength: 4 });

describe('lossAndGradMany fast paths', () => {
  it('every family that has one equals its lossAndGrad bit for bit, on its own instances (both sizings)', () => {
    const withMany = FAMILIES.filter((f) => f.lossAndGradMany);
    expect(withMany.map((f) => f.id).sort()).toEqual(['digits', 'iris', 'logistic', 'mlp', 'mlp2', 'softmax']);
    fc.assert(
      fc.property(fc.constantFrom(...withMany.map((f) => f.id)), fc.constantFrom('search' as const, 'meta' as const), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 7 }), scalesArb, fc.nat(), fc.integer({ min: 1, max: 5000 }), (id, sizing, index, count, scales, seed, step) => {
        const family = getFamily(id);
        expectSame(buildInstance(id, 0, index, sizing), family.lossAndGrad, family.lossAndGradMany!, count, scales, seed, step);
      }),
      { numRuns: 60 },
    );
  });

  it('the one-hidden-layer kernel equals oneHiddenLossAndGrad and mlpLossAndGrad on random shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), scalesArb, fc.nat(), fc.integer({ min: 1, max: 1000 }), (d, h, classes, n, batch, count, scales, seed, step) => {
        const inst = randomMlpInstance([d, h, classes], n, batch, seed);
        expectSame(inst, oneHiddenLossAndGrad, oneHiddenLossAndGradMany, count, scales, seed, step);
        expectSame(inst, mlpLossAndGrad, oneHiddenLossAndGradMany, count, scales, seed + 1, step);
      }),
      { numRuns: 80 },
    );
  });

  it('the softmax-regression kernel equals mlpLossAndGrad (no hidden layer) on random shapes, NaN and huge logits included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), scalesArb, fc.nat(), fc.integer({ min: 1, max: 1000 }), (d, classes, n, batch, count, scales, seed, step) => {
        expectSame(randomMlpInstance([d, classes], n, batch, seed), mlpLossAndGrad, softmaxLossAndGradMany, count, scales, seed, step);
      }),
      { numRuns: 80 },
    );
    const inst = randomMlpInstance([3, 4], 10, 5, 7);
    const { w, offsets } = params(inst, 2, [1], 3);
    w[offsets[1]] = NaN;
    w[offsets[0] + 2] = 1e300;
    const g = new Float64Array(w.length);
    const losses = new Float64Array(2);
    softmaxLossAndGradMany(inst, w, offsets, 2, g, losses, 1);
    const g1 = new Float64Array(w.length);
    for (let j = 0; j < 2; j++) expect(losses[j]).toBe(mlpLossAndGrad(inst, w, offsets[j], g1, offsets[j], 1));
    expect(Array.from(g)).toEqual(Array.from(g1));
  });

  it('the two-hidden-layer kernel equals mlpLossAndGrad on random shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), scalesArb, fc.nat(), fc.integer({ min: 1, max: 1000 }), (d, h1, h2, classes, n, batch, count, scales, seed, step) => {
        expectSame(randomMlpInstance([d, h1, h2, classes], n, batch, seed), mlpLossAndGrad, twoHiddenLossAndGradMany, count, scales, seed, step);
      }),
      { numRuns: 60 },
    );
  });

  it('shapes too wide to unroll take the looped kernels, with the same results', () => {
    for (const sizes of [[70, 3, 2], [2, 5, 66], [65, 3], [66, 2, 3, 2]]) {
      const inst = randomMlpInstance(sizes, 30, 7, sizes[0]);
      const many = [softmaxLossAndGradMany, oneHiddenLossAndGradMany, twoHiddenLossAndGradMany][sizes.length - 2];
      expectSame(inst, mlpLossAndGrad, many, 3, [1, 4], 11, 5);
    }
  });

  it('the logistic kernel equals the family lossAndGrad on random data, z of both signs and ±0', () => {
    const logistic = getFamily('logistic');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom(0, -0, 1, -1, 30, -30, 800), fc.nat(), fc.integer({ min: 1, max: 3000 }), (index, count, bias, seed, step) => {
        const inst = buildInstance('logistic', 1, index, 'search');
        const { w, offsets } = params(inst, count, [1, 0, 20], seed);
        for (let j = 0; j < count; j += 2) {
          for (let p = 0; p < inst.dim - 1; p++) w[offsets[j] + p] = 0;
          w[offsets[j] + inst.dim - 1] = bias;
        }
        const g = new Float64Array(w.length);
        const losses = new Float64Array(count);
        logistic.lossAndGradMany!(inst, w, offsets, count, g, losses, step);
        const g1 = new Float64Array(w.length);
        for (let j = 0; j < count; j++) expect(Object.is(losses[j], logistic.lossAndGrad(inst, w, offsets[j], g1, offsets[j], step))).toBe(true);
        expect(g.every((x, i) => Object.is(x, g1[i]))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
