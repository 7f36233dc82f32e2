/**
 * The MLP families' losses and gradients for several trainings of one instance at once (family.ts
 * `LossAndGradMany`): trainings of the same instance at different learning rates draw the same
 * minibatch at every step (rng.ts `stepIndex` depends only on the instance's stream, the step and
 * k), so each point's index, label and inputs are read once for all of them, and the kernels are
 * straight-line specialisations of mlp-core.ts `mlpLossAndGrad`, with tanh.ts's inlined Math.tanh. Every training's float64
 * operations are those of the reference in the same order, so results are identical bit for bit
 * (test/eval/tasks/optimizer/families/mlp-many.test.ts).
 */
import { stepIndex } from '../rng.ts';
import type { OptInstance } from '../family.ts';
import { tanhInPlace } from './tanh.ts';
import { mlpLossAndGrad } from './mlp-core.ts';

interface Scratch {
  /** Inputs of the current point, as float64. */
  xs: Float64Array;
  /** Per training: hidden activations (or logits), then logits. */
  acts: Float64Array;
  /** Per training: errors of the same. */
  deltas: Float64Array;
}

let scratch: Scratch = { xs: new Float64Array(64), acts: new Float64Array(1024), deltas: new Float64Array(1024) };

function scratchFor(inputs: number, perTraining: number, count: number): Scratch {
  if (scratch.xs.length < inputs) scratch = { ...scratch, xs: new Float64Array(inputs * 2) };
  if (scratch.acts.length < perTraining * count) scratch = { ...scratch, acts: new Float64Array(perTraining * count * 2), deltas: new Float64Array(perTraining * count * 2) };
  return scratch;
}

/**
 * oneHiddenLossAndGrad (mlp-core.ts) for `count` trainings of `inst`: training j's parameters at
 * w[offsets[j] ..], its gradient written at g[offsets[j] ..], its loss to losses[j]. A kernel
 * generated for the instance's (inputs, hidden, classes) runs it (see oneHiddenSource).
 */
export function oneHiddenLossAndGradMany(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const shape = inst.shape;
  const d = shape.size0;
  const h = shape.size1;
  const classes = shape.size2;
  if (d > MAX_UNROLLED || classes > MAX_UNROLLED) {
    oneHiddenLooped(inst, w, offsets, count, g, losses, step);
    return;
  }
  const key = `${d},${h},${classes}`;
  let kernel = kernels.get(key);
  if (!kernel) {
    kernel = new Function('stepIndex', 'tanhInPlace', oneHiddenSource(d, h, classes))(stepIndex, tanhInPlace) as Kernel;
    kernels.set(key, kernel);
  }
  const { acts } = scratchFor(d, h + classes, count);
  kernel(inst, w, offsets, count, g, losses, step, acts, acts);
}

type Kernel = (inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number, acts: Float64Array, deltas: Float64Array) => void;
const kernels = new Map<string, Kernel>();
/** Widest inputs and classes unrolled into generated code. */
const MAX_UNROLLED = 64;

/**
 * The opening every generated kernel shares: zero each training's gradient (`dim` entries) and
 * loss, then, per minibatch point, read its `d` features into x0.. and its label into `label`;
 * the caller's text follows inside the point loop (closed by the caller).
 */
export function kernelPrologue(name: string, params: string, d: number, dim: string, features = 'xi', label = 'label'): string {
  const qs = Array.from({ length: d }, (_, q) => q);
  return `"use strict";
return function ${name}(${params}) {
  const n = inst.shape.n;
  const batch = inst.shape.batch;
  const data = inst.data;
  const stream = inst.stream;
  const labels = n * ${d};
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; ${dim}; p++) g[off + p] = 0;
    losses[j] = 0;
  }
  for (let k = 0; k < batch; k++) {
    const i = stepIndex(stream, step, k, n);
    const ${features} = i * ${d};
${qs.map((q) => `    const x${q} = data[${features} + ${q}];`).join('\n')}
    const ${label} = data[labels + i];
`;
}

/**
 * The source of a one-hidden-layer kernel for d inputs, h hidden units and `classes` outputs:
 * the loops over inputs and classes unrolled (inputs and logits in locals), and the backward pass
 * fused into one loop over hidden units. Per training and point this computes exactly the
 * reference's float64 operations in its order: each logit and each hidden error still
 * accumulates over classes in class order from 0, each gradient entry gets one `+=` per point.
 */
