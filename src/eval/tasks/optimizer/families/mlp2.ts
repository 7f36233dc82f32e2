/**
 * Held out of search: a two-hidden-layer MLP (2-16-16-3, tanh) on three interleaved spiral arms,
 * minibatches of 32, evaluated on as many held-out points. A model shape and data set no search family uses, so meta-validation can
 * tell rules that generalise from rules fitted to the proxy suite.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';
import { packSplits, spirals } from './datasets.ts';
import { twoHiddenLossAndGradMany } from './mlp-many.ts';
import { glorotInit, layerShape, MLP_HOLDOUT, MLP_WGSL, mlpLossAndGrad, parameterCount } from './mlp-core.ts';

const SIZES: Readonly<Record<Sizing, { n: number; hidden: number; steps: number }>> = {
  search: { n: 384, hidden: 16, steps: 1000 },
  meta: { n: 384, hidden: 16, steps: 1500 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const key = instanceKey('mlp2', seed, index, sizing);
  const rng = instanceRng(key);
  const { n, hidden, steps } = SIZES[sizing];
  const sizes = [2, hidden, hidden, 3];
  const ds = spirals(n, 3, 1, 0.03, rng);
  const holdout = spirals(n, 3, 1, 0.03, instanceRng(`${key}/holdout`));
  const init = glorotInit(sizes, rng);
  return makeInstance({ family: 'mlp2', seed, index, sizing, dim: parameterCount(sizes), steps, stream: rng.u32(), init, data: packSplits(ds, holdout), shape: { n, batch: BATCH, nHeldOut: holdout.n, ...layerShape(sizes) } });
}

export const mlp2: OptFamily = {
  id: 'mlp2',
  description: 'two-hidden-layer MLP 2-16-16-3 (tanh) on three spiral arms; held out of search',
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 30),
  heldOut: true,
  instance,
  lossAndGrad: mlpLossAndGrad,
  lossAndGradMany: twoHiddenLossAndGradMany,
  holdout: MLP_HOLDOUT,
  wgsl: MLP_WGSL,
};
