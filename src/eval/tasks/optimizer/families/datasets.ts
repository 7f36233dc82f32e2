/**
 * Synthetic classification data sets for the regression and MLP families, drawn once per instance
 * from its seeded generator (held-out points from a second generator keyed by the same instance).
 * Points are stored row-major, labels as float class indices.
 */
import type { InstanceRng } from '../rng.ts';

export interface Dataset {
  /** n × d, row-major. */
  readonly x: Float64Array;
  /** n class indices (0..classes-1). */
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly classes: number;
}

/** Feature scales 10^U(-0.5, 0.5): mildly ill-conditioned inputs. */
function featureScales(d: number, rng: InstanceRng): Float64Array {
  return Float64Array.from({ length: d }, () => 10 ** rng.between(-0.5, 0.5));
}

/** Draws n points of a fixed distribution (its parameters drawn once) from `rng`. */
export type Sampler = (n: number, rng: InstanceRng) => Dataset;

/**
 * Binary labels from a noisy linear teacher: x ~ N(0, diag(s²)), logit = wᵀx + b with
 * wᵀx ~ N(0, 9), y ~ Bernoulli(sigmoid(logit)), so the best loss is well above 0. The teacher is
 * drawn from `rng` first; the sampler then draws points (training points from the same `rng`,
 * held-out points from another).
 */
export function linearTeacherSampler(d: number, rng: InstanceRng): Sampler {
  const s = featureScales(d, rng);
  const teacher = Float64Array.from({ length: d }, (_, j) => (rng.normal() * 3) / Math.sqrt(d) / s[j]);
  const bias = rng.normal() * 0.5;
  return (n, rng) => teacherPoints(n, d, s, teacher, bias, rng);
}

function teacherPoints(n: number, d: number, s: Float64Array, teacher: Float64Array, bias: number, rng: InstanceRng): Dataset {
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = bias;
    for (let j = 0; j < d; j++) {
      const xij = rng.normal() * s[j];
      x[i * d + j] = xij;
      z += teacher[j] * xij;
    }
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, n, d, classes: 2 };
}

/** Gaussian blobs: class centres ~ N(0, sep² I), points = centre + N(0, I), then feature scales. */
export function gaussianBlobsSampler(d: number, classes: number, sep: number, rng: InstanceRng): Sampler {
  const s = featureScales(d, rng);
  const centres = Float64Array.from({ length: classes * d }, () => rng.normal() * sep);
  return (n, rng) => blobPoints(n, d, classes, s, centres, rng);
}

function blobPoints(n: number, d: number, classes: number, s: Float64Array, centres: Float64Array, rng: InstanceRng): Dataset {
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = (centres[c * d + j] + rng.normal()) * s[j];
  }
  return { x, y, n, d, classes };
}

/** Interleaved 2-D spiral arms, one per class, with Gaussian jitter. */
export function spirals(n: number, classes: number, turns: number, noise: number, rng: InstanceRng): Dataset {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const t = rng.between(0.05, 1);
    const angle = (2 * Math.PI * c) / classes + 2 * Math.PI * turns * t;
    x[2 * i] = t * Math.cos(angle) + rng.normal() * noise;
    x[2 * i + 1] = t * Math.sin(angle) + rng.normal() * noise;
    y[i] = c;
  }
  return { x, y, n, d: 2, classes };
}

/** XOR of four Gaussian blobs at (±1, ±1): label 1 where the signs differ. */
export function xorBlobs(n: number, spread: number, rng: InstanceRng): Dataset {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sx = i % 2 === 0 ? 1 : -1;
    const sy = (i >> 1) % 2 === 0 ? 1 : -1;
    x[2 * i] = sx + rng.normal() * spread;
    x[2 * i + 1] = sy + rng.normal() * spread;
    y[i] = sx === sy ? 0 : 1;
  }
  return { x, y, n, d: 2, classes: 2 };
}

/**
 * data = [x (n×d), y (n)] of the training split, then [x (m×d), y (m)] of the held-out split, as
 * float32: the layout the regression and MLP families read.
 */
export function packSplits(train: Dataset, holdout: Dataset): Float32Array {
  if (train.d !== holdout.d) throw new Error(`packSplits: ${train.d} training features, ${holdout.d} held-out`);
  const out = new Float32Array((train.n + holdout.n) * (train.d + 1));
  out.set(train.x);
  out.set(train.y, train.n * train.d);
  const ho = train.n * (train.d + 1);
  out.set(holdout.x, ho);
  out.set(holdout.y, ho + holdout.n * holdout.d);
  return out;
}

/** Offset of the held-out split in a packSplits layout with n training points of d features. */
export function holdoutOffset(n: number, d: number): number {
  return n * (d + 1);
}
