/**
 * Logistic regression on a noisy linear teacher (d features with scales 10^U(-0.5, 0.5), labels
 * drawn from the teacher's sigmoid, so the best loss stays well above 0), minibatches of 32 drawn
 * with replacement each step; evaluated on a held-out split of the same size from the same teacher.
 * Parameters: w (d), then the bias. Loss: mean binary cross-entropy.
 * data = [x (n×d), y (n), held-out x (m×d), y (m)]; shape = { n, d, batch, nHeldOut }.
 */
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { HoldoutMeasures, LossAndGradMany, OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng, stepIndex } from '../rng.ts';
import { holdoutOffset, linearTeacherSampler, packSplits } from './datasets.ts';
import { kernelPrologue } from './mlp-many.ts';

const SIZES: Readonly<Record<Sizing, { n: number; d: number; steps: number }>> = {
  search: { n: 256, d: 8, steps: 300 },
  meta: { n: 1024, d: 32, steps: 1000 },
};
const BATCH = 32;

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const key = instanceKey('logistic', seed, index, sizing);
  const rng = instanceRng(key);
  const { n, d, steps } = SIZES[sizing];
  const sample = linearTeacherSampler(d, rng);
  const train = sample(n, rng);
  const holdout = sample(n, instanceRng(`${key}/holdout`));
  const init = Float32Array.from({ length: d + 1 }, () => rng.normal() * 0.1);
  return makeInstance({ family: 'logistic', seed, index, sizing, dim: d + 1, steps, stream: rng.u32(), init, data: packSplits(train, holdout), shape: { n, d, batch: BATCH, nHeldOut: holdout.n } });
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Mean cross-entropy and accuracy (predict 1 where the logit is > 0) on the held-out split. */
function evaluate(inst: OptInstance, w: Float64Array, wOff: number): HoldoutMeasures {
  const { n, d, nHeldOut } = inst.shape;
  const data = inst.data;
  const x = holdoutOffset(n, d);
  const labels = x + nHeldOut * d;
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < nHeldOut; i++) {
    let z = w[wOff + d];
    for (let j = 0; j < d; j++) z += w[wOff + j] * data[x + i * d + j];
    const y = data[labels + i];
    loss += softplus(z) - y * z;
    if (z > 0 === y > 0.5) correct++;
  }
  return { loss: loss / nHeldOut, accuracy: correct / nHeldOut };
}

/**
 * The loss and gradient (`lossAndGrad` below) for `count` trainings of one instance at once
 * (family.ts `LossAndGradMany`), by a kernel generated for the instance's d (logisticSource):
 * each point's index, label and row are read once for all trainings, the loops over features
 * unrolled, and for z >= 0 the sigmoid reuses softplus's exp(-|z|), which is then the same
 * exp(-z). Every training's float64 operations are the reference's, in the same order: identical
 * results.
 */
function lossAndGradMany(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const d = inst.shape.d;
  let kernel = kernels.get(d);
  if (!kernel) {
    kernel = new Function('stepIndex', logisticSource(d))(stepIndex) as LossAndGradMany;
    kernels.set(d, kernel);
  }
  kernel(inst, w, offsets, count, g, losses, step);
}
const kernels = new Map<number, LossAndGradMany>();

/** The source of the logistic kernel for d features (see lossAndGradMany). */
export function logisticSource(d: number): string {
  const qs = Array.from({ length: d }, (_, q) => q);
  return `${kernelPrologue('logisticKernel', 'inst, w, offsets, count, g, losses, step', d, `p <= ${d}`, 'row', 'y')}    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      let z = w[off + ${d}];
${qs.map((q) => `      z += w[off + ${q}] * x${q};`).join('\n')}
      const e = Math.exp(-Math.abs(z));
      losses[j] += Math.max(z, 0) + Math.log1p(e) - y * z;
      const dz = 1 / (1 + (z >= 0 ? e : Math.exp(-z))) - y;
${qs.map((q) => `      g[off + ${q}] += dz * x${q};`).join('\n')}
      g[off + ${d}] += dz;
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p <= ${d}; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
};`;
}

