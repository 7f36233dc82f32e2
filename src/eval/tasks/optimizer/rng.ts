/**
 * Randomness for optimizer proxy tasks, of two kinds:
 *
 * - Instance generation (data sets, initial weights, condition numbers) runs once on the CPU, from
 *   seedrandom streams keyed by (family, seed, index), and is then uploaded as plain data.
 * - Per-step randomness during training (minibatch indices, gradient noise) must come out
 *   bit-identical in JavaScript and in WGSL, so it is a counter-based u32 hash (PCG, from Jarzynski
 *   and Olano, "Hash Functions for GPU Rendering", 2020) of (instance stream, step, k): integer
 *   arithmetic that wraps the same way in both languages, converted to floats exactly.
 */
import seedrandom from 'seedrandom';

/** PCG hash of one u32 (`Math.imul` and `>>> 0` wrap exactly like WGSL's u32 arithmetic). */
export function pcgHash(x: number): number {
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The per-step random u32 number `k` of training step `step` of the instance with this stream. */
export function stepHash(stream: number, step: number, k: number): number {
  return pcgHash((pcgHash((pcgHash(k) + step) >>> 0) + stream) >>> 0);
}

/** A uniform float in [0, 1) with 24 random bits: exactly representable in float32. */
export function stepUniform(stream: number, step: number, k: number): number {
  return (stepHash(stream, step, k) >>> 8) * 5.960464477539063e-8; // 2^-24
}

/** float32(sqrt(12)): scales a centred uniform to unit variance. */
export const SQRT12_F32 = Math.fround(Math.sqrt(12));

/**
 * Zero-mean, unit-variance noise (uniform on [-sqrt 3, sqrt 3]), rounded to float32 exactly as a
 * WGSL `(u - 0.5) * sqrt12` computes it (u - 0.5 is exact; one correctly rounded multiply).
 */
export function stepNoise(stream: number, step: number, k: number): number {
  return Math.fround((stepUniform(stream, step, k) - 0.5) * SQRT12_F32);
}

/** Minibatch index `k` of step `step`, drawn uniformly (with replacement) from `n` points. */
export function stepIndex(stream: number, step: number, k: number, n: number): number {
  return stepHash(stream, step, k) % n;
}

/** A seeded generator for building instances: uniform, normal and u32 draws. */
export interface InstanceRng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A u32, e.g. an instance's per-step stream. */
  u32(): number;
}

export function instanceRng(key: string): InstanceRng {
  const prng = seedrandom(key);
  let spare: number | undefined;
  const uniform = (): number => prng();
  return {
    uniform,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = uniform();
      while (u <= 0) u = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      const a = 2 * Math.PI * uniform();
      spare = r * Math.sin(a);
      return r * Math.cos(a);
    },
    u32: () => prng.int32() >>> 0,
  };
}
