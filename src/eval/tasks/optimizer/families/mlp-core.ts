/**
 * A multi-layer perceptron with tanh hidden layers and a softmax cross-entropy output, trained on
 * minibatches drawn per step: the engine of the softmax-regression (no hidden layer) and MLP
 * families. Parameters, layer after layer: W (out × in, row-major) then b (out).
 * shape = { n, batch, nHeldOut, layers, size0, size1, …, size<layers> } (size0 = inputs, last =
 * classes); data = [x (n × size0), y (n), held-out x (nHeldOut × size0), y (nHeldOut)]
 * (datasets.ts packSplits). The WGSL twin (MLP_WGSL) is shared by every family built on this.
 */
import type { InstanceRng } from '../rng.ts';
import { stepIndex } from '../rng.ts';
import type { FamilyWgsl, Holdout, HoldoutMeasures, OptInstance } from '../family.ts';
import { holdoutOffset } from './datasets.ts';

/** Layer widths from a shape: [inputs, hidden…, classes]. */
export function layerSizes(shape: Readonly<Record<string, number>>): number[] {
  return Array.from({ length: shape.layers + 1 }, (_, l) => shape[`size${l}`]);
}

/** shape fields describing these layer widths. */
export function layerShape(sizes: readonly number[]): Record<string, number> {
  const out: Record<string, number> = { layers: sizes.length - 1 };
  sizes.forEach((s, l) => (out[`size${l}`] = s));
  return out;
}

export function parameterCount(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 0; l + 1 < sizes.length; l++) p += sizes[l + 1] * (sizes[l] + 1);
  return p;
}

/** Glorot-uniform weights, zero biases. */
export function glorotInit(sizes: readonly number[], rng: InstanceRng): Float32Array {
  const w = new Float32Array(parameterCount(sizes));
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < fanIn * fanOut; i++) w[off + i] = rng.between(-limit, limit);
    off += fanIn * fanOut + fanOut;
  }
  return w;
}

interface Plan {
  readonly sizes: Int32Array;
  /** Start of each layer's activations in the scratch arrays. */
  readonly actOff: Int32Array;
  /** Start of each layer's weights in the parameter vector. */
  readonly wOff: Int32Array;
  readonly acts: Float64Array;
  readonly deltas: Float64Array;
}

const plans = new WeakMap<OptInstance, Plan>();

function planFor(inst: OptInstance): Plan {
  let plan = plans.get(inst);
  if (plan) return plan;
  const sizes = Int32Array.from(layerSizes(inst.shape));
  const layers = sizes.length - 1;
  const actOff = new Int32Array(layers + 1);
  const wOff = new Int32Array(layers + 1);
  for (let l = 0; l < layers; l++) {
    actOff[l + 1] = actOff[l] + sizes[l];
    wOff[l + 1] = wOff[l] + sizes[l + 1] * (sizes[l] + 1);
  }
  const total = actOff[layers] + sizes[layers];
  plan = { sizes, actOff, wOff, acts: new Float64Array(total), deltas: new Float64Array(total) };
  plans.set(inst, plan);
  return plan;
}

