/**
 * Softmax regression on Gaussian blobs (K class centres ~ N(0, sep² I), unit-variance clusters,
 * feature scales 10^U(-0.5, 0.5)), minibatches of 32, evaluated on as many held-out points from the
 * same blobs. Parameters: W (K × d), then b (K). data and shape: see mlp-core.ts (no hidden layer).
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import { softmaxLossAndGradMany } from './mlp-many.ts';
import { gaussianBlobsSampler, packSplits } from './datasets.ts';
import { glorotInit, layerShape, MLP_HOLDOUT, MLP_WGSL, mlpLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { n: number; d: number; classes: number; steps: number }>> = {
  search: { n: 256, d: 8, classes: 4, steps: 300 },
  meta: { n: 1024, d: 16, classes: 8, steps: 1000 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const key = instanceKey('softmax', seed, index, sizing);
  const rng = instanceRng(key);
  const { n, d, classes, steps } = SIZES[sizing];
  const sample = gaussianBlobsSampler(d, classes, rng.between(0.5, 1.5), rng);
  const train = sample(n, rng);
  const holdout = sample(n, instanceRng(`${key}/holdout`));
  const sizes = [d, classes];
  const init = glorotInit(sizes, rng);
  return makeInstance({ family: 'softmax', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packSplits(train, holdout), shape: { n, batch: BATCH, nHeldOut: holdout.n, ...layerShape(sizes) } });
}

export const softmax: OptFamily = {
  id: 'softmax',
  description: 'softmax regression on Gaussian blobs (4 classes, 8 features), minibatches of 32',
  lossFloor: 1e-4,
  lrGrid: lrGrids(100, 30),
  heldOut: false,
  instance,
  lossAndGrad: mlpLossAndGrad,
  lossAndGradMany: softmaxLossAndGradMany,
  holdout: MLP_HOLDOUT,
  wgsl: MLP_WGSL,
};
