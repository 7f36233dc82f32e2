/**
 * The optimizer families' loss-and-gradient functions in WGSL, the device twins of the TypeScript
 * `lossAndGrad` functions (same formulas, same data layout, same per-step PCG hash), plus the
 * instance header every WGSL function reads its sizes from.
 *
 * Instance header: HEADER_WORDS u32 per instance in `sd_inst`:
 *   [0] family code, [1] dim, [2] steps, [3] stream, [4] data offset (in sd_data), [5] init offset,
 *   [6] late-average window, [7..15] family fields:
 *   quadratic: d, noise (f32 bits) · rosenbrock: d · logistic: n, d, batch ·
 *   softmax / mlp / mlp2: n, batch, layers, size0 … size<layers> · beale, ackley: none.
 *
 * Each `sd_lg_<family>(h, so, step) -> f32` reads parameters from `sd_state[so .. so+dim)`, writes
 * the gradient to `sd_state[so+dim .. so+2·dim)` and returns the step's loss. Arithmetic is f32
 * (the TypeScript twins compute in f64 from the same f32 values), so losses agree closely, not
 * bit for bit.
 */
import type { OptInstance } from '../family.ts';
import { FAMILIES } from '../families/index.ts';
import { lateWindow } from '../trainer.ts';

export const HEADER_WORDS = 16;
/** Private scratch (activations, errors) of the MLP families, per thread. */
export const MLP_SCRATCH = 128;
const MAX_LAYERS = 4;

/** A family's code in headers and in the kernel's switch: its index in FAMILIES. */
export function familyCode(id: string): number {
  const i = FAMILIES.findIndex((f) => f.id === id);
  if (i < 0) throw new Error(`no WGSL code for optimizer family '${id}'`);
  return i;
}

const f32Bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0];

/** The header words of an instance whose data and initial parameters sit at these offsets of sd_data. */
export function instanceHeader(inst: OptInstance, dataOffset: number, initOffset: number): Uint32Array {
  const h = new Uint32Array(HEADER_WORDS);
  h.set([familyCode(inst.family), inst.dim, inst.steps, inst.stream, dataOffset, initOffset, lateWindow(inst.steps)]);
  const s = inst.shape;
  const fields: number[] = (() => {
    switch (inst.family) {
      case 'quadratic':
        return [s.d, f32Bits(s.noise)];
      case 'rosenbrock':
        return [s.d];
      case 'logistic':
        return [s.n, s.d, s.batch];
      case 'softmax':
      case 'mlp':
      case 'mlp2': {
        const sizes = Array.from({ length: s.layers + 1 }, (_, l) => s[`size${l}`]);
        if (s.layers > MAX_LAYERS) throw new Error(`WGSL MLP: at most ${MAX_LAYERS} layers, got ${s.layers}`);
        const acts = sizes.reduce((a, b) => a + b, 0);
        if (acts > MLP_SCRATCH) throw new Error(`WGSL MLP: ${acts} activations exceed the ${MLP_SCRATCH}-float scratch`);
        return [s.n, s.batch, s.layers, ...sizes];
      }
      case 'beale':
      case 'ackley':
        return [];
      default:
        throw new Error(`no WGSL header for optimizer family '${inst.family}'`);
    }
  })();
  h.set(fields, 7);
  return h;
}

/**
 * An upper bound on the loop iterations one training step runs in the kernel (loss, gradient,
 * update; a SIMD vector may run two candidates' update loops). Software rasterisers built on
 * Mesa's gallivm (llvmpipe, lavapipe) stop every loop of an invocation once 65535 iterations have
 * run in total (LP_MAX_TGSI_LOOP_ITERATIONS), so the scorer sizes dispatches by this.
 */
export function loopIterationsPerStep(inst: OptInstance): number {
  const s = inst.shape;
  const update = 3 * inst.dim;
  switch (inst.family) {
    case 'quadratic':
      return 1 + s.d + s.d * s.d + update;
    case 'rosenbrock':
      return 1 + 2 * s.d + update;
    case 'beale':
    case 'ackley':
      return 4 + update;
    case 'logistic':
      return 1 + 2 * (s.d + 1) + s.batch * (1 + 2 * s.d) + update;
    default: {
      const sizes = Array.from({ length: s.layers + 1 }, (_, l) => s[`size${l}`]);
      const acts = sizes.reduce((a, b) => a + b, 0);
      return 1 + 3 * s.layers + 2 * inst.dim + s.batch * (1 + 3 * inst.dim + 2 * acts + 4 * sizes[s.layers] + 2 * s.layers) + update;
    }
  }
}

