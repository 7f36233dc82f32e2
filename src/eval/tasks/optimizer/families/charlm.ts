/**
 * A real text model: a character-level language model on English prose (State of the Union
 * addresses, data/sotu.ts; 29 symbols). Embedding, one vanilla tanh RNN layer, softmax over the
 * next symbol:
 *   x_t = E[c_t],  h_{t+1} = tanh(Wx x_t + Wh h_t + bh),  z_t = Wo h_{t+1} + bo,  h_0 = 0,
 * loss = mean cross-entropy of z_t against c_{t+1} over every position of the window (teacher
 * forcing), gradient by backpropagation through time over the window. Each step draws `batch`
 * windows of `window` + 1 symbols (uniform start positions, with replacement) from the training
 * text; the held-out split is the text that follows it, cut into disjoint windows, scored as mean
 * cross-entropy per symbol and next-symbol accuracy (argmax, the first on ties).
 *
 * Each instance draws one address of the corpus and a starting offset in it (the training text
 * and the held-out text after it are contiguous), and its own initial weights, initialised as
 * PyTorch's nn.Embedding (N(0, 1)), nn.RNN and nn.Linear (U(±1/√hidden)) do.
 *
 * Parameters: E (vocab × embed), Wx (hidden × embed), Wh (hidden × hidden), bh (hidden),
 * Wo (vocab × hidden), bo (vocab), row-major. data = [training symbols (n), held-out symbols
 * (nHeldOut × (window + 1))] as float codes; shape = { n, batch, nHeldOut, window, vocab, embed,
 * hidden, address, offset }.
 */
import { sotuText, SOTU_FILES, VOCABULARY } from '../data/sotu.ts';
import { instanceKey, lrGrids, makeInstance } from '../family.ts';
import type { FamilyWgsl, Holdout, HoldoutMeasures, OptFamily, OptInstance, Sizing } from '../family.ts';
import { instanceRng, stepIndex } from '../rng.ts';

interface Sizes {
  readonly embed: number;
  readonly hidden: number;
  readonly window: number;
  readonly batch: number;
  /** Training symbols. */
  readonly n: number;
  /** Held-out windows. */
  readonly heldOut: number;
  readonly steps: number;
}

const SIZES: Readonly<Record<Sizing, Sizes>> = {
  search: { embed: 4, hidden: 8, window: 8, batch: 3, n: 2000, heldOut: 64, steps: 150 },
  meta: { embed: 8, hidden: 16, window: 16, batch: 2, n: 6000, heldOut: 128, steps: 1000 },
};

/** Parameter offsets of the layout above. */
interface Layout {
  readonly E: number;
  readonly WX: number;
  readonly WH: number;
  readonly BH: number;
  readonly WO: number;
  readonly BO: number;
  readonly dim: number;
}

export function charlmLayout(vocab: number, embed: number, hidden: number): Layout {
  const E = 0;
  const WX = E + vocab * embed;
  const WH = WX + hidden * embed;
  const BH = WH + hidden * hidden;
  const WO = BH + hidden;
  const BO = WO + vocab * hidden;
  return { E, WX, WH, BH, WO, BO, dim: BO + vocab };
}

function instance(seed: number, index: number, sizing: Sizing): OptInstance {
  const rng = instanceRng(instanceKey('charlm', seed, index, sizing));
  const { embed, hidden, window, batch, n, heldOut, steps } = SIZES[sizing];
  const address = Math.floor(rng.uniform() * SOTU_FILES.length);
  const text = sotuText(address);
  const need = n + heldOut * (window + 1);
  if (text.length < need) throw new Error(`charlm: address ${SOTU_FILES[address]} has ${text.length} symbols, ${need} needed`);
  const offset = Math.floor(rng.uniform() * (text.length - need + 1));
  const data = Float32Array.from(text.subarray(offset, offset + need));
  const vocab = VOCABULARY;
  const L = charlmLayout(vocab, embed, hidden);
  const init = new Float32Array(L.dim);
  for (let i = L.E; i < L.WX; i++) init[i] = rng.normal();
  const k = 1 / Math.sqrt(hidden);
  for (let i = L.WX; i < L.dim; i++) init[i] = rng.between(-k, k);
  return makeInstance({
    family: 'charlm', seed, index, sizing, dim: L.dim, steps, stream: rng.u32(), init, data,
    shape: { n, batch, nHeldOut: heldOut, window, vocab, embed, hidden, address, offset },
  });
}

