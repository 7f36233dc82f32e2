/**
 * The CPU trainer: runs an update rule (a compiled optimizer program) on proxy-task instances.
 *
 * Every step t = 1..steps of every training: loss and gradient at the current parameters (the
 * family's `lossAndGrad` for step t), then the rule over all parameters at once,
 *   (update, m, v) = rule(w, g, m, v, lr, t),   w ← w - update,
 * with m and v starting at 0. Many trainings (instances × learning rates) run side by side in one
 * set of arrays, so the compiled rule runs once per step over all of them.
 *
 * Float32 semantics, to match the GPU: parameters, gradients and the m, v state are stored as
 * float32 values (the rule compiled with 'f32' rounds after every op, and `w - update` is rounded);
 * a family's loss and gradient are computed in float64 from those float32 values and rounded when
 * stored.
 *
 * Reported loss: the loss of step t is the training loss computed for that step's gradient (the
 * step's minibatch), before the update. `finalLoss` is the late average: the mean loss over the last
 * 10% of steps (at least one), which smooths minibatch noise and oscillation.
 *
 * Divergence: a training stops and is marked diverged as soon as a loss is NaN/±Inf or above
 * DIVERGENCE_FACTOR × its first loss, or a parameter becomes NaN/±Inf (float32 overflow).
 *
 * Held-out evaluation: after the last step, a training on a family with a holdout (the data
 * families) is evaluated at its final parameters on the instance's held-out split (family.ts
 * `Holdout`): the mean loss over every held-out point and, for classifiers, the accuracy.
 */
import { compileProgramUniform } from '../../../dsl/compile.ts';
import type { CompiledProgram } from '../../../dsl/compile.ts';
import type { Precision } from '../../../dsl/ops/table.ts';
import type { Program } from '../../../dsl/program.ts';
import { allInputs } from '../../../dsl/signature.ts';
import type { LossAndGradMany, OptFamily, OptInstance } from './family.ts';
import { getFamily } from './families/index.ts';

/** A loss above this multiple of the first step's loss counts as divergence. */
export const DIVERGENCE_FACTOR = 100;
/** Fraction of the final steps whose losses `finalLoss` averages. */
export const LATE_FRACTION = 0.1;
const F32_MAX = 3.4028234663852886e38;

export interface Training {
  readonly instance: OptInstance;
  /** The program's `lr` input. */
  readonly lr: number;
}

/**
 * What one training reports, on either backend (the CPU trainer here, the WGSL kernel through
 * gpu-scorer.ts): the record fitness reads.
 *
 * - `initialLoss`: the training loss of step 1, before any update (the same for every rule; sets
 *   the divergence ceiling DIVERGENCE_FACTOR × max(initialLoss, 1e-3)).
 * - `finalLoss`: the mean training (minibatch) loss over the last 10% of steps; NaN when diverged.
 * - `diverged`: a NaN/Inf loss or parameter, or a loss above the ceiling, stopped the training.
 * - `stepsRun`: steps whose loss was within the ceiling (the instance's steps unless diverged).
 * - `heldOutLoss`: present only for families with a holdout (logistic, softmax, mlp, mlp2 and the
 *   real-data families): the mean loss over the whole held-out split at the final parameters;
 *   NaN when diverged. It can be non-finite on its own when a finished training overfits wildly.
 * - `heldOutAccuracy`: present only for classifier holdouts: the fraction of held-out points
 *   whose argmax (logistic: logit > 0) is the label, in [0, 1]; NaN when diverged.
 */
export interface TrainingSummary {
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly diverged: boolean;
  readonly stepsRun: number;
  readonly heldOutLoss?: number;
  readonly heldOutAccuracy?: number;
}

/** A CPU training's summary plus its loss curve and final parameters. */
export interface TrainingResult extends TrainingSummary {
  /** Loss every `curveEvery` steps (steps 1, 1 + curveEvery, …). */
  readonly curve: Float64Array;
  readonly curveEvery: number;
  /** Parameters after the last update (or when training stopped). */
  readonly params: Float64Array;
}