export function mlpLossAndGrad(inst: OptInstance, w: Float64Array, wOff: number, g: Float64Array, gOff: number, step: number): number {
  const { sizes, actOff, wOff: wLayer, acts, deltas } = planFor(inst);
  const n = inst.shape.n;
  const batch = inst.shape.batch;
  const layers = sizes.length - 1;
  const inputs = sizes[0];
  const classes = sizes[layers];
  const dim = inst.dim;
  for (let j = 0; j < dim; j++) g[gOff + j] = 0;
  const data = inst.data;
  const labels = n * inputs;
  const zo = actOff[layers];
  let loss = 0;
  for (let k = 0; k < batch; k++) {
    const i = stepIndex(inst.stream, step, k, n);
    for (let j = 0; j < inputs; j++) acts[j] = data[i * inputs + j];
    // Forward: hidden layers tanh, last layer logits.
    for (let l = 0; l < layers; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const W = wOff + wLayer[l];
      const B = W + fanIn * fanOut;
      const a = actOff[l];
      const z = actOff[l + 1];
      const hidden = l + 1 < layers;
      for (let o = 0; o < fanOut; o++) {
        let s = w[B + o];
        const row = W + o * fanIn;
        for (let q = 0; q < fanIn; q++) s += w[row + q] * acts[a + q];
        acts[z + o] = hidden ? Math.tanh(s) : s;
      }
    }
    // Softmax cross-entropy; deltas of the logits = softmax - onehot.
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, acts[zo + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(acts[zo + c] - max);
      deltas[zo + c] = e;
      sum += e;
    }
    const label = data[labels + i];
    loss += Math.log(sum) + max - acts[zo + label];
    const inv = 1 / sum;
    for (let c = 0; c < classes; c++) deltas[zo + c] = deltas[zo + c] * inv - (c === label ? 1 : 0);
    // Backward.
    for (let l = layers - 1; l >= 0; l--) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const W = wLayer[l];
      const B = W + fanIn * fanOut;
      const a = actOff[l];
      const z = actOff[l + 1];
      const propagate = l > 0;
      if (propagate) for (let q = 0; q < fanIn; q++) deltas[a + q] = 0;
      for (let o = 0; o < fanOut; o++) {
        const dz = deltas[z + o];
        g[gOff + B + o] += dz;
        const row = W + o * fanIn;
        for (let q = 0; q < fanIn; q++) g[gOff + row + q] += dz * acts[a + q];
        if (propagate) for (let q = 0; q < fanIn; q++) deltas[a + q] += dz * w[wOff + row + q];
      }
      // Through tanh (activations of layers >= 1 are tanh outputs).
      if (propagate) for (let q = 0; q < fanIn; q++) deltas[a + q] *= 1 - acts[a + q] * acts[a + q];
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < dim; j++) g[gOff + j] *= scale;
  return loss * scale;
}

/**
 * The same loss and gradient as mlpLossAndGrad, specialised to one hidden layer (the `mlp`
 * family's shape) with straight-line loops: about twice as fast on V8.
 */