interface Scratch {
  /** Hidden states h_0 .. h_window, hidden each. */
  readonly h: Float64Array;
  /** The output layer's gradient with respect to h_{t+1}, per position. */
  readonly dho: Float64Array;
  readonly z: Float64Array;
  readonly da: Float64Array;
  readonly dh: Float64Array;
}

const scratches = new WeakMap<OptInstance, Scratch>();

function scratchFor(inst: OptInstance): Scratch {
  let s = scratches.get(inst);
  if (!s) {
    const { window: T, hidden: H, vocab: V } = inst.shape;
    s = { h: new Float64Array((T + 1) * H), dho: new Float64Array(T * H), z: new Float64Array(V), da: new Float64Array(H), dh: new Float64Array(H) };
    scratches.set(inst, s);
  }
  return s;
}

/**
 * One window of `window` + 1 symbols at data[start ..]: the summed cross-entropy of its `window`
 * predictions and the number predicted right; with `g`, adds the summed loss's gradient at gOff.
 */
function runWindow(inst: OptInstance, w: Float64Array, wOff: number, g: Float64Array | undefined, gOff: number, start: number): { loss: number; correct: number } {
  const shape = inst.shape;
  const T = shape.window;
  const V = shape.vocab;
  const e = shape.embed;
  const H = shape.hidden;
  const { h, dho, z, da, dh } = scratchFor(inst);
  const data = inst.data;
  // Parameter offsets (charlmLayout) in w; the gradient's are the same from gOff.
  const WX = V * e;
  const WH = WX + H * e;
  const BH = WH + H * H;
  const WO = BH + H;
  const BO = WO + V * H;
  for (let o = 0; o < H; o++) h[o] = 0;
  let loss = 0;
  let correct = 0;
  for (let t = 0; t < T; t++) {
    const c = data[start + t] | 0;
    const y = data[start + t + 1] | 0;
    const x = wOff + c * e;
    const prev = t * H;
    const next = prev + H;
    for (let o = 0; o < H; o++) {
      let a = w[wOff + BH + o];
      const rx = wOff + WX + o * e;
      for (let q = 0; q < e; q++) a += w[rx + q] * w[x + q];
      const rh = wOff + WH + o * H;
      for (let q = 0; q < H; q++) a += w[rh + q] * h[prev + q];
      h[next + o] = Math.tanh(a);
    }
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < V; k++) {
      let s = w[wOff + BO + k];
      const ro = wOff + WO + k * H;
      for (let o = 0; o < H; o++) s += w[ro + o] * h[next + o];
      z[k] = s;
      if (s > max) {
        max = s;
        arg = k;
      }
    }
    const zy = z[y];
    let sum = 0;
    for (let k = 0; k < V; k++) {
      const ez = Math.exp(z[k] - max);
      z[k] = ez;
      sum += ez;
    }
    loss += Math.log(sum) + max - zy;
    if (arg === y) correct++;
    if (!g) continue;
    const inv = 1 / sum;
    for (let o = 0; o < H; o++) dho[prev + o] = 0;
    for (let k = 0; k < V; k++) {
      const dz = z[k] * inv - (k === y ? 1 : 0);
      g[gOff + BO + k] += dz;
      const gro = gOff + WO + k * H;
      const ro = wOff + WO + k * H;
      for (let o = 0; o < H; o++) {
        g[gro + o] += dz * h[next + o];
        dho[prev + o] += dz * w[ro + o];
      }
    }
  }
  if (g) {
    for (let o = 0; o < H; o++) dh[o] = 0;
    for (let t = T - 1; t >= 0; t--) {
      const c = data[start + t] | 0;
      const x = c * e;
      const prev = t * H;
      const next = prev + H;
      for (let o = 0; o < H; o++) {
        const ht = h[next + o];
        da[o] = (dho[prev + o] + dh[o]) * (1 - ht * ht);
        dh[o] = 0;
      }
      for (let o = 0; o < H; o++) {
        const d = da[o];
        g[gOff + BH + o] += d;
        const rx = WX + o * e;
        for (let q = 0; q < e; q++) {
          g[gOff + rx + q] += d * w[wOff + x + q];
          g[gOff + x + q] += d * w[wOff + rx + q];
        }
        const rh = WH + o * H;
        for (let q = 0; q < H; q++) {
          g[gOff + rh + q] += d * h[prev + q];
          dh[q] += d * w[wOff + rh + q];
        }
      }
    }
  }
  return { loss, correct };
}