export interface TrainOptions {
  /** Points in each loss curve (default 50). */
  readonly curvePoints?: number;
  /**
   * 'f32' (default): parameters, gradients and losses are rounded to float32 when stored (pass a
   * rule compiled for 'f32'). 'f64': nothing is rounded (for checking rules against references).
   */
  readonly precision?: 'f32' | 'f64';
  /**
   * True: every training calls its family's `lossAndGrad` on its own, as before the fast paths
   * (`lossAndGradMany`) existed; the results are the same bit for bit (tests and benchmarks
   * compare the two).
   */
  readonly reference?: boolean;
}

/** Position of `t` among the rule's inputs: the trainer fills it with one value, the step. */
const T_INPUT = allInputs('optimizer').indexOf('t');

/**
 * Compiles an update rule for trainBatch: as compileProgram, with `t` declared uniform (every
 * element of a step has the same t), so terms of t alone (bias corrections) are computed once per
 * step. Equal to compileProgram's closure bit for bit on the trainer's inputs.
 */
export function compileRule(p: Program, precision: Precision = 'f32'): CompiledProgram {
  return compileProgramUniform(p, precision, [T_INPUT]);
}

/** The late-average window of a training of `steps` steps. */
export function lateWindow(steps: number): number {
  return Math.max(1, Math.ceil(steps * LATE_FRACTION));
}

/** The loss above which a training whose first loss was `initialLoss` counts as diverged. */
export function divergenceCeiling(initialLoss: number): number {
  return DIVERGENCE_FACTOR * Math.max(initialLoss, 1e-3);
}

/** Trains every (instance, lr) pair with `rule`; results in the same order. */
export function trainBatch(rule: CompiledProgram, trainings: readonly Training[], options: TrainOptions = {}): TrainingResult[] {
  const count = trainings.length;
  const offsets = new Int32Array(count + 1);
  trainings.forEach((tr, j) => (offsets[j + 1] = offsets[j] + tr.instance.dim));
  const total = offsets[count];
  const w = new Float64Array(total);
  const g = new Float64Array(total);
  const m = new Float64Array(total);
  const v = new Float64Array(total);
  const lr = new Float64Array(total);
  const t = new Float64Array(total);
  const update = new Float64Array(total);
  const mOut = new Float64Array(total);
  const vOut = new Float64Array(total);
  const inputs: Float64Array[] = [w, g, m, v, lr, t];
  const f32 = (options.precision ?? 'f32') === 'f32';
  const outputs: Float64Array[] = [update, mOut, vOut];

  const families = trainings.map((tr) => getFamily(tr.instance.family));
  const active = new Uint8Array(count).fill(1);
  const diverged = new Uint8Array(count);
  const stepsRun = new Int32Array(count);
  const initial = new Float64Array(count);
  const ceiling = new Float64Array(count);
  const lateSum = new Float64Array(count);
  const curvePoints = options.curvePoints ?? 50;
  const curveEvery = trainings.map((tr) => Math.max(1, Math.ceil(tr.instance.steps / curvePoints)));
  const curves = trainings.map((tr, j) => new Float64Array(Math.ceil(tr.instance.steps / curveEvery[j])));
  let maxSteps = 0;
  trainings.forEach((tr, j) => {
    w.set(tr.instance.init, offsets[j]);
    lr.fill(f32 ? Math.fround(tr.lr) : tr.lr, offsets[j], offsets[j + 1]);
    maxSteps = Math.max(maxSteps, tr.instance.steps);
  });

  // Trainings of one instance whose family has a fast path get their losses and gradients in one call.
  const groups = options.reference ? [] : instanceGroups(trainings, families);
  const grouped = new Uint8Array(count);
  for (const grp of groups) for (const j of grp.members) grouped[j] = 1;
  const groupOffsets = new Int32Array(count);
  const groupLosses = new Float64Array(count);
  const rawLoss = new Float64Array(count);
  // m and v are read from one pair of arrays and written to the other, which then swap roles:
  // a stopped training's m and v are never read again, so nothing needs copying.
  let mIn = m;
  let vIn = v;
  let mOutNow = mOut;
  let vOutNow = vOut;

  for (let step = 1; step <= maxSteps; step++) {
    for (let j = 0; j < count; j++) if (active[j] && step > trainings[j].instance.steps) active[j] = 0;
    for (const grp of groups) {
      let k = 0;
      for (const j of grp.members) if (active[j]) groupOffsets[k++] = offsets[j];
      if (k === 0) continue;
      grp.many(grp.instance, w, groupOffsets, k, g, groupLosses, step);
      k = 0;
      for (const j of grp.members) if (active[j]) rawLoss[j] = groupLosses[k++];
    }
    let anyActive = false;
    for (let j = 0; j < count; j++) {
      if (!active[j]) continue;
      const inst = trainings[j].instance;
      const off = offsets[j];
      const raw = grouped[j] ? rawLoss[j] : families[j].lossAndGrad(inst, w, off, g, off, step);
      const loss = f32 ? Math.fround(raw) : raw;
      if (step === 1) {
        initial[j] = loss;
        ceiling[j] = divergenceCeiling(loss);
      }
      if (!(loss <= ceiling[j])) {
        // NaN fails every comparison, so NaN and +Inf land here too.
        active[j] = 0;
        diverged[j] = 1;
        continue;
      }
      stepsRun[j] = step;
      if ((step - 1) % curveEvery[j] === 0) curves[j][(step - 1) / curveEvery[j]] = loss;
      if (step > inst.steps - lateWindow(inst.steps)) lateSum[j] += loss;
      anyActive = true;
    }
    if (!anyActive) break;
    t.fill(step);
    inputs[2] = mIn;
    inputs[3] = vIn;
    outputs[1] = mOutNow;
    outputs[2] = vOutNow;
    rule(inputs, outputs, total);
    [mIn, mOutNow] = [mOutNow, mIn];
    [vIn, vOutNow] = [vOutNow, vIn];
    for (let j = 0; j < count; j++) {
      if (!active[j]) continue;
      let bad = false;
      if (f32) {
        for (let i = offsets[j], end = offsets[j + 1]; i < end; i++) {
          const wi = Math.fround(w[i] - update[i]);
          w[i] = wi;
          if (!(Math.abs(wi) <= F32_MAX)) bad = true;
        }
      } else {
        for (let i = offsets[j], end = offsets[j + 1]; i < end; i++) {
          const wi = w[i] - update[i];
          w[i] = wi;
          if (!(Math.abs(wi) <= F32_MAX)) bad = true;
        }
      }
      if (bad) {
        diverged[j] = 1;
        active[j] = 0;
      }
    }
  }

  return trainings.map((tr, j) => ({
    finalLoss: diverged[j] ? NaN : lateSum[j] / lateWindow(tr.instance.steps),
    initialLoss: initial[j],
    diverged: diverged[j] === 1,
    stepsRun: stepsRun[j],
    ...heldOutFields(families[j], tr.instance, w, offsets[j], diverged[j] === 1),
    curve: diverged[j] ? curves[j].subarray(0, Math.ceil(stepsRun[j] / curveEvery[j])) : curves[j],
    curveEvery: curveEvery[j],
    params: w.slice(offsets[j], offsets[j + 1]),
  }));
}

