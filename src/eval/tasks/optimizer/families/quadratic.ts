/**
 * Ill-conditioned quadratics with gradient noise (as in learned_optimization / TaskSet):
 *   loss(w) = 0.5 (w - w*)ᵀ A (w - w*),   A = Q diag(λ) Qᵀ,
 * eigenvalues λ log-spaced from 1 down to 1/κ, condition number κ = 10^U(0, 3) (meta: 10^U(2, 3)); Q is a random
 * rotation for half the instances (so axis-aligned preconditioning does not always win) and the
 * identity for the other half. The gradient is A (w - w*) + σ ξ with ξ unit-variance noise drawn
 * per step and coordinate, σ = 0 for a quarter of the instances and 10^U(-3, -1) otherwise (meta:
 * always 10^U(-3, -1)).
 *
 * data = [A (d×d, row-major), w* (d)]; shape = { d, noise, kappa, rotated }.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng, stepNoise } from '../rng.ts';
import type { InstanceRng } from '../rng.ts';
import { f32Bits } from '../wgsl/common.ts';

const SIZES: Readonly<Record<Sizing, { d: number; steps: number }>> = { search: { d: 16, steps: 300 }, meta: { d: 64, steps: 1000 } };

/** A random d×d rotation (Gram-Schmidt on a Gaussian matrix), row-major. */
export function randomRotation(d: number, rng: InstanceRng): Float64Array {
  const q = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) q[i] = rng.normal();
  for (let r = 0; r < d; r++) {
    for (let p = 0; p < r; p++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q[r * d + c] * q[p * d + c];
      for (let c = 0; c < d; c++) q[r * d + c] -= dot * q[p * d + c];
    }
    let norm = 0;
    for (let c = 0; c < d; c++) norm += q[r * d + c] ** 2;
    norm = Math.sqrt(norm);
    for (let c = 0; c < d; c++) q[r * d + c] /= norm;
  }
  return q;
}

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('quadratic', seed, index, sizing));
  const { d, steps } = SIZES[sizing];
  // Meta instances are all hard (κ = 10^U(2,3), always noisy): with two of them, easy draws
  // (κ ≈ 1, no noise) let every rule reach the loss floor and the family ranked nothing
  // (bench/opt-families.ts). Search instances keep the full range, drawn as before.
  const exponent = rng.between(0, 3);
  const kappa = 10 ** (sizing === 'meta' ? 2 + exponent / 3 : exponent);
  const rotated = rng.uniform() < 0.5;
  const quiet = rng.uniform() < 0.25 && sizing !== 'meta';
  const noise = quiet ? 0 : 10 ** rng.between(-3, -1);
  const lambda = Array.from({ length: d }, (_, i) => kappa ** (-i / (d - 1)));
  const q = rotated ? randomRotation(d, rng) : null;
  const data = new Float32Array(d * d + d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      // A[r][c] = sum_k Q[k][r] λ_k Q[k][c] (rows of q are the eigenvectors).
      let a = 0;
      if (q) for (let k = 0; k < d; k++) a += q[k * d + r] * lambda[k] * q[k * d + c];
      else a = r === c ? lambda[r] : 0;
      data[r * d + c] = a;
    }
  }
  const init = new Float32Array(d);
  for (let i = 0; i < d; i++) data[d * d + i] = rng.normal();
  for (let i = 0; i < d; i++) init[i] = rng.normal();
  return makeInstance({ family: 'quadratic', seed, index, sizing, dim: d, steps, stream: rng.u32(), init, data, shape: { d, noise: Math.fround(noise), kappa, rotated: rotated ? 1 : 0 } });
}

const WGSL = /* wgsl */ `
fn sd_lg_quadratic(h: u32, so: u32, step: u32) -> f32 {
  let d = sd_field(h, 0u);
  let noise = bitcast<f32>(sd_field(h, 1u));
  let stream = sd_inst[h + 3u];
  let a = sd_inst[h + 4u];
  let star = a + d * d;
  let g = so + d;
  var loss = 0.0;
  for (var r = 0u; r < d; r++) {
    var ad = 0.0;
    let row = a + r * d;
    for (var c = 0u; c < d; c++) {
      ad += sd_data[row + c] * (sd_state[so + c] - sd_data[star + c]);
    }
    loss += (sd_state[so + r] - sd_data[star + r]) * ad;
    var gr = ad;
    if (noise != 0.0) {
      gr = ad + noise * sd_step_noise(stream, step, r);
    }
    sd_state[g + r] = gr;
  }
  return 0.5 * loss;
}`;

export const quadratic: OptFamily = {
  id: 'quadratic',
  description: 'ill-conditioned quadratic 0.5 (w-w*)ᵀA(w-w*), κ = 1..1e3, optionally rotated, gradient noise',
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 30),
  heldOut: false,
  instance,
  lossAndGrad(inst, w, wOff, g, gOff, step) {
    const d = inst.shape.d;
    const noise = inst.shape.noise;
    const data = inst.data;
    const star = d * d;
    let loss = 0;
    for (let r = 0; r < d; r++) {
      let ad = 0;
      const row = r * d;
      for (let c = 0; c < d; c++) ad += data[row + c] * (w[wOff + c] - data[star + c]);
      loss += (w[wOff + r] - data[star + r]) * ad;
      g[gOff + r] = noise === 0 ? ad : ad + noise * stepNoise(inst.stream, step, r);
    }
    return 0.5 * loss;
  },
  wgsl: {
    fn: 'quadratic',
    code: WGSL,
    fields: (inst) => [inst.shape.d, f32Bits(inst.shape.noise)],
    loopIterationsPerStep: (inst) => 1 + inst.shape.d + inst.shape.d * inst.shape.d + 3 * inst.dim,
  },
};
