/**
 * The search's only source of randomness: a seeded Alea generator whose whole state is four
 * numbers, so it is saved in a checkpoint as plain JSON and restored bit for bit.
 */
import seedrandom from 'seedrandom';

export type RngState = seedrandom.State.Alea;

export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<RngState>;

  private constructor(prng: seedrandom.StatefulPRNG<RngState>) {
    this.prng = prng;
  }

  static fromSeed(seed: string | number): Rng {
    return new Rng(seedrandom.alea(String(seed), { state: true }));
  }

  static fromState(state: RngState): Rng {
    return new Rng(seedrandom.alea('', { state: { ...state } }));
  }

  /** A snapshot of the state (a copy: later draws do not change it). */
  state(): RngState {
    return { ...this.prng.state() };
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng.double();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int: need n >= 1, got ${n}`);
    return Math.floor(this.prng.double() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks an index with probability proportional to `weights` (all >= 0, sum > 0). */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; one draw per call keeps the state simple). */
  normal(): number {
    const u = 1 - this.next();
    const w = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }

  /** A seed string for a sub-generator (an island), drawn from this one. */
  fork(): Rng {
    return Rng.fromSeed(this.prng.int32().toString(16));
  }
}