export function oneHiddenSource(d: number, h: number, classes: number): string {
  const B1 = h * d;
  const W2 = B1 + h;
  const B2 = W2 + classes * h;
  const dim = B2 + classes;
  const per = h + classes;
  const qs = Array.from({ length: d }, (_, q) => q);
  const cs = Array.from({ length: classes }, (_, c) => c);
  return `${kernelPrologue('oneHiddenKernel', 'inst, w, offsets, count, g, losses, step, acts', d, `p < ${dim}`)}    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      const H = j * ${per};
      const Z = H + ${h};
      for (let o = 0; o < ${h}; o++) {
        const row = off + o * ${d};
        let s = w[off + ${B1} + o];
${qs.map((q) => `        s += w[row + ${q}] * x${q};`).join('\n')}
        acts[H + o] = s;
      }
      tanhInPlace(acts, H, H + ${h});
${cs.map((c) => `      let z${c} = w[off + ${B2 + c}];`).join('\n')}
      for (let o = 0; o < ${h}; o++) {
        const a = acts[H + o];
${cs.map((c) => `        z${c} += w[off + ${W2 + c * h} + o] * a;`).join('\n')}
      }
      let max = -Infinity;
${cs.map((c) => `      acts[Z + ${c}] = z${c};\n      if (z${c} > max) max = z${c};`).join('\n')}
${cs.map((c) => `      const e${c} = Math.exp(z${c} - max);`).join('\n')}
      let sum = 0;
${cs.map((c) => `      sum += e${c};`).join('\n')}
      losses[j] += Math.log(sum) + max - acts[Z + label];
      const inv = 1 / sum;
${cs.map((c) => `      const dz${c} = e${c} * inv - (${c} === label ? 1 : 0);\n      g[off + ${B2 + c}] += dz${c};`).join('\n')}
      for (let o = 0; o < ${h}; o++) {
        const a = acts[H + o];
        let dl = 0;
${cs.map((c) => `        g[off + ${W2 + c * h} + o] += dz${c} * a;\n        dl += dz${c} * w[off + ${W2 + c * h} + o];`).join('\n')}
        const da = dl * (1 - a * a);
        g[off + ${B1} + o] += da;
        const row = off + o * ${d};
${qs.map((q) => `        g[row + ${q}] += da * x${q};`).join('\n')}
      }
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < ${dim}; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
};`;
}

/** oneHiddenLossAndGradMany with loops (shapes too wide to unroll). */
function oneHiddenLooped(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const shape = inst.shape;
  const n = shape.n;
  const batch = shape.batch;
  const d = shape.size0;
  const h = shape.size1;
  const classes = shape.size2;
  const per = h + classes;
  const { xs, acts, deltas } = scratchFor(d, per, count);
  const dim = inst.dim;
  const data = inst.data;
  const labels = n * d;
  const stream = inst.stream;
  // Relative parameter offsets: W1 (h × d), b1 (h), W2 (classes × h), b2 (classes).
  const B1 = h * d;
  const W2 = B1 + h;
  const B2 = W2 + classes * h;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < dim; p++) g[off + p] = 0;
    losses[j] = 0;
  }
  for (let k = 0; k < batch; k++) {
    const i = stepIndex(stream, step, k, n);
    const xi = i * d;
    for (let q = 0; q < d; q++) xs[q] = data[xi + q];
    const label = data[labels + i];
    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      const H = j * per;
      const Z = H + h;
      for (let o = 0; o < h; o++) {
        let s = w[off + B1 + o];
        const row = off + o * d;
        for (let q = 0; q < d; q++) s += w[row + q] * xs[q];
        acts[H + o] = s;
      }
      tanhInPlace(acts, H, H + h);
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = w[off + B2 + c];
        const row = off + W2 + c * h;
        for (let o = 0; o < h; o++) s += w[row + o] * acts[H + o];
        acts[Z + c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(acts[Z + c] - max);
        deltas[Z + c] = e;
        sum += e;
      }
      losses[j] += Math.log(sum) + max - acts[Z + label];
      const inv = 1 / sum;
      for (let o = 0; o < h; o++) deltas[H + o] = 0;
      for (let c = 0; c < classes; c++) {
        const dz = deltas[Z + c] * inv - (c === label ? 1 : 0);
        g[off + B2 + c] += dz;
        const row = off + W2 + c * h;
        for (let o = 0; o < h; o++) {
          g[row + o] += dz * acts[H + o];
          deltas[H + o] += dz * w[row + o];
        }
      }
      for (let o = 0; o < h; o++) {
        const a = acts[H + o];
        const da = deltas[H + o] * (1 - a * a);
        g[off + B1 + o] += da;
        const row = off + o * d;
        for (let q = 0; q < d; q++) g[row + q] += da * xs[q];
      }
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < dim; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
}

