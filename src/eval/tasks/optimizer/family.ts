/**
 * The shape of an optimizer proxy-task family: a seeded distribution of training problems. An
 * instance is plain data (typed arrays and numbers), rebuilt by any worker from
 * (family, seed, index, sizing); a family's `lossAndGrad` is a pure function of the instance, the
 * parameters and the step number (which fixes the minibatch and the gradient noise of that step).
 *
 * A family is one file under families/ carrying its instance builder, its loss and gradient in
 * TypeScript and in WGSL side by side, and (data families) its held-out evaluation in both; it is
 * registered by one line in families/index.ts.
 */

/** `search`: the small proxy instances candidates are scored on; `meta`: larger, longer ones for funnel selection. */
export type Sizing = 'search' | 'meta';

export interface OptInstance {
  readonly family: string;
  readonly seed: number;
  readonly index: number;
  readonly sizing: Sizing;
  /** Number of parameters. */
  readonly dim: number;
  /** Training steps (the update rule's `t` runs 1..steps). */
  readonly steps: number;
  /** u32 stream for per-step randomness (see rng.ts `stepHash`). */
  readonly stream: number;
  /** Initial parameters (float32). */
  readonly init: Float32Array;
  /** Family-specific constant data, flat float32 (matrices, data points, labels); layout in `shape`. */
  readonly data: Float32Array;
  /** Sizes and scalars that describe `data` and the model (e.g. `n`, `d`, `batch`, `noise`). */
  readonly shape: Readonly<Record<string, number>>;
}

/**
 * Loss at parameters `w[wOff .. wOff+dim)` on the minibatch / noise draw of step `step`
 * (1-based); writes the gradient (of the loss, plus any gradient noise) to `g[gOff .. gOff+dim)`.
 * Parameters and data are float32; arithmetic is float64 and the trainer rounds what it stores.
 */
export type LossAndGrad = (inst: OptInstance, w: Float64Array, wOff: number, g: Float64Array, gOff: number, step: number) => number;

/**
 * `lossAndGrad` for `count` trainings of one instance at the same step (trainings of an instance
 * at different learning rates share its minibatches): training j's parameters at
 * w[offsets[j] .. offsets[j]+dim), its gradient written at g[offsets[j] ..], its loss to
 * losses[j]; each equal bit for bit to `lossAndGrad(inst, w, offsets[j], g, offsets[j], step)`.
 */
export type LossAndGradMany = (inst: OptInstance, w: Float64Array, offsets: Int32Array, count: number, g: Float64Array, losses: Float64Array, step: number) => void;

/** What a trained model scores on its instance's held-out split (see `Holdout`). */
export interface HoldoutMeasures {
  /** Mean loss over every held-out point (no minibatch, no noise). */
  readonly loss: number;
  /** Fraction of held-out points classified correctly (classifiers only). */
  readonly accuracy?: number;
}

/**
 * The held-out split of a data family: points drawn from the same distribution as the training
 * data (or the same real data set) that no training step sees. `evaluate` reads parameters
 * `w[wOff .. wOff+dim)` (float32 values; arithmetic in float64) and runs once, after the last step.
 */
export interface Holdout {
  /** True when `evaluate` reports an accuracy. */
  readonly classifier: boolean;
  evaluate(inst: OptInstance, w: Float64Array, wOff: number): HoldoutMeasures;
}

/**
 * A family's device code (WGSL), the twin of its TypeScript `lossAndGrad` and `holdout` (same
 * formulas, data layout and per-step PCG hash; arithmetic f32). The training kernel
 * (wgsl/training-kernel.ts) assembles these from the registered families; see wgsl/families-wgsl.ts
 * for the instance header the code reads.
 */
export interface FamilyWgsl {
  /**
   * Name of the WGSL functions: `code` defines `sd_lg_<fn>(h: u32, so: u32, step: u32) -> f32`
   * (loss of step `step`; parameters at sd_state[so ..], gradient written at sd_state[so + dim ..])
   * and, for a family with a holdout, `sd_ho_<fn>(h: u32, so: u32, chunk: u32) -> vec2<f32>`
   * (held-out chunk `chunk`'s share of the mean loss and of the accuracy). Families that share
   * code share the name, and the code is included once.
   */
  readonly fn: string;
  readonly code: string;
  /** The family-specific header words (at most HEADER_FIELDS; read with `sd_field(h, k)`). */
  fields(inst: OptInstance): readonly number[];
  /**
   * An upper bound on the loop iterations one kernel step runs (loss, gradient, update; or one
   * held-out chunk): Mesa's gallivm stops an invocation's loops after 65535 in total, so the
   * scorer sizes software dispatches by it.
   */
  loopIterationsPerStep(inst: OptInstance): number;
  /** Held-out chunks evaluated after the last training step (0 or absent: no holdout). */
  holdoutChunks?(inst: OptInstance): number;
}

export interface OptFamily {
  /** Short name: `quadratic`, `rosenbrock`, ...; task `opt:<id>`. */
  readonly id: string;
  readonly description: string;
  /** Losses are floored here before taking logs, so runs that converge to ~0 don't dominate. */
  readonly lossFloor: number;
  /** Learning rates (the program's `lr` input) every candidate is tried at, per sizing; see fitness.ts. */
  readonly lrGrid: Readonly<Record<Sizing, readonly number[]>>;
  /** True for families used only in meta-validation, never in search. */
  readonly heldOut: boolean;
  /** Builds instance `index` of the distribution with this seed (deterministic). */
  instance(seed: number, index: number, sizing: Sizing): OptInstance;
  readonly lossAndGrad: LossAndGrad;
  /** Optional fast path of `lossAndGrad` for several trainings of one instance; the trainer uses it when present. */
  readonly lossAndGradMany?: LossAndGradMany;
  /** The held-out split every training is evaluated on after its last step (data families). */
  readonly holdout?: Holdout;
  readonly wgsl: FamilyWgsl;
}

/** Builds an instance record, freezing it. */
export function makeInstance(fields: OptInstance): OptInstance {
  return Object.freeze({ ...fields, shape: Object.freeze({ ...fields.shape }) });
}

/** The seedrandom key of an instance: every draw of instance building comes from it. */
export function instanceKey(family: string, seed: number, index: number, sizing: Sizing): string {
  return `symdisc/opt/${family}/${sizing}/${seed}/${index}`;
}

/** The relative learning-rate grids every family uses around its own centres (see fitness.ts). */
export const LR_GRID_FACTORS: Readonly<Record<Sizing, readonly number[]>> = Object.freeze({
  search: Object.freeze([0.1, 0.3, 1, 3, 10]),
  meta: Object.freeze([0.03, 0.1, 0.3, 1, 3, 10, 30]),
});

/** A family's grids: each sizing's centre times that sizing's LR_GRID_FACTORS. */
export function lrGrids(searchCentre: number, metaCentre: number): Readonly<Record<Sizing, readonly number[]>> {
  const around = (centre: number, factors: readonly number[]): readonly number[] => Object.freeze(factors.map((f) => Number((f * centre).toPrecision(12))));
  return Object.freeze({ search: around(searchCentre, LR_GRID_FACTORS.search), meta: around(metaCentre, LR_GRID_FACTORS.meta) });
}