function lossAndGrad(inst: OptInstance, w: Float64Array, wOff: number, g: Float64Array, gOff: number, step: number): number {
  const { n, batch, window: T } = inst.shape;
  const dim = inst.dim;
  for (let j = 0; j < dim; j++) g[gOff + j] = 0;
  let loss = 0;
  for (let k = 0; k < batch; k++) loss += runWindow(inst, w, wOff, g, gOff, stepIndex(inst.stream, step, k, n - T)).loss;
  const scale = 1 / (batch * T);
  for (let j = 0; j < dim; j++) g[gOff + j] *= scale;
  return loss * scale;
}

function evaluate(inst: OptInstance, w: Float64Array, wOff: number): HoldoutMeasures {
  const { n, nHeldOut, window: T } = inst.shape;
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < nHeldOut; i++) {
    const r = runWindow(inst, w, wOff, undefined, 0, n + i * (T + 1));
    loss += r.loss;
    correct += r.correct;
  }
  const m = nHeldOut * T;
  return { loss: loss / m, accuracy: correct / m };
}

const HOLDOUT: Holdout = Object.freeze({ classifier: true, evaluate });

/** The device code's private array bounds (fields() refuses larger instances). */
const MAX_HIDDEN = 16;
const MAX_WINDOW = 16;
const MAX_VOCAB = 32;

/** `line(0) … line(3)`, one statement each: a loop body that handles four terms an iteration. */
function unroll4(line: (u: string) => string): string {
  return ['', ' + 1u', ' + 2u', ' + 3u'].map((u) => line(u)).join('\n');
}

/** The f32 dot product of four consecutive entries of two arrays from the offsets `a` and `b`. */
function dot4(arrayA: string, a: string, arrayB: string, b: string): string {
  const terms = (arr: string, at: string): string => ['', ' + 1u', ' + 2u', ' + 3u'].map((u) => `${arr}[${at}${u}]`).join(', ');
  return `dot(vec4<f32>(${terms(arrayA, a)}), vec4<f32>(${terms(arrayB, b)}))`;
}

/**
 * The same window computation in f32. Inner loops over the embedding and hidden widths (multiples
 * of 4) take four terms an iteration, which keeps a meta step inside the software rasterisers'
 * loop budget (wgsl/families-wgsl.ts); sums run in a different order than the CPU's, within f32
 * rounding.
 */