export function oneHiddenLossAndGrad(inst: OptInstance, w: Float64Array, wOff: number, g: Float64Array, gOff: number, step: number): number {
  const { acts, deltas } = planFor(inst);
  const shape = inst.shape;
  const n = shape.n;
  const batch = shape.batch;
  const d = shape.size0;
  const h = shape.size1;
  const classes = shape.size2;
  // Parameter offsets: W1 (h × d), b1 (h), W2 (classes × h), b2 (classes).
  const W1 = wOff;
  const B1 = W1 + h * d;
  const W2 = B1 + h;
  const B2 = W2 + classes * h;
  const gW1 = gOff;
  const gB1 = gW1 + h * d;
  const gW2 = gB1 + h;
  const gB2 = gW2 + classes * h;
  const dim = inst.dim;
  for (let j = 0; j < dim; j++) g[gOff + j] = 0;
  const data = inst.data;
  const labels = n * d;
  // acts: [x (d), hidden (h), logits (classes)]; deltas: hidden errors at d.., logit errors at d+h...
  const H = d;
  const Z = d + h;
  let loss = 0;
  for (let k = 0; k < batch; k++) {
    const i = stepIndex(inst.stream, step, k, n);
    const xi = i * d;
    for (let o = 0; o < h; o++) {
      let s = w[B1 + o];
      const row = W1 + o * d;
      for (let q = 0; q < d; q++) s += w[row + q] * data[xi + q];
      acts[H + o] = Math.tanh(s);
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = w[B2 + c];
      const row = W2 + c * h;
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
    const label = data[labels + i];
    loss += Math.log(sum) + max - acts[Z + label];
    const inv = 1 / sum;
    for (let o = 0; o < h; o++) deltas[H + o] = 0;
    for (let c = 0; c < classes; c++) {
      const dz = deltas[Z + c] * inv - (c === label ? 1 : 0);
      g[gB2 + c] += dz;
      const row = c * h;
      for (let o = 0; o < h; o++) {
        g[gW2 + row + o] += dz * acts[H + o];
        deltas[H + o] += dz * w[W2 + row + o];
      }
    }
    for (let o = 0; o < h; o++) {
      const a = acts[H + o];
      const da = deltas[H + o] * (1 - a * a);
      g[gB1 + o] += da;
      const row = o * d;
      for (let q = 0; q < d; q++) g[gW1 + row + q] += da * data[xi + q];
    }
  }
  const scale = 1 / batch;
  for (let j = 0; j < dim; j++) g[gOff + j] *= scale;
  return loss * scale;
}

/**
 * Mean cross-entropy and accuracy (argmax of the logits, the first on ties) over the held-out
 * split: the forward pass of mlpLossAndGrad.
 */
export function mlpEvaluate(inst: OptInstance, w: Float64Array, wOff: number): HoldoutMeasures {
  const { sizes, actOff, wOff: wLayer, acts } = planFor(inst);
  const layers = sizes.length - 1;
  const inputs = sizes[0];
  const classes = sizes[layers];
  const m = inst.shape.nHeldOut;
  const data = inst.data;
  const x = holdoutOffset(inst.shape.n, inputs);
  const labels = x + m * inputs;
  const zo = actOff[layers];
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < inputs; j++) acts[j] = data[x + i * inputs + j];
    for (let l = 0; l < layers; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const W = wOff + wLayer[l];
      const B = W + fanIn * fanOut;
      const a = actOff[l];
      const z = actOff[l + 1];
      const hidden = l + 1 < layers;
      for (let o = 0; o < fanOut; o++) {
        let s = w[B + o];
        const row = W + o * fanIn;
        for (let q = 0; q < fanIn; q++) s += w[row + q] * acts[a + q];
        acts[z + o] = hidden ? Math.tanh(s) : s;
      }
    }
    let max = acts[zo];
    let arg = 0;
    for (let c = 1; c < classes; c++) {
      if (acts[zo + c] > max) {
        max = acts[zo + c];
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(acts[zo + c] - max);
    const label = data[labels + i];
    loss += Math.log(sum) + max - acts[zo + label];
    if (arg === label) correct++;
  }
  return { loss: loss / m, accuracy: correct / m };
}

export const MLP_HOLDOUT: Holdout = Object.freeze({ classifier: true, evaluate: mlpEvaluate });

/** Private scratch (activations, errors) of the MLP families, per thread. */
export const MLP_SCRATCH = 128;
const MAX_LAYERS = 4;

/** Tanh hidden layers, softmax cross-entropy output (as above), activations in private scratch. */
const WGSL = /* wgsl */ `
var<private> sd_acts: array<f32, ${MLP_SCRATCH}>;
var<private> sd_dl: array<f32, ${MLP_SCRATCH}>;

// Field layout: n, batch, held-out n, layers, size0 .. size<layers>.
fn sd_mlp_size(h: u32, l: u32) -> u32 {
  return sd_field(h, 4u + l);
}

// Forward pass of point \`i\` of the rows at sd_data[x ..]: logits at sd_acts[act_off[layers] ..].
fn sd_mlp_forward(h: u32, so: u32, x: u32, i: u32, act_off: array<u32, ${MAX_LAYERS + 1}>, w_off: array<u32, ${MAX_LAYERS + 1}>) {
  let layers = sd_field(h, 3u);
  let inputs = sd_mlp_size(h, 0u);
  for (var j = 0u; j < inputs; j++) {
    sd_acts[j] = sd_data[x + i * inputs + j];
  }
  for (var l = 0u; l < layers; l++) {
    let fan_in = sd_mlp_size(h, l);
    let fan_out = sd_mlp_size(h, l + 1u);
    let wb = so + w_off[l];
    let bb = wb + fan_in * fan_out;
    let a = act_off[l];
    let z = act_off[l + 1u];
    let hidden = l + 1u < layers;
    for (var o = 0u; o < fan_out; o++) {
      var s = sd_state[bb + o];
      let row = wb + o * fan_in;
      for (var q = 0u; q < fan_in; q++) {
        s += sd_state[row + q] * sd_acts[a + q];
      }
      // Clamped: tanh(±15) is ±1 in f32, and no implementation's exp overflows inside tanh.
      sd_acts[z + o] = select(s, tanh(clamp(s, -15.0, 15.0)), hidden);
    }
  }
}

fn sd_lg_mlp(h: u32, so: u32, step: u32) -> f32 {
  let dim = sd_inst[h + 1u];
  let stream = sd_inst[h + 3u];
  let x = sd_inst[h + 4u];
  let n = sd_field(h, 0u);
  let batch = sd_field(h, 1u);
  let layers = sd_field(h, 3u);
  let inputs = sd_mlp_size(h, 0u);
  let classes = sd_mlp_size(h, layers);
  let labels = x + n * inputs;
  let g = so + dim;
  // Activation and weight offsets of each layer.
  var act_off: array<u32, ${MAX_LAYERS + 1}>;
  var w_off: array<u32, ${MAX_LAYERS + 1}>;
  act_off[0] = 0u;
  w_off[0] = 0u;
  for (var l = 0u; l < layers; l++) {
    let fan_in = sd_mlp_size(h, l);
    let fan_out = sd_mlp_size(h, l + 1u);
    act_off[l + 1u] = act_off[l] + fan_in;
    w_off[l + 1u] = w_off[l] + fan_out * (fan_in + 1u);
  }
  let zo = act_off[layers];
  for (var j = 0u; j < dim; j++) {
    sd_state[g + j] = 0.0;
  }
  var loss = 0.0;
  for (var k = 0u; k < batch; k++) {
    let i = sd_step_hash(stream, step, k) % n;
    sd_mlp_forward(h, so, x, i, act_off, w_off);
    var mx = sd_acts[zo];
    for (var c = 1u; c < classes; c++) {
      mx = max(mx, sd_acts[zo + c]);
    }
    var sum = 0.0;
    for (var c = 0u; c < classes; c++) {
      let e = exp(sd_acts[zo + c] - mx);
      sd_dl[zo + c] = e;
      sum += e;
    }
    let label = u32(sd_data[labels + i]);
    loss += log(sum) + mx - sd_acts[zo + label];
    let inv = 1.0 / sum;
    for (var c = 0u; c < classes; c++) {
      sd_dl[zo + c] = sd_dl[zo + c] * inv - select(0.0, 1.0, c == label);
    }
    for (var li = 0u; li < layers; li++) {
      let l = layers - 1u - li;
      let fan_in = sd_mlp_size(h, l);
      let fan_out = sd_mlp_size(h, l + 1u);
      let wb = w_off[l];
      let bb = wb + fan_in * fan_out;
      let a = act_off[l];
      let z = act_off[l + 1u];
      let propagate = l > 0u;
      if (propagate) {
        for (var q = 0u; q < fan_in; q++) {
          sd_dl[a + q] = 0.0;
        }
      }
      for (var o = 0u; o < fan_out; o++) {
        let dz = sd_dl[z + o];
        sd_state[g + bb + o] += dz;
        let row = wb + o * fan_in;
        for (var q = 0u; q < fan_in; q++) {
          sd_state[g + row + q] += dz * sd_acts[a + q];
          if (propagate) {
            sd_dl[a + q] += dz * sd_state[so + row + q];
          }
        }
      }
      if (propagate) {
        for (var q = 0u; q < fan_in; q++) {
          sd_dl[a + q] *= 1.0 - sd_acts[a + q] * sd_acts[a + q];
        }
      }
    }
  }
  let scale = 1.0 / f32(batch);
  for (var j = 0u; j < dim; j++) {
    sd_state[g + j] *= scale;
  }
  return loss * scale;
}

// Held-out points [chunk·batch, (chunk+1)·batch): their shares of the mean loss and accuracy.
fn sd_ho_mlp(h: u32, so: u32, chunk: u32) -> vec2<f32> {
  let n = sd_field(h, 0u);
  let batch = sd_field(h, 1u);
  let m = sd_field(h, 2u);
  let layers = sd_field(h, 3u);
  let inputs = sd_mlp_size(h, 0u);
  let classes = sd_mlp_size(h, layers);
  let x = sd_inst[h + 4u] + n * (inputs + 1u);
  let labels = x + m * inputs;
  var act_off: array<u32, ${MAX_LAYERS + 1}>;
  var w_off: array<u32, ${MAX_LAYERS + 1}>;
  act_off[0] = 0u;
  w_off[0] = 0u;
  for (var l = 0u; l < layers; l++) {
    let fan_in = sd_mlp_size(h, l);
    let fan_out = sd_mlp_size(h, l + 1u);
    act_off[l + 1u] = act_off[l] + fan_in;
    w_off[l + 1u] = w_off[l] + fan_out * (fan_in + 1u);
  }
  let zo = act_off[layers];
  var loss = 0.0;
  var correct = 0.0;
  for (var i = chunk * batch; i < min((chunk + 1u) * batch, m); i++) {
    sd_mlp_forward(h, so, x, i, act_off, w_off);
    var mx = sd_acts[zo];
    var arg = 0u;
    for (var c = 1u; c < classes; c++) {
      if (sd_acts[zo + c] > mx) {
        mx = sd_acts[zo + c];
        arg = c;
      }
    }
    var sum = 0.0;
    for (var c = 0u; c < classes; c++) {
      sum += exp(sd_acts[zo + c] - mx);
    }
    let label = u32(sd_data[labels + i]);
    loss += log(sum) + mx - sd_acts[zo + label];
    correct += select(0.0, 1.0, arg == label);
  }
  let inv = 1.0 / f32(m);
  return vec2<f32>(loss * inv, correct * inv);
}`;

/** The MLP families' device code: every MLP family's `wgsl`. */
export const MLP_WGSL: FamilyWgsl = Object.freeze({
  fn: 'mlp',
  code: WGSL,
  fields(inst: OptInstance): readonly number[] {
    const s = inst.shape;
    const sizes = layerSizes(s);
    if (s.layers > MAX_LAYERS) throw new Error(`WGSL MLP: at most ${MAX_LAYERS} layers, got ${s.layers}`);
    const acts = sizes.reduce((a, b) => a + b, 0);
    if (acts > MLP_SCRATCH) throw new Error(`WGSL MLP: ${acts} activations exceed the ${MLP_SCRATCH}-float scratch`);
    return [s.n, s.batch, s.nHeldOut, s.layers, ...sizes];
  },
  loopIterationsPerStep(inst: OptInstance): number {
    const s = inst.shape;
    const sizes = layerSizes(s);
    const acts = sizes.reduce((a, b) => a + b, 0);
    const classes = sizes[s.layers];
    const train = 1 + 3 * s.layers + 2 * inst.dim + s.batch * (1 + 3 * inst.dim + 2 * acts + 4 * classes + 2 * s.layers) + 3 * inst.dim;
    const holdout = 1 + s.layers + s.batch * (1 + inst.dim + acts + 2 * classes + s.layers);
    return Math.max(train, holdout);
  },
  holdoutChunks: (inst: OptInstance) => Math.ceil(inst.shape.nHeldOut / inst.shape.batch),
});