/**
 * mlpLossAndGrad (mlp-core.ts) with no hidden layer (softmax regression: W (classes × d), then b)
 * for `count` trainings of `inst`, as oneHiddenLossAndGradMany, by a kernel generated for
 * (inputs, classes) (softmaxSource).
 */
export function softmaxLossAndGradMany(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const d = inst.shape.size0;
  const classes = inst.shape.size1;
  if (d > MAX_UNROLLED || classes > MAX_UNROLLED) {
    softmaxLooped(inst, w, offsets, count, g, losses, step);
    return;
  }
  const key = `softmax:${d},${classes}`;
  let kernel = kernels.get(key);
  if (!kernel) {
    kernel = new Function('stepIndex', softmaxSource(d, classes))(stepIndex) as Kernel;
    kernels.set(key, kernel);
  }
  const { acts } = scratchFor(d, classes, count);
  kernel(inst, w, offsets, count, g, losses, step, acts, acts);
}

/**
 * The source of a softmax-regression kernel for d inputs and `classes` outputs, loops over inputs
 * and classes unrolled; per training and point the reference's float64 operations in its order
 * (the max of the logits with Math.max, as the reference takes it: NaN propagates).
 */
export function softmaxSource(d: number, classes: number): string {
  const B = classes * d;
  const dim = B + classes;
  const qs = Array.from({ length: d }, (_, q) => q);
  const cs = Array.from({ length: classes }, (_, c) => c);
  return `${kernelPrologue('softmaxKernel', 'inst, w, offsets, count, g, losses, step, acts', d, `p < ${dim}`)}    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      const Z = j * ${classes};
      let max = -Infinity;
${cs.map((c) => `      let z${c} = w[off + ${B + c}];\n${qs.map((q) => `      z${c} += w[off + ${c * d + q}] * x${q};`).join('\n')}\n      acts[Z + ${c}] = z${c};\n      max = Math.max(max, z${c});`).join('\n')}
${cs.map((c) => `      const e${c} = Math.exp(z${c} - max);`).join('\n')}
      let sum = 0;
${cs.map((c) => `      sum += e${c};`).join('\n')}
      losses[j] += Math.log(sum) + max - acts[Z + label];
      const inv = 1 / sum;
${cs.map((c) => `      const dz${c} = e${c} * inv - (${c} === label ? 1 : 0);\n      g[off + ${B + c}] += dz${c};\n${qs.map((q) => `      g[off + ${c * d + q}] += dz${c} * x${q};`).join('\n')}`).join('\n')}
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < ${dim}; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
};`;
}

/** softmaxLossAndGradMany with loops (shapes too wide to unroll). */
function softmaxLooped(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const shape = inst.shape;
  const n = shape.n;
  const batch = shape.batch;
  const d = shape.size0;
  const classes = shape.size1;
  const { xs, acts, deltas } = scratchFor(d, classes, count);
  const dim = inst.dim;
  const data = inst.data;
  const labels = n * d;
  const stream = inst.stream;
  const B = classes * d;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < dim; p++) g[off + p] = 0;
    losses[j] = 0;
  }
  for (let k = 0; k < batch; k++) {
    const i = stepIndex(stream, step, k, n);
    const xi = i * d;
    for (let q = 0; q < d; q++) xs[q] = data[xi + q];
    const label = data[labels + i];
    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      const Z = j * classes;
      for (let o = 0; o < classes; o++) {
        let s = w[off + B + o];
        const row = off + o * d;
        for (let q = 0; q < d; q++) s += w[row + q] * xs[q];
        acts[Z + o] = s;
      }
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, acts[Z + c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(acts[Z + c] - max);
        deltas[Z + c] = e;
        sum += e;
      }
      losses[j] += Math.log(sum) + max - acts[Z + label];
      const inv = 1 / sum;
      for (let c = 0; c < classes; c++) {
        const dz = deltas[Z + c] * inv - (c === label ? 1 : 0);
        g[off + B + c] += dz;
        const row = off + c * d;
        for (let q = 0; q < d; q++) g[row + q] += dz * xs[q];
      }
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < dim; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
}

/**
 * mlpLossAndGrad (mlp-core.ts) with two hidden layers for `count` trainings of `inst`, as
 * oneHiddenLossAndGradMany, by a kernel generated for the shape (twoHiddenSource).
 */
