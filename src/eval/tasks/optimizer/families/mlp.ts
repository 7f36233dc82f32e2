/**
 * A small MLP (2 inputs, one hidden layer of tanh units: 16 for search, 32 for meta, softmax over
 * 2 classes) on two interleaved spirals or on XOR blobs (half the instances each), minibatches of
 * 32, evaluated on as many held-out points of the same shape. data and shape: see mlp-core.ts.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import type { InstanceRng } from '../rng.ts';
import { oneHiddenLossAndGradMany } from './mlp-many.ts';
import { packSplits, spirals, xorBlobs } from './datasets.ts';
import { glorotInit, layerShape, MLP_HOLDOUT, MLP_WGSL, oneHiddenLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { n: number; hidden: number; steps: number }>> = {
  search: { n: 256, hidden: 16, steps: 400 },
  meta: { n: 512, hidden: 32, steps: 2000 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const key = instanceKey('mlp', seed, index, sizing);
  const rng = instanceRng(key);
  const { n, hidden, steps } = SIZES[sizing];
  const useSpirals = rng.uniform() < 0.5;
  const sample = (count: number, r: InstanceRng) => (useSpirals ? spirals(count, 2, 0.75, 0.05, r) : xorBlobs(count, 0.4, r));
  const ds = sample(n, rng);
  const holdout = sample(n, instanceRng(`${key}/holdout`));
  const sizes = [2, hidden, 2];
  const init = glorotInit(sizes, rng);
  return makeInstance({
    family: 'mlp', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packSplits(ds, holdout),
    shape: { n, batch: BATCH, nHeldOut: holdout.n, spirals: useSpirals ? 1 : 0, ...layerShape(sizes) },
  });
}

export const mlp: OptFamily = {
  id: 'mlp',
  description: 'MLP 2-16-2 (tanh) on spirals or XOR blobs, minibatches of 32',
  lossFloor: 1e-4,
  lrGrid: lrGrids(100, 30),
  heldOut: false,
  instance,
  lossAndGrad: oneHiddenLossAndGrad,
  lossAndGradMany: oneHiddenLossAndGradMany,
  holdout: MLP_HOLDOUT,
  wgsl: MLP_WGSL,
};