/** Hash helpers, identical to rng.ts (u32 arithmetic wraps the same way). */
const HASH = /* wgsl */ `
fn sd_pcg(x: u32) -> u32 {
  let state = x * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn sd_step_hash(stream: u32, step: u32, k: u32) -> u32 {
  return sd_pcg(sd_pcg(sd_pcg(k) + step) + stream);
}
fn sd_step_noise(stream: u32, step: u32, k: u32) -> f32 {
  let u = f32(sd_step_hash(stream, step, k) >> 8u) * 5.9604644775390625e-8;
  return (u - 0.5) * 3.4641016151377544;
}
fn sd_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}`;

const QUADRATIC = /* wgsl */ `
fn sd_lg_quadratic(h: u32, so: u32, step: u32) -> f32 {
  let d = sd_inst[h + 7u];
  let noise = bitcast<f32>(sd_inst[h + 8u]);
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

const ROSENBROCK = /* wgsl */ `
fn sd_lg_rosenbrock(h: u32, so: u32, step: u32) -> f32 {
  let d = sd_inst[h + 7u];
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

const BEALE = /* wgsl */ `
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

const ACKLEY = /* wgsl */ `
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

const LOGISTIC = /* wgsl */ `
fn sd_lg_logistic(h: u32, so: u32, step: u32) -> f32 {
  let n = sd_inst[h + 7u];
  let d = sd_inst[h + 8u];
  let batch = sd_inst[h + 9u];
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
}`;

/** Tanh hidden layers, softmax cross-entropy output (mlp-core.ts), activations in private scratch. */
const MLP = /* wgsl */ `
var<private> sd_acts: array<f32, ${MLP_SCRATCH}>;
var<private> sd_dl: array<f32, ${MLP_SCRATCH}>;

fn sd_lg_mlp(h: u32, so: u32, step: u32) -> f32 {
  let dim = sd_inst[h + 1u];
  let stream = sd_inst[h + 3u];
  let x = sd_inst[h + 4u];
  let n = sd_inst[h + 7u];
  let batch = sd_inst[h + 8u];
  let layers = sd_inst[h + 9u];
  let inputs = sd_inst[h + 10u];
  let classes = sd_inst[h + 10u + layers];
  let labels = x + n * inputs;
  let g = so + dim;
  // Activation and weight offsets of each layer.
  var act_off: array<u32, ${MAX_LAYERS + 1}>;
  var w_off: array<u32, ${MAX_LAYERS + 1}>;
  act_off[0] = 0u;
  w_off[0] = 0u;
  for (var l = 0u; l < layers; l++) {
    let fan_in = sd_inst[h + 10u + l];
    let fan_out = sd_inst[h + 11u + l];
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
    for (var j = 0u; j < inputs; j++) {
      sd_acts[j] = sd_data[x + i * inputs + j];
    }
    for (var l = 0u; l < layers; l++) {
      let fan_in = sd_inst[h + 10u + l];
      let fan_out = sd_inst[h + 11u + l];
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
      let fan_in = sd_inst[h + 10u + l];
      let fan_out = sd_inst[h + 11u + l];
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
}`;

const SOURCES: Readonly<Record<string, string>> = {
  quadratic: QUADRATIC,
  rosenbrock: ROSENBROCK,
  beale: BEALE,
  ackley: ACKLEY,
  logistic: LOGISTIC,
  mlp: MLP,
};

/** The WGSL function name each family calls (softmax and mlp2 share the MLP code). */
function functionFor(id: string): string {
  return id === 'softmax' || id === 'mlp2' ? 'mlp' : id;
}

/**
 * WGSL for the loss-and-gradient of these families plus the hash helpers, and the body of a
 * `switch` on the family code that sets `loss`.
 */
export function familiesWgsl(familyIds: readonly string[]): { readonly code: string; readonly switchCases: string } {
  const fns = [...new Set(familyIds.map(functionFor))];
  for (const f of fns) if (!SOURCES[f]) throw new Error(`no WGSL code for optimizer family '${f}'`);
  const code = [HASH, ...fns.map((f) => SOURCES[f])].join('\n');
  const switchCases = familyIds.map((id) => `    case ${familyCode(id)}u: { loss = sd_lg_${functionFor(id)}(h, so, step); }`).join('\n');
  return { code, switchCases };
}
