/**
 * Beale's function, a 2-D landscape with flat plateaus, steep walls and a narrow curved valley:
 *   loss(x, y) = (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)²,  minimum 0 at (3, 0.5).
 * Starting points uniform in [-2, 2]² (search) or [-3, 3] × [-2, 2] (meta); no noise.
 * data = []; shape = {}.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';

const SIZES: Readonly<Record<Sizing, { xRange: number; steps: number }>> = { search: { xRange: 2, steps: 300 }, meta: { xRange: 3, steps: 1500 } };
const C = [1.5, 2.25, 2.625] as const;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('beale', seed, index, sizing));
  const { xRange, steps } = SIZES[sizing];
  const init = new Float32Array([rng.between(-xRange, xRange), rng.between(-2, 2)]);
  return makeInstance({ family: 'beale', seed, index, sizing, dim: 2, steps, stream: rng.u32(), init, data: new Float32Array(0), shape: {} });
}

const WGSL = /* wgsl */ `
fn sd_lg_beale(h: u32, so: u32, step: u32) -> f32 {
  let x = sd_state[so];
  let y = sd_state[so + 1u];
  let c = array<f32, 3>(1.5, 2.25, 2.625);
  var loss = 0.0;
  var gx = 0.0;
  var gy = 0.0;
  var yk = 1.0;
  for (var k = 1u; k <= 3u; k++) {
    let ykm1 = yk;
    yk = yk * y;
    let r = c[k - 1u] - x + x * yk;
    loss += r * r;
    gx += 2.0 * r * (yk - 1.0);
    gy += 2.0 * r * x * f32(k) * ykm1;
  }
  sd_state[so + 2u] = gx;
  sd_state[so + 3u] = gy;
  return loss;
}`;

export const beale: OptFamily = {
  id: 'beale',
  description: "Beale's function (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)², random starts",
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 30),
  heldOut: false,
  instance,
  lossAndGrad(_inst, w, wOff, g, gOff) {
    const x = w[wOff];
    const y = w[wOff + 1];
    let loss = 0;
    let gx = 0;
    let gy = 0;
    let yk = 1; // y^k, k = 1..3
    for (let k = 1; k <= 3; k++) {
      const ykm1 = yk; // y^(k-1)
      yk *= y;
      const r = C[k - 1] - x + x * yk;
      loss += r * r;
      gx += 2 * r * (yk - 1);
      gy += 2 * r * x * k * ykm1;
    }
    g[gOff] = gx;
    g[gOff + 1] = gy;
    return loss;
  },
  wgsl: {
    fn: 'beale',
    code: WGSL,
    fields: () => [],
    loopIterationsPerStep: (inst) => 4 + 3 * inst.dim,
  },
};
