/**
 * The WGSL training kernel: one invocation trains one (candidate, instance, learning rate) from
 * step `stepStart` to `stepEnd` (exclusive), entirely on the device: the family's loss and
 * gradient, then the candidate's update for every parameter, w ← w - update. The state (w, g, m, v)
 * persists in `sd_state` between dispatches, so long trainings run as several short dispatches.
 * Per training the device keeps RESULT_FLOATS floats in `sd_res`: [0] first loss, [1] sum of the
 * late-window losses, [2] last step run, [3] diverged (0/1) — the late average and divergence rule
 * of trainer.ts — and [4] held-out loss, [5] held-out accuracy (0 for families without a holdout).
 * After its last training step an instance with a holdout runs `held-out chunks` (header word 7)
 * more kernel steps, each adding one chunk's share of the mean held-out loss and accuracy, so
 * the evaluation is split across dispatches like the training (wgsl/families-wgsl.ts
 * `kernelSteps`); a diverged training skips it.
 *
 * Bindings: 0 sd_data (f32: instance data and initial parameters), 1 sd_inst (u32 headers,
 * families-wgsl.ts), 2 sd_train (vec4<u32> per training: header index, case, literal base, state
 * offset), 3 sd_lr (f32 per training), 4 sd_consts (candidate literals), 5 sd_state (rw),
 * 6 sd_res (rw), 7 params (uniform: trainings [offset, offset + count) of one family, steps
 * [step_start, step_end)). One family per dispatch keeps each SIMD vector on one family's code.
 */
import type { WgslFunction } from '../../../../dsl/emit/wgsl.ts';
import { familiesWgsl } from './families-wgsl.ts';

/** f32 slots per training in sd_res: first loss, late sum, last step, diverged, held-out loss, held-out accuracy. */
export const RESULT_FLOATS = 6;
/** Bytes of the uniform SdParams. */
export const PARAMS_BYTES = 32;
export const WORKGROUP_SIZE = 64;

/**
 * The module for candidate functions `functions` (case i of the update switch calls function i)
 * and the families `familyIds`. Divergence is checked as in trainer.ts: a non-finite loss or one
 * above 100 × max(first loss, 1e-3), or a non-finite parameter.
 */
export function trainingKernelSource(functions: readonly WgslFunction[], helpers: readonly string[], familyIds: readonly string[], divergenceFactor: number): string {
  const fam = familiesWgsl(familyIds);
  const cases = functions
    .map(
      (f, i) => `    case ${i}u: {
      for (var p = 0u; p < dim; p++) {
        let w = sd_state[so + p];
        let r = ${f.name}(w, sd_state[gs + p], sd_state[ms + p], sd_state[vs + p], lr, t, base);
        let w1 = w - r[0];
        sd_state[so + p] = w1;
        sd_state[ms + p] = r[1];
        sd_state[vs + p] = r[2];
        ok = ok && sd_finite(w1);
      }
    }`,
    )
    .join('\n');
  return `// symdisc: optimizer training kernel (${functions.length} candidate structure${functions.length === 1 ? '' : 's'}; families ${familyIds.join(', ')})
struct SdParams {
  count: u32,
  step_start: u32,
  step_end: u32,
  row: u32,
  offset: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}
@group(0) @binding(0) var<storage, read> sd_data: array<f32>;
@group(0) @binding(1) var<storage, read> sd_inst: array<u32>;
@group(0) @binding(2) var<storage, read> sd_train: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read> sd_lr: array<f32>;
@group(0) @binding(4) var<storage, read> sd_consts: array<f32>;
@group(0) @binding(5) var<storage, read_write> sd_state: array<f32>;
@group(0) @binding(6) var<storage, read_write> sd_res: array<f32>;
@group(0) @binding(7) var<uniform> sd_params: SdParams;

${helpers.join('\n\n')}

${functions.map((f) => f.code).join('\n\n')}
${fam.code}

// Applies case \`which\`'s update to every parameter; false when a parameter became NaN/Inf.
fn sd_update(which: u32, so: u32, dim: u32, lr: f32, t: f32, base: u32) -> bool {
  let gs = so + dim;
  let ms = so + 2u * dim;
  let vs = so + 3u * dim;
  var ok = true;
  switch which {
${cases}
    default: {}
  }
  return ok;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let local = (wid.y * sd_params.row + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (local >= sd_params.count) {
    return;
  }
  let ti = sd_params.offset + local;
  let tr = sd_train[ti];
  let h = tr.x;
  let so = tr.w;
  let lr = sd_lr[ti];
  let family = sd_inst[h];
  let dim = sd_inst[h + 1u];
  let steps = sd_inst[h + 2u];
  let init = sd_inst[h + 5u];
  let window = sd_inst[h + 6u];
  let ro = ti * ${RESULT_FLOATS}u;
  if (sd_params.step_start == 1u) {
    for (var p = 0u; p < dim; p++) {
      sd_state[so + p] = sd_data[init + p];
      sd_state[so + 2u * dim + p] = 0.0;
      sd_state[so + 3u * dim + p] = 0.0;
    }
    sd_res[ro] = 0.0;
    sd_res[ro + 1u] = 0.0;
    sd_res[ro + 2u] = 0.0;
    sd_res[ro + 3u] = 0.0;
    sd_res[ro + 4u] = 0.0;
    sd_res[ro + 5u] = 0.0;
  }
  if (sd_res[ro + 3u] != 0.0) {
    return;
  }
  let end = min(sd_params.step_end, steps + sd_inst[h + 7u] + 1u);
  for (var step = sd_params.step_start; step < end; step++) {
    if (step > steps) {
      let chunk = step - steps - 1u;
      var ho = vec2<f32>(0.0, 0.0);
      switch family {
${fam.holdoutCases}
        default: {}
      }
      sd_res[ro + 4u] += ho.x;
      sd_res[ro + 5u] += ho.y;
      continue;
    }
    var loss = 0.0;
    switch family {
${fam.switchCases}
      default: {}
    }
    if (step == 1u) {
      sd_res[ro] = loss;
    }
    let ceiling = ${divergenceFactor.toFixed(1)} * max(sd_res[ro], 0.001);
    if (!sd_finite(loss) || !(loss <= ceiling)) {
      sd_res[ro + 3u] = 1.0;
      return;
    }
    sd_res[ro + 2u] = f32(step);
    if (step + window > steps) {
      sd_res[ro + 1u] += loss;
    }
    if (!sd_update(tr.y, so, dim, lr, f32(step), tr.z)) {
      sd_res[ro + 3u] = 1.0;
      return;
    }
  }
}
`;
}
