/**
 * A real tabular classifier: an MLP (4 inputs, one tanh hidden layer: 8 units for search, 16 for
 * meta; softmax over 3 species) on Fisher's Iris measurements (data/iris.ts), standardized by the
 * training rows. Each instance draws its own split of the 150 flowers, 100 for training and 50
 * held out, and its own initial weights; minibatches of 16 with replacement.
 * data and shape: see mlp-core.ts.
 */
import { irisTable } from '../data/iris.ts';
import { splitStandardized } from '../data/table.ts';
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import { oneHiddenLossAndGradMany } from './mlp-many.ts';
import { packSplits } from './datasets.ts';
import { glorotInit, layerShape, MLP_HOLDOUT, MLP_WGSL, oneHiddenLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { hidden: number; steps: number }>> = {
  search: { hidden: 8, steps: 200 },
  meta: { hidden: 16, steps: 1000 },
};
const TRAIN = 100;
const HELD_OUT = 50;
const BATCH = 16;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('iris', seed, index, sizing));
  const { hidden, steps } = SIZES[sizing];
  const table = irisTable();
  const { train, holdout } = splitStandardized(table, TRAIN, HELD_OUT, rng);
  const sizes = [table.features, hidden, table.classes];
  const init = glorotInit(sizes, rng);
  return makeInstance({
    family: 'iris', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packSplits(train, holdout),
    shape: { n: TRAIN, batch: BATCH, nHeldOut: HELD_OUT, ...layerShape(sizes) },
  });
}

export const iris: OptFamily = {
  id: 'iris',
  description: 'MLP 4-8-3 (tanh) on the real Iris measurements (100 training, 50 held-out flowers), minibatches of 16',
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 10),
  heldOut: false,
  instance,
  lossAndGrad: oneHiddenLossAndGrad,
  lossAndGradMany: oneHiddenLossAndGradMany,
  holdout: MLP_HOLDOUT,
  wgsl: MLP_WGSL,
};
