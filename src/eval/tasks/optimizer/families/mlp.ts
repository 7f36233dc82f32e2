/**
 * A small MLP (2 inputs, one hidden layer of tanh units: 16 for search, 32 for meta, softmax over
 * 2 classes) on two interleaved spirals or on XOR blobs (half the instances each), minibatches of
 * 32. data = [x (n×2), y (n)]; shape: see mlp-core.ts.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import { packDataset, spirals, xorBlobs } from './datasets.ts';
import { glorotInit, layerShape, oneHiddenLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { n: number; hidden: number; steps: number }>> = {
  search: { n: 256, hidden: 16, steps: 400 },
  meta: { n: 512, hidden: 32, steps: 2000 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('mlp', seed, index, sizing));
  const { n, hidden, steps } = SIZES[sizing];
  const useSpirals = rng.uniform() < 0.5;
  const ds = useSpirals ? spirals(n, 2, 0.75, 0.05, rng) : xorBlobs(n, 0.4, rng);
  const sizes = [2, hidden, 2];
  const init = glorotInit(sizes, rng);
  return makeInstance({
    family: 'mlp', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packDataset(ds),
    shape: { n, batch: BATCH, spirals: useSpirals ? 1 : 0, ...layerShape(sizes) },
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
};
