/**
 * A real image classifier: an MLP on handwritten MNIST digits reduced to 5×5 pooled pixels
 * (data/mnist.ts), standardized by the training images; one tanh hidden layer (6 units for search,
 * 16 for meta), softmax over the 10 digits. Each instance draws its own disjoint training and
 * held-out images from the 1500 loaded (search 300 + 200, meta 900 + 500) and its own initial
 * weights. Minibatches of 16 (the search instances stay cheap; one step of the larger meta model
 * stays inside the software rasterisers' loop limit, see wgsl/families-wgsl.ts). data and shape:
 * see mlp-core.ts.
 */
import { mnistTable } from '../data/mnist.ts';
import { splitStandardized } from '../data/table.ts';
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import { oneHiddenLossAndGradMany } from './mlp-many.ts';
import { packSplits } from './datasets.ts';
import { glorotInit, layerShape, MLP_HOLDOUT, MLP_WGSL, oneHiddenLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { hidden: number; train: number; heldOut: number; batch: number; steps: number }>> = {
  search: { hidden: 6, train: 300, heldOut: 200, batch: 16, steps: 150 },
  meta: { hidden: 16, train: 900, heldOut: 500, batch: 16, steps: 1500 },
};

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('digits', seed, index, sizing));
  const { hidden, train: nTrain, heldOut, batch, steps } = SIZES[sizing];
  const table = mnistTable();
  const { train, holdout } = splitStandardized(table, nTrain, heldOut, rng);
  const sizes = [table.features, hidden, table.classes];
  const init = glorotInit(sizes, rng);
  return makeInstance({
    family: 'digits', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packSplits(train, holdout),
    shape: { n: nTrain, batch, nHeldOut: heldOut, ...layerShape(sizes) },
  });
}

export const digits: OptFamily = {
  id: 'digits',
  description: 'MLP 25-6-10 (tanh) on real MNIST digits pooled to 5×5 (300 training, 200 held-out images), minibatches of 16',
  lossFloor: 1e-4,
  lrGrid: lrGrids(10, 10),
  heldOut: false,
  instance,
  lossAndGrad: oneHiddenLossAndGrad,
  lossAndGradMany: oneHiddenLossAndGradMany,
  holdout: MLP_HOLDOUT,
  wgsl: MLP_WGSL,
};