interface InstanceGroup {
  readonly instance: OptInstance;
  readonly many: LossAndGradMany;
  /** Indices of the trainings on this instance, ascending. */
  readonly members: readonly number[];
}

/** Trainings grouped by instance (same object), for families with a `lossAndGradMany`. */
function instanceGroups(trainings: readonly Training[], families: readonly OptFamily[]): InstanceGroup[] {
  const byInstance = new Map<OptInstance, { instance: OptInstance; many: LossAndGradMany; members: number[] }>();
  trainings.forEach((tr, j) => {
    const many = families[j].lossAndGradMany;
    if (!many) return;
    let grp = byInstance.get(tr.instance);
    if (!grp) {
      grp = { instance: tr.instance, many, members: [] };
      byInstance.set(tr.instance, grp);
    }
    grp.members.push(j);
  });
  return [...byInstance.values()];
}

/** The held-out fields of a training's summary (none for a family without a holdout). */
function heldOutFields(family: OptFamily, inst: OptInstance, w: Float64Array, wOff: number, diverged: boolean): Pick<TrainingSummary, 'heldOutLoss' | 'heldOutAccuracy'> {
  const holdout = family.holdout;
  if (!holdout) return {};
  if (diverged) return holdout.classifier ? { heldOutLoss: NaN, heldOutAccuracy: NaN } : { heldOutLoss: NaN };
  const m = holdout.evaluate(inst, w, wOff);
  return holdout.classifier ? { heldOutLoss: m.loss, heldOutAccuracy: m.accuracy ?? NaN } : { heldOutLoss: m.loss };
}