export function twoHiddenLossAndGradMany(inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number): void {
  const s = inst.shape;
  const d = s.size0;
  const classes = s.size3;
  if (d > MAX_UNROLLED || classes > MAX_UNROLLED) {
    for (let j = 0; j < count; j++) losses[j] = mlpLossAndGrad(inst, w, offsets[j], g, offsets[j], step);
    return;
  }
  const key = `two:${d},${s.size1},${s.size2},${classes}`;
  let kernel = kernels.get(key);
  if (!kernel) {
    kernel = new Function('stepIndex', 'tanhInPlace', twoHiddenSource(d, s.size1, s.size2, classes))(stepIndex, tanhInPlace) as Kernel;
    kernels.set(key, kernel);
  }
  const { acts, deltas } = scratchFor(d, s.size1 + s.size2 + classes, count);
  kernel(inst, w, offsets, count, g, losses, step, acts, deltas);
}

/**
 * The source of a two-hidden-layer kernel (d inputs, h1 and h2 tanh units, `classes` outputs):
 * inputs and classes unrolled, the output layer's backward pass fused over the second hidden
 * layer; per training and point the reference's float64 operations in its order (logits' max
 * with Math.max, every error accumulated in the reference's order from 0).
 */
export function twoHiddenSource(d: number, h1: number, h2: number, classes: number): string {
  const B1 = h1 * d;
  const W2 = B1 + h1;
  const B2 = W2 + h2 * h1;
  const W3 = B2 + h2;
  const B3 = W3 + classes * h2;
  const dim = B3 + classes;
  const per = h1 + h2 + classes;
  const qs = Array.from({ length: d }, (_, q) => q);
  const cs = Array.from({ length: classes }, (_, c) => c);
  return `${kernelPrologue('twoHiddenKernel', 'inst, w, offsets, count, g, losses, step, acts, deltas', d, `p < ${dim}`)}    for (let j = 0; j < count; j++) {
      const off = offsets[j];
      const H1 = j * ${per};
      const H2 = H1 + ${h1};
      const Z = H2 + ${h2};
      for (let o = 0; o < ${h1}; o++) {
        const row = off + o * ${d};
        let s = w[off + ${B1} + o];
${qs.map((q) => `        s += w[row + ${q}] * x${q};`).join('\n')}
        acts[H1 + o] = s;
      }
      tanhInPlace(acts, H1, H2);
      for (let o = 0; o < ${h2}; o++) {
        const row = off + ${W2} + o * ${h1};
        let s = w[off + ${B2} + o];
        for (let q = 0; q < ${h1}; q++) s += w[row + q] * acts[H1 + q];
        acts[H2 + o] = s;
      }
      tanhInPlace(acts, H2, Z);
${cs.map((c) => `      let z${c} = w[off + ${B3 + c}];`).join('\n')}
      for (let q = 0; q < ${h2}; q++) {
        const a = acts[H2 + q];
${cs.map((c) => `        z${c} += w[off + ${W3 + c * h2} + q] * a;`).join('\n')}
      }
      let max = -Infinity;
${cs.map((c) => `      acts[Z + ${c}] = z${c};\n      max = Math.max(max, z${c});`).join('\n')}
${cs.map((c) => `      const e${c} = Math.exp(z${c} - max);`).join('\n')}
      let sum = 0;
${cs.map((c) => `      sum += e${c};`).join('\n')}
      losses[j] += Math.log(sum) + max - acts[Z + label];
      const inv = 1 / sum;
${cs.map((c) => `      const dz${c} = e${c} * inv - (${c} === label ? 1 : 0);\n      g[off + ${B3 + c}] += dz${c};`).join('\n')}
      for (let q = 0; q < ${h2}; q++) {
        const a = acts[H2 + q];
        let dl = 0;
${cs.map((c) => `        g[off + ${W3 + c * h2} + q] += dz${c} * a;\n        dl += dz${c} * w[off + ${W3 + c * h2} + q];`).join('\n')}
        const dd = dl * (1 - a * a);
        deltas[H2 + q] = dd;
        g[off + ${B2} + q] += dd;
      }
      for (let q = 0; q < ${h1}; q++) deltas[H1 + q] = 0;
      for (let o = 0; o < ${h2}; o++) {
        const dz = deltas[H2 + o];
        const row = off + ${W2} + o * ${h1};
        for (let q = 0; q < ${h1}; q++) {
          g[row + q] += dz * acts[H1 + q];
          deltas[H1 + q] += dz * w[row + q];
        }
      }
      for (let o = 0; o < ${h1}; o++) {
        const a = acts[H1 + o];
        const dd = deltas[H1 + o] * (1 - a * a);
        g[off + ${B1} + o] += dd;
        const row = off + o * ${d};
${qs.map((q) => `        g[row + ${q}] += dd * x${q};`).join('\n')}
      }
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < count; j++) {
    const off = offsets[j];
    for (let p = 0; p < ${dim}; p++) g[off + p] *= scale;
    losses[j] *= scale;
  }
};`;
}