const WGSL = /* wgsl */ `
var<private> sd_lm_h: array<f32, ${(MAX_WINDOW + 1) * MAX_HIDDEN}>;
var<private> sd_lm_dho: array<f32, ${MAX_WINDOW * MAX_HIDDEN}>;
var<private> sd_lm_z: array<f32, ${MAX_VOCAB}>;
var<private> sd_lm_da: array<f32, ${MAX_HIDDEN}>;
var<private> sd_lm_dh: array<f32, ${MAX_HIDDEN}>;

// Field layout: n, batch, held-out windows, window, vocab, embed, hidden. One window of
// window + 1 symbols at sd_data[start ..]: (summed loss, correct predictions); with grad, adds
// the summed loss's gradient at sd_state[so + dim ..].
fn sd_lm_window(h: u32, so: u32, start: u32, grad: bool) -> vec2<f32> {
  let dim = sd_inst[h + 1u];
  let T = sd_field(h, 3u);
  let V = sd_field(h, 4u);
  let e = sd_field(h, 5u);
  let H = sd_field(h, 6u);
  let g = so + dim;
  let wx = V * e;
  let wh = wx + H * e;
  let bh = wh + H * H;
  let wo = bh + H;
  let bo = wo + V * H;
  for (var o = 0u; o < H; o++) {
    sd_lm_h[o] = 0.0;
  }
  var loss = 0.0;
  var correct = 0.0;
  for (var t = 0u; t < T; t++) {
    let c = u32(sd_data[start + t]);
    let y = u32(sd_data[start + t + 1u]);
    let prev = t * H;
    let next = prev + H;
    let x = so + c * e;
    for (var o = 0u; o < H; o++) {
      var a = sd_state[so + bh + o];
      let rx = so + wx + o * e;
      for (var q = 0u; q < e; q += 4u) {
        a += ${dot4('sd_state', 'rx + q', 'sd_state', 'x + q')};
      }
      let rh = so + wh + o * H;
      for (var q = 0u; q < H; q += 4u) {
        a += ${dot4('sd_state', 'rh + q', 'sd_lm_h', 'prev + q')};
      }
      // Clamped: tanh(±15) is ±1 in f32, and no implementation's exp overflows inside tanh.
      sd_lm_h[next + o] = tanh(clamp(a, -15.0, 15.0));
    }
    var mx = 0.0;
    var arg = 0u;
    for (var k = 0u; k < V; k++) {
      var s = sd_state[so + bo + k];
      let ro = so + wo + k * H;
      for (var o = 0u; o < H; o += 4u) {
        s += ${dot4('sd_state', 'ro + o', 'sd_lm_h', 'next + o')};
      }
      sd_lm_z[k] = s;
      if (k == 0u || s > mx) {
        mx = s;
        arg = k;
      }
    }
    let zy = sd_lm_z[y];
    var sum = 0.0;
    for (var k = 0u; k < V; k++) {
      let ez = exp(sd_lm_z[k] - mx);
      sd_lm_z[k] = ez;
      sum += ez;
    }
    loss += log(sum) + mx - zy;
    correct += select(0.0, 1.0, arg == y);
    if (!grad) {
      continue;
    }
    let inv = 1.0 / sum;
    for (var o = 0u; o < H; o++) {
      sd_lm_dho[prev + o] = 0.0;
    }
    for (var k = 0u; k < V; k++) {
      let dz = sd_lm_z[k] * inv - select(0.0, 1.0, k == y);
      sd_state[g + bo + k] += dz;
      let ro = wo + k * H;
      for (var o = 0u; o < H; o += 4u) {
${unroll4((u) => `        sd_state[g + ro + o${u}] += dz * sd_lm_h[next + o${u}];\n        sd_lm_dho[prev + o${u}] += dz * sd_state[so + ro + o${u}];`)}
      }
    }
  }
  if (grad) {
    for (var o = 0u; o < H; o++) {
      sd_lm_dh[o] = 0.0;
    }
    for (var ti = 0u; ti < T; ti++) {
      let t = T - 1u - ti;
      let c = u32(sd_data[start + t]);
      let prev = t * H;
      let next = prev + H;
      let x = c * e;
      for (var o = 0u; o < H; o++) {
        let ht = sd_lm_h[next + o];
        sd_lm_da[o] = (sd_lm_dho[prev + o] + sd_lm_dh[o]) * (1.0 - ht * ht);
        sd_lm_dh[o] = 0.0;
      }
      for (var o = 0u; o < H; o++) {
        let d = sd_lm_da[o];
        sd_state[g + bh + o] += d;
        let rx = wx + o * e;
        for (var q = 0u; q < e; q += 4u) {
${unroll4((u) => `          sd_state[g + rx + q${u}] += d * sd_state[so + x + q${u}];\n          sd_state[g + x + q${u}] += d * sd_state[so + rx + q${u}];`)}
        }
        let rh = wh + o * H;
        for (var q = 0u; q < H; q += 4u) {
${unroll4((u) => `          sd_state[g + rh + q${u}] += d * sd_lm_h[prev + q${u}];\n          sd_lm_dh[q${u}] += d * sd_state[so + rh + q${u}];`)}
        }
      }
    }
  }
  return vec2<f32>(loss, correct);
}

fn sd_lg_charlm(h: u32, so: u32, step: u32) -> f32 {
  let dim = sd_inst[h + 1u];
  let stream = sd_inst[h + 3u];
  let x = sd_inst[h + 4u];
  let n = sd_field(h, 0u);
  let batch = sd_field(h, 1u);
  let T = sd_field(h, 3u);
  let g = so + dim;
  for (var j = 0u; j < dim; j++) {
    sd_state[g + j] = 0.0;
  }
  var loss = 0.0;
  for (var k = 0u; k < batch; k++) {
    loss += sd_lm_window(h, so, x + sd_step_hash(stream, step, k) % (n - T), true).x;
  }
  let scale = 1.0 / f32(batch * T);
  for (var j = 0u; j < dim; j++) {
    sd_state[g + j] *= scale;
  }
  return loss * scale;
}

// Held-out windows [chunk·batch, (chunk+1)·batch): their shares of the mean loss and accuracy.
fn sd_ho_charlm(h: u32, so: u32, chunk: u32) -> vec2<f32> {
  let x = sd_inst[h + 4u];
  let n = sd_field(h, 0u);
  let batch = sd_field(h, 1u);
  let m = sd_field(h, 2u);
  let T = sd_field(h, 3u);
  var sums = vec2<f32>(0.0, 0.0);
  for (var i = chunk * batch; i < min((chunk + 1u) * batch, m); i++) {
    sums += sd_lm_window(h, so, x + n + i * (T + 1u), false);
  }
  return sums / f32(m * T);
}`;

