/**
 * Hand-written reference implementations of the baseline optimizers, written from their usual
 * formulas (not from the DSL), with the hyperparameters of the seed files in src/dsl/seeds/. Tests
 * hold each seed program to its reference; the trainer can run either, since a reference has the
 * shape of a compiled program: inputs [w, g, m, v, lr, t], outputs [update, m, v], w ← w - update.
 *
 * Every rule multiplies the task's `lr` input by its own base learning rate, as the seeds do.
 */
import type { CompiledProgram } from '../../../dsl/compile.ts';

export type ReferenceName = 'adamw' | 'adam' | 'sgd' | 'sgd_momentum' | 'rmsprop' | 'lion';

/** One parameter's step: returns [update, m, v]. */
type ScalarRule = (w: number, g: number, m: number, v: number, lr: number, t: number) => [number, number, number];

/** a / b with a / 0 = 0, the DSL's protected division (AdamW without epsilon relies on it). */
function protectedDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** EMA in the DSL's interp form: (1 - beta) * x + beta * avg. */
function ema(avg: number, x: number, beta: number): number {
  return (1 - beta) * x + beta * avg;
}

const EPS = 1e-8;

const RULES: Readonly<Record<ReferenceName, ScalarRule>> = {
  /** AdamW as the Lion paper writes it: β = (0.9, 0.999), no ε, no bias correction, decoupled decay 0.01, base lr 1e-3. */
  adamw(w, g, m, v, lr) {
    const m1 = ema(m, g, 0.9);
    const v1 = ema(v, g * g, 0.999);
    const update = (protectedDiv(m1, Math.sqrt(v1)) + 0.01 * w) * (lr * 0.001);
    return [update, m1, v1];
  },
  /** Adam (Kingma & Ba): β = (0.9, 0.999), ε = 1e-8 added to sqrt(v̂), bias-corrected, base lr 1e-3. */
  adam(_w, g, m, v, lr, t) {
    const m1 = ema(m, g, 0.9);
    const v1 = ema(v, g * g, 0.999);
    const mHat = protectedDiv(m1, 1 - 0.9 ** t);
    const vHat = protectedDiv(v1, 1 - 0.999 ** t);
    return [protectedDiv(mHat, Math.sqrt(vHat) + EPS) * (lr * 0.001), m1, v1];
  },
  /** Plain SGD, base lr 1e-2. */
  sgd(_w, g, m, v, lr) {
    return [g * (lr * 0.01), m, v];
  },
  /** Heavy-ball momentum as PyTorch writes it: m ← 0.9 m + g, update = lr m; base lr 1e-2. */
  sgd_momentum(_w, g, m, v, lr) {
    const m1 = 0.9 * m + g;
    return [m1 * (lr * 0.01), m1, v];
  },
  /** RMSProp: v ← 0.99 v + 0.01 g², update = lr g / (sqrt(v) + ε); base lr 1e-3. */
  rmsprop(_w, g, m, v, lr) {
    const v1 = ema(v, g * g, 0.99);
    return [protectedDiv(g, Math.sqrt(v1) + EPS) * (lr * 0.001), m, v1];
  },
  /** Lion: update = sign(β1 m + (1-β1) g) + 0.1 w, m ← β2 m + (1-β2) g; β = (0.9, 0.99), base lr 1e-4. */
  lion(w, g, m, v, lr) {
    const c = ema(m, g, 0.9);
    const update = (Math.sign(c) + 0.1 * w) * (lr * 0.0001);
    return [update, ema(m, g, 0.99), v];
  },
};

export const REFERENCE_NAMES: readonly ReferenceName[] = Object.freeze(Object.keys(RULES) as ReferenceName[]);

/**
 * A reference optimizer in the shape of a compiled program. 'f64' computes in doubles; 'f32'
 * rounds the inputs and the three results to float32 (not every intermediate, so it matches a
 * seed compiled for f32 closely but not bit for bit).
 */
export function referenceOptimizer(name: ReferenceName, precision: 'f32' | 'f64' = 'f64'): CompiledProgram {
  const rule = RULES[name];
  const r = precision === 'f32' ? Math.fround : (x: number): number => x;
  return (inputs, outputs, n) => {
    const [w, g, m, v, lr, t] = inputs;
    const [update, mOut, vOut] = outputs;
    for (let i = 0; i < n; i++) {
      const [u, m1, v1] = rule(r(w[i]), r(g[i]), r(m[i]), r(v[i]), r(lr[i]), t[i]);
      update[i] = r(u);
      mOut[i] = r(m1);
      vOut[i] = r(v1);
    }
  };
}
