/**
 * Logistic regression on a noisy linear teacher (d features with scales 10^U(-0.5, 0.5), labels
 * drawn from the teacher's sigmoid, so the best loss stays well above 0), minibatches of 32 drawn
 * with replacement each step. Parameters: w (d), then the bias. Loss: mean binary cross-entropy.
 * data = [x (n×d), y (n)]; shape = { n, d, batch }.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng, stepIndex } from '../rng.ts';
import { linearTeacher, packDataset } from './datasets.ts';

const SIZES: Readonly<Record<Sizing, { n: number; d: number; steps: number }>> = {
  search: { n: 256, d: 8, steps: 300 },
  meta: { n: 1024, d: 32, steps: 1000 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('logistic', seed, index, sizing));
  const { n, d, steps } = SIZES[sizing];
  const data = packDataset(linearTeacher(n, d, rng));
  const init = Float32Array.from({ length: d + 1 }, () => rng.normal() * 0.1);
  return makeInstance({ family: 'logistic', seed, index, sizing, dim: d + 1, steps, stream: rng.u32(), init, data, shape: { n, d, batch: BATCH } });
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

export const logistic: OptFamily = {
  id: 'logistic',
  description: 'logistic regression on a noisy linear teacher, minibatches of 32',
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 10),
  heldOut: false,
  instance,
  lossAndGrad(inst, w, wOff, g, gOff, step) {
    const { n, d, batch } = inst.shape;
    const data = inst.data;
    const labels = n * d;
    for (let j = 0; j <= d; j++) g[gOff + j] = 0;
    let loss = 0;
    for (let k = 0; k < batch; k++) {
      const i = stepIndex(inst.stream, step, k, n);
      const row = i * d;
      let z = w[wOff + d];
      for (let j = 0; j < d; j++) z += w[wOff + j] * data[row + j];
      const y = data[labels + i];
      loss += softplus(z) - y * z;
      const dz = 1 / (1 + Math.exp(-z)) - y;
      for (let j = 0; j < d; j++) g[gOff + j] += dz * data[row + j];
      g[gOff + d] += dz;
    }
    const scale = 1 / batch;
    for (let j = 0; j <= d; j++) g[gOff + j] *= scale;
    return loss * scale;
  },
};