const WGSL = /* wgsl */ `
fn sd_lg_logistic(h: u32, so: u32, step: u32) -> f32 {
  let n = sd_field(h, 0u);
  let d = sd_field(h, 1u);
  let batch = sd_field(h, 2u);
  let stream = sd_inst[h + 3u];
  let x = sd_inst[h + 4u];
  let labels = x + n * d;
  let g = so + d + 1u;
  for (var j = 0u; j <= d; j++) {
    sd_state[g + j] = 0.0;
  }
  var loss = 0.0;
  for (var k = 0u; k < batch; k++) {
    let i = sd_step_hash(stream, step, k) % n;
    let row = x + i * d;
    var z = sd_state[so + d];
    for (var j = 0u; j < d; j++) {
      z += sd_state[so + j] * sd_data[row + j];
    }
    let y = sd_data[labels + i];
    // Stable softplus and sigmoid: exp only of -|z|.
    let e = exp(-abs(z));
    loss += max(z, 0.0) + log(1.0 + e) - y * z;
    let sig = select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
    let dz = sig - y;
    for (var j = 0u; j < d; j++) {
      sd_state[g + j] += dz * sd_data[row + j];
    }
    sd_state[g + d] += dz;
  }
  let scale = 1.0 / f32(batch);
  for (var j = 0u; j <= d; j++) {
    sd_state[g + j] *= scale;
  }
  return loss * scale;
}

// Held-out points [chunk·batch, (chunk+1)·batch): their shares of the mean loss and accuracy.
fn sd_ho_logistic(h: u32, so: u32, chunk: u32) -> vec2<f32> {
  let n = sd_field(h, 0u);
  let d = sd_field(h, 1u);
  let batch = sd_field(h, 2u);
  let m = sd_field(h, 3u);
  let x = sd_inst[h + 4u] + n * (d + 1u);
  let labels = x + m * d;
  var loss = 0.0;
  var correct = 0.0;
  for (var i = chunk * batch; i < min((chunk + 1u) * batch, m); i++) {
    var z = sd_state[so + d];
    for (var j = 0u; j < d; j++) {
      z += sd_state[so + j] * sd_data[x + i * d + j];
    }
    let y = sd_data[labels + i];
    loss += max(z, 0.0) + log(1.0 + exp(-abs(z))) - y * z;
    correct += select(0.0, 1.0, (z > 0.0) == (y > 0.5));
  }
  let inv = 1.0 / f32(m);
  return vec2<f32>(loss * inv, correct * inv);
}`;

export const logistic: OptFamily = {
  id: 'logistic',
  description: 'logistic regression on a noisy linear teacher, minibatches of 32',
  lossFloor: 1e-4,
  lrGrid: lrGrids(30, 10),
  heldOut: false,
  instance,
  lossAndGrad(inst, w, wOff, g, gOff, step) {
    const { n, d, batch } = inst.shape;
    const data = inst.data;
    const labels = n * d;
    for (let j = 0; j <= d; j++) g[gOff + j] = 0;
    let loss = 0;
    for (let k = 0; k < batch; k++) {
      const i = stepIndex(inst.stream, step, k, n);
      const row = i * d;
      let z = w[wOff + d];
      for (let j = 0; j < d; j++) z += w[wOff + j] * data[row + j];
      const y = data[labels + i];
      loss += softplus(z) - y * z;
      const dz = 1 / (1 + Math.exp(-z)) - y;
      for (let j = 0; j < d; j++) g[gOff + j] += dz * data[row + j];
      g[gOff + d] += dz;
    }
    const scale = 1 / batch;
    for (let j = 0; j <= d; j++) g[gOff + j] *= scale;
    return loss * scale;
  },
  lossAndGradMany,
  holdout: { classifier: true, evaluate },
  wgsl: {
    fn: 'logistic',
    code: WGSL,
    fields: (inst) => [inst.shape.n, inst.shape.d, inst.shape.batch, inst.shape.nHeldOut],
    loopIterationsPerStep: (inst) => {
      const { d, batch } = inst.shape;
      return 1 + 2 * (d + 1) + batch * (1 + 2 * d) + 3 * inst.dim;
    },
    holdoutChunks: (inst) => Math.ceil(inst.shape.nHeldOut / inst.shape.batch),
  },
};
