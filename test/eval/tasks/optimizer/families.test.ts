import { describe, expect, it } from 'vitest';
import type { OptInstance, Sizing } from '../../../../src/eval/tasks/optimizer/family.ts';
import { FAMILIES, SEARCH_FAMILIES, getFamily } from '../../../../src/eval/tasks/optimizer/families/index.ts';
import { randomRotation } from '../../../../src/eval/tasks/optimizer/families/quadratic.ts';
import { instanceRng } from '../../../../src/eval/tasks/optimizer/rng.ts';

/** The instance with gradient noise switched off (the quadratic's σ), so gradients are exact. */
function noiseless(inst: OptInstance): OptInstance {
  return 'noise' in inst.shape ? { ...inst, shape: { ...inst.shape, noise: 0 } } : inst;
}

/** Central finite differences in float64 at a point near the instance's start. */
function checkGradient(inst: OptInstance, step: number): void {
  const family = getFamily(inst.family);
  const rng = instanceRng(`fd/${inst.family}/${inst.index}`);
  const w = Float64Array.from(inst.init, (x) => x + 0.1 * rng.normal());
  const g = new Float64Array(inst.dim);
  family.lossAndGrad(inst, w, 0, g, 0, step);
  const scratch = new Float64Array(inst.dim);
  // Check every coordinate of small models, a spread-out sample of large ones.
  const stride = Math.max(1, Math.floor(inst.dim / 40));
  for (let j = 0; j < inst.dim; j += stride) {
    const h = 1e-6 * Math.max(1, Math.abs(w[j]));
    const saved = w[j];
    w[j] = saved + h;
    const up = family.lossAndGrad(inst, w, 0, scratch, 0, step);
    w[j] = saved - h;
    const down = family.lossAndGrad(inst, w, 0, scratch, 0, step);
    w[j] = saved;
    const fd = (up - down) / (2 * h);
    expect(Math.abs(g[j] - fd), `${inst.family}[${inst.index}] ∂/∂w${j}: analytic ${g[j]}, finite difference ${fd}`).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(fd));
  }
}

