/**
 * Ackley's function in 2-D, a bumpy bowl with a local minimum near every integer point:
 *   loss(x, y) = -20 exp(-0.2 sqrt((x² + y²)/2)) - exp((cos 2πx + cos 2πy)/2) + e + 20,
 * minimum 0 at the origin. Held out of search (meta-validation only). Starts uniform in [-3, 3]².
 * The gradient of the sqrt term is taken as 0 at the origin (it has a cusp there).
 * data = []; shape = {}.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng } from '../rng.ts';

const STEPS: Readonly<Record<Sizing, number>> = { search: 500, meta: 1500 };

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('ackley', seed, index, sizing));
  const init = new Float32Array([rng.between(-3, 3), rng.between(-3, 3)]);
  return makeInstance({ family: 'ackley', seed, index, sizing, dim: 2, steps: STEPS[sizing], stream: rng.u32(), init, data: new Float32Array(0), shape: {} });
}

const WGSL = /* wgsl */ `
fn sd_lg_ackley(h: u32, so: u32, step: u32) -> f32 {
  let x = sd_state[so];
  let y = sd_state[so + 1u];
  let r = sqrt(0.5 * (x * x + y * y));
  let a = 20.0 * exp(-0.2 * r);
  let two_pi = 6.283185307179586;
  let b = exp(0.5 * (cos(two_pi * x) + cos(two_pi * y)));
  var ra = 0.0;
  if (r != 0.0) {
    ra = 0.1 * a / r;
  }
  sd_state[so + 2u] = ra * x + b * 3.141592653589793 * sin(two_pi * x);
  sd_state[so + 3u] = ra * y + b * 3.141592653589793 * sin(two_pi * y);
  return -a - b + 2.718281828459045 + 20.0;
}`;

export const ackley: OptFamily = {
  id: 'ackley',
  description: "Ackley's function in 2-D (many local minima), random starts; held out of search",
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 30),
  heldOut: true,
  instance,
  lossAndGrad(_inst, w, wOff, g, gOff) {
    const x = w[wOff];
    const y = w[wOff + 1];
    const r = Math.sqrt(0.5 * (x * x + y * y));
    const a = 20 * Math.exp(-0.2 * r);
    const twoPi = 2 * Math.PI;
    const b = Math.exp(0.5 * (Math.cos(twoPi * x) + Math.cos(twoPi * y)));
    // d/dx of -a is 20 * 0.2 * exp(-0.2 r) * (x / 2r) = a * 0.1 * x / r.
    const ra = r === 0 ? 0 : (0.1 * a) / r;
    g[gOff] = ra * x + b * Math.PI * Math.sin(twoPi * x);
    g[gOff + 1] = ra * y + b * Math.PI * Math.sin(twoPi * y);
    return -a - b + Math.E + 20;
  },
  wgsl: {
    fn: 'ackley',
    code: WGSL,
    fields: () => [],
    loopIterationsPerStep: (inst) => 4 + 3 * inst.dim,
  },
};