/** Loop iterations of one window (forward; with the gradient, the output layer's and BPTT's too), per the code above. */
function windowIterations(inst: OptInstance, grad: boolean): number {
  const { window: T, vocab: V, embed: e, hidden: H } = inst.shape;
  // Per position: the recurrence, the logits, the softmax; with the gradient, the output layer's
  // backward pass and one step of backpropagation through time. Loops take four terms an iteration.
  const forward = H * (1 + e / 4 + H / 4) + V * (1 + H / 4) + V;
  const output = H + V * (1 + H / 4);
  const bptt = H + H * (1 + e / 4 + H / 4);
  return H + T * (forward + (grad ? output + bptt : 0)) + (grad ? H : 0);
}

const CHARLM_WGSL: FamilyWgsl = Object.freeze({
  fn: 'charlm',
  code: WGSL,
  fields(inst: OptInstance): readonly number[] {
    const s = inst.shape;
    if (s.hidden > MAX_HIDDEN || s.window > MAX_WINDOW || s.vocab > MAX_VOCAB) throw new Error(`WGSL charlm: hidden ${s.hidden}, window ${s.window}, vocab ${s.vocab} exceed ${MAX_HIDDEN}, ${MAX_WINDOW}, ${MAX_VOCAB}`);
    if (s.hidden % 4 !== 0 || s.embed % 4 !== 0) throw new Error(`WGSL charlm: hidden ${s.hidden} and embed ${s.embed} must be multiples of 4`);
    return [s.n, s.batch, s.nHeldOut, s.window, s.vocab, s.embed, s.hidden];
  },
  loopIterationsPerStep(inst: OptInstance): number {
    const s = inst.shape;
    const train = 2 * inst.dim + s.batch * (1 + windowIterations(inst, true)) + 3 * inst.dim;
    const holdout = s.batch * (1 + windowIterations(inst, false));
    return Math.max(train, holdout);
  },
  holdoutChunks: (inst: OptInstance) => Math.ceil(inst.shape.nHeldOut / inst.shape.batch),
});

export const charlm: OptFamily = {
  id: 'charlm',
  description: `character-level language model on real English prose (State of the Union addresses, ${VOCABULARY} symbols): embedding 4, tanh RNN 8, 3 windows of 8 per step, 2000 training symbols, 64 held-out windows`,
  lossFloor: 1e-4,
  lrGrid: lrGrids(10, 10),
  heldOut: false,
  instance,
  lossAndGrad,
  holdout: HOLDOUT,
  wgsl: CHARLM_WGSL,
};
