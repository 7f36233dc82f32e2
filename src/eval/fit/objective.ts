/**
 * What the constant fitters see: a residual vector as a function of the constants. The caller
 * builds it (e.g. from a compiled program and a reference table: r_i = (y_i - f_i) / s_i with
 * s_i = 1 for absolute or |f_i| for relative error), so fitting knows nothing about programs.
 * The fitters minimise the maximum |r_i|; a non-finite residual makes that Infinity.
 */
export interface FitObjective {
  /** Writes the nPoints residuals at `constants` into `out`. */
  residuals(constants: Float64Array, out: Float64Array): void;
  /**
   * Optional: the same residuals, returning max |r_i| computed on the way (NaN or Infinity when a
   * residual is not finite), so that the fitters skip a second pass over `out`.
   */
  residualsMax?(constants: Float64Array, out: Float64Array): number;
  readonly nPoints: number;
}

/** `polish`: the front's big effort (fit-constants.ts): multi-start lm-minimax, then CMA-ES with population 128. */
export type FitMethod = 'cmaes' | 'lm-minimax' | 'polish';

export interface FitOptions {
  readonly method: FitMethod;
  /** The most residual evaluations to spend (a finite-difference Jacobian costs one per constant). */
  readonly budget: number;
  readonly seed: number;
  /** CMA-ES initial step, relative to each constant's magnitude (default 0.3). */
  readonly sigma0?: number;
  /** lm-minimax: split the budget over this many runs from perturbed starts (default 1: one run, restarts only after it converges). */
  readonly runs?: number;
  /** Stop early once the max error is at or below this (default 0). */
  readonly targetError?: number;
}

export interface FitResult {
  readonly constants: Float64Array;
  /** max_i |r_i| at `constants`. */
  readonly maxError: number;
  /** Residual evaluations spent. */
  readonly evaluations: number;
}

/** max_i |r_i|, Infinity if any residual is NaN or infinite. */
export function maxAbs(r: Float64Array): number {
  let m = 0;
  for (let i = 0; i < r.length; i++) {
    const a = Math.abs(r[i]);
    if (!(a <= m)) {
      if (!(a < Infinity)) return Infinity; // NaN or Infinity
      m = a;
    }
  }
  return m;
}

/**
 * An objective wrapped with an evaluation counter and a best-so-far record, shared by the
 * fitters: every call counts, and the best point seen is never lost.
 */
export class CountingObjective {
  evaluations = 0;
  bestError = Infinity;
  bestConstants: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly objective: FitObjective,
    initial: Float64Array,
  ) {
    this.bestConstants = Float64Array.from(initial);
    this.scratch = new Float64Array(objective.nPoints);
  }

  /** Residuals at c into out (counted); returns max |r|. */
  residuals(c: Float64Array, out: Float64Array): number {
    this.evaluations++;
    let m: number;
    if (this.objective.residualsMax) {
      m = this.objective.residualsMax(c, out);
      if (!(m < Infinity)) m = Infinity;
    } else {
      this.objective.residuals(c, out);
      m = maxAbs(out);
    }
    if (m < this.bestError) {
      this.bestError = m;
      this.bestConstants = Float64Array.from(c);
    }
    return m;
  }

  /** max |r| at c (counted). */
  maxError(c: Float64Array): number {
    return this.residuals(c, this.scratch);
  }

  result(): FitResult {
    return { constants: Float64Array.from(this.bestConstants), maxError: this.bestError, evaluations: this.evaluations };
  }
}