describe('optimizer task families', () => {
  it('has at least six search families and at least one held-out family', () => {
    expect(SEARCH_FAMILIES.map((f) => f.id)).toEqual(['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp', 'iris', 'digits', 'charlm']);
    expect(FAMILIES.filter((f) => f.heldOut).map((f) => f.id)).toEqual(['ackley', 'mlp2']);
  });

  for (const family of FAMILIES) {
    describe(family.id, () => {
      it('has analytic gradients equal to finite differences', () => {
        for (const sizing of ['search', 'meta'] as Sizing[]) {
          for (const index of [0, 1, 2]) checkGradient(noiseless(family.instance(3, index, sizing)), 1 + index * 17);
        }
      });

      it('builds the same instance from the same (seed, index, sizing) and different ones otherwise', () => {
        const a = family.instance(5, 1, 'search');
        const b = family.instance(5, 1, 'search');
        expect(b).toEqual(a);
        const other = family.instance(5, 2, 'search');
        const otherSeed = family.instance(6, 1, 'search');
        expect(other.init).not.toEqual(a.init);
        expect(otherSeed.init).not.toEqual(a.init);
        expect(a.stream).not.toBe(other.stream);
      });

      it('keeps search instances small: float32 data, at most a few hundred parameters and points, 100-1000 steps', () => {
        for (const index of [0, 1, 2, 3]) {
          const inst = family.instance(0, index, 'search');
          expect(inst.init).toBeInstanceOf(Float32Array);
          expect(inst.data).toBeInstanceOf(Float32Array);
          expect(inst.init.length).toBe(inst.dim);
          expect(inst.dim).toBeLessThanOrEqual(500);
          // The text model's n counts symbols, its batch windows of `window` predictions each.
          const text = 'window' in inst.shape;
          if ('n' in inst.shape) expect(inst.shape.n).toBeLessThanOrEqual(text ? 2000 : 512);
          if ('batch' in inst.shape) expect(inst.shape.batch * (text ? inst.shape.window : 1)).toBeGreaterThanOrEqual(16);
          expect(inst.steps).toBeGreaterThanOrEqual(100);
          expect(inst.steps).toBeLessThanOrEqual(1000);
          expect(inst.family).toBe(family.id);
          const meta = family.instance(0, index, 'meta');
          expect(meta.steps).toBeGreaterThanOrEqual(inst.steps);
          expect(meta.dim).toBeGreaterThanOrEqual(inst.dim);
        }
      });

      it('gives a finite positive loss at the start and a minibatch that depends on the step', () => {
        const inst = family.instance(0, 0, 'search');
        const w = Float64Array.from(inst.init);
        const g = new Float64Array(inst.dim);
        const l1 = family.lossAndGrad(inst, w, 0, g, 0, 1);
        expect(Number.isFinite(l1) && l1 > 0).toBe(true);
        const g1 = Array.from(g);
        expect(family.lossAndGrad(inst, w, 0, g, 0, 1)).toBe(l1);
        expect(Array.from(g)).toEqual(g1);
        // Offsets: the same computation at an offset inside larger arrays.
        const w2 = new Float64Array(inst.dim + 3);
        w2.set(w, 3);
        const g2 = new Float64Array(inst.dim + 5);
        expect(family.lossAndGrad(inst, w2, 3, g2, 5, 1)).toBe(l1);
        expect(Array.from(g2.subarray(5))).toEqual(g1);
        if ('batch' in inst.shape || ('noise' in inst.shape && inst.shape.noise > 0)) {
          family.lossAndGrad(inst, w, 0, g, 0, 2);
          expect(Array.from(g)).not.toEqual(g1);
        }
      });
    });
  }

  it('gives every data family a held-out split (classifiers: an accuracy too)', () => {
    expect(FAMILIES.filter((f) => f.holdout).map((f) => f.id)).toEqual(['logistic', 'softmax', 'mlp', 'iris', 'digits', 'charlm', 'mlp2']);
  });

  for (const family of FAMILIES.filter((f) => f.holdout)) {
    it(`${family.id}: evaluates the held-out split, which no minibatch draws from`, () => {
      const holdout = family.holdout as NonNullable<typeof family.holdout>;
      for (const sizing of ['search', 'meta'] as Sizing[]) {
        const inst = family.instance(1, 0, sizing);
        const { n, nHeldOut } = inst.shape;
        expect(nHeldOut).toBeGreaterThanOrEqual(50);
        // Layouts: points and labels (datasets.ts packSplits), or the text model's training symbols
        // then its held-out windows of window + 1 symbols (charlm.ts).
        const text = 'window' in inst.shape;
        const d = 'd' in inst.shape ? inst.shape.d : inst.shape.size0;
        const heldOutStart = text ? n : n * (d + 1);
        const heldOutEnd = text ? n + nHeldOut * (inst.shape.window + 1) : heldOutStart + nHeldOut * d;
        expect(inst.data.length).toBe(text ? heldOutEnd : (n + nHeldOut) * (d + 1));
        const w = Float64Array.from(inst.init);
        const at0 = holdout.evaluate(inst, w, 0);
        expect(Number.isFinite(at0.loss) && at0.loss > 0).toBe(true);
        expect(at0.accuracy).toBeGreaterThanOrEqual(0);
        expect(at0.accuracy).toBeLessThanOrEqual(1);
        // Offsets, and a pure function of the parameters.
        const w2 = new Float64Array(inst.dim + 4);
        w2.set(w, 4);
        expect(holdout.evaluate(inst, w2, 4)).toEqual(at0);
        // The held-out points matter: replacing them changes the result, the training loss does not move.
        const g = new Float64Array(inst.dim);
        const train = family.lossAndGrad(inst, w, 0, g, 0, 3);
        const data = Float32Array.from(inst.data);
        for (let i = heldOutStart; i < heldOutEnd; i++) data[i] = text ? (data[i] + 1) % inst.shape.vocab : -data[i];
        const flipped = { ...inst, data };
        expect(family.lossAndGrad(flipped, w, 0, g, 0, 3)).toBe(train);
        expect(holdout.evaluate(flipped, w, 0).loss).not.toBe(at0.loss);
      }
    });
  }

  it('quadratic: random rotations are orthogonal and eigenvalues span the condition number', () => {
    const d = 12;
    const q = randomRotation(d, instanceRng('rot'));
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += q[r * d + k] * q[c * d + k];
        expect(dot).toBeCloseTo(r === c ? 1 : 0, 10);
      }
    }
    const quad = getFamily('quadratic');
    const kappas = Array.from({ length: 16 }, (_, i) => quad.instance(0, i, 'search').shape.kappa);
    expect(Math.min(...kappas)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...kappas)).toBeLessThanOrEqual(1000);
    expect(Math.max(...kappas) / Math.min(...kappas)).toBeGreaterThan(10);
    // The diagonal of an axis-aligned instance holds the eigenvalues 1 .. 1/κ.
    const aligned = Array.from({ length: 16 }, (_, i) => quad.instance(0, i, 'search')).find((x) => x.shape.rotated === 0);
    if (!aligned) throw new Error('expected an axis-aligned instance among 16');
    const n = aligned.shape.d;
    expect(aligned.data[0]).toBeCloseTo(1, 6);
    expect(aligned.data[(n - 1) * n + n - 1]).toBeCloseTo(1 / aligned.shape.kappa, 6);
  });

  it('quadratic: meta instances are all ill-conditioned and noisy, so no rule reaches the loss floor on them all', () => {
    const quad = getFamily('quadratic');
    for (let i = 0; i < 16; i++) {
      const inst = quad.instance(0, i, 'meta');
      expect(inst.shape.kappa).toBeGreaterThanOrEqual(100);
      expect(inst.shape.kappa).toBeLessThanOrEqual(1000);
      expect(inst.shape.noise).toBeGreaterThan(0);
    }
  });
});
