/**
 * Rosenbrock's banana valley, chained over d coordinates (d = 2 for search, 8 for meta):
 *   loss(x) = Σ_{i<d-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²,   minimum 0 at (1, …, 1).
 * Starting points are uniform in [-2, 2] × [-1, 3] per coordinate pair; no noise.
 * data = []; shape = { d }.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';

const SIZES: Readonly<Record<Sizing, { d: number; steps: number }>> = { search: { d: 2, steps: 500 }, meta: { d: 8, steps: 2000 } };

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('rosenbrock', seed, index, sizing));
  const { d, steps } = SIZES[sizing];
  const init = new Float32Array(d);
  for (let i = 0; i < d; i++) init[i] = i % 2 === 0 ? rng.between(-2, 2) : rng.between(-1, 3);
  return makeInstance({ family: 'rosenbrock', seed, index, sizing, dim: d, steps, stream: rng.u32(), init, data: new Float32Array(0), shape: { d } });
}

const WGSL = /* wgsl */ `
fn sd_lg_rosenbrock(h: u32, so: u32, step: u32) -> f32 {
  let d = sd_field(h, 0u);
  let g = so + d;
  for (var i = 0u; i < d; i++) {
    sd_state[g + i] = 0.0;
  }
  var loss = 0.0;
  for (var i = 0u; i + 1u < d; i++) {
    let x = sd_state[so + i];
    let y = sd_state[so + i + 1u];
    let valley = y - x * x;
    let one = 1.0 - x;
    loss += 100.0 * valley * valley + one * one;
    sd_state[g + i] += -400.0 * x * valley - 2.0 * one;
    sd_state[g + i + 1u] += 200.0 * valley;
  }
  return loss;
}`;

export const rosenbrock: OptFamily = {
  id: 'rosenbrock',
  description: 'Rosenbrock valley Σ 100 (x[i+1] - x[i]²)² + (1 - x[i])², random starts',
  lossFloor: 1e-4,
  lrGrid: lrGrids(100, 100),
  heldOut: false,
  instance,
  lossAndGrad(inst, w, wOff, g, gOff) {
    const d = inst.shape.d;
    for (let i = 0; i < d; i++) g[gOff + i] = 0;
    let loss = 0;
    for (let i = 0; i < d - 1; i++) {
      const x = w[wOff + i];
      const y = w[wOff + i + 1];
      const valley = y - x * x;
      const one = 1 - x;
      loss += 100 * valley * valley + one * one;
      g[gOff + i] += -400 * x * valley - 2 * one;
      g[gOff + i + 1] += 200 * valley;
    }
    return loss;
  },
  wgsl: {
    fn: 'rosenbrock',
    code: WGSL,
    fields: (inst) => [inst.shape.d],
    loopIterationsPerStep: (inst) => 1 + 2 * inst.shape.d + 3 * inst.dim,
  },
};
