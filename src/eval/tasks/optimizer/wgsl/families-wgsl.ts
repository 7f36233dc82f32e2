/**
 * Assembles the registered families' WGSL (each family file carries its own, `OptFamily.wgsl`)
 * for the training kernel, and writes the instance headers the code reads (layout in common.ts).
 * Nothing here names a family: a new family is one file plus its line in families/index.ts.
 */
import type { OptInstance } from '../family.ts';
import { FAMILIES, getFamily } from '../families/index.ts';
import { lateWindow } from '../trainer.ts';
import { HEADER_FIELDS, HEADER_WORDS, HELPERS_WGSL } from './common.ts';

export { HEADER_WORDS } from './common.ts';

/** A family's code in headers and in the kernel's switch: its index in FAMILIES. */
export function familyCode(id: string): number {
  const i = FAMILIES.findIndex((f) => f.id === id);
  if (i < 0) throw new Error(`no WGSL code for optimizer family '${id}'`);
  return i;
}

/** Held-out chunks the kernel evaluates after the last training step of this instance (0: none). */
export function holdoutChunks(inst: OptInstance): number {
  const family = getFamily(inst.family);
  return family.holdout ? (family.wgsl.holdoutChunks?.(inst) ?? 0) : 0;
}

/** The header words of an instance whose data and initial parameters sit at these offsets of sd_data. */
export function instanceHeader(inst: OptInstance, dataOffset: number, initOffset: number): Uint32Array {
  const h = new Uint32Array(HEADER_WORDS);
  h.set([familyCode(inst.family), inst.dim, inst.steps, inst.stream, dataOffset, initOffset, lateWindow(inst.steps), holdoutChunks(inst)]);
  const fields = getFamily(inst.family).wgsl.fields(inst);
  if (fields.length > HEADER_FIELDS) throw new Error(`WGSL header: family '${inst.family}' has ${fields.length} fields, at most ${HEADER_FIELDS} fit`);
  h.set(fields, HEADER_WORDS - HEADER_FIELDS);
  return h;
}

/**
 * An upper bound on the loop iterations one kernel step runs (loss, gradient, update; or one
 * held-out chunk; a SIMD vector may run two candidates' update loops). Software rasterisers built
 * on Mesa's gallivm (llvmpipe, lavapipe) stop every loop of an invocation once 65535 iterations
 * have run in total (LP_MAX_TGSI_LOOP_ITERATIONS), so the scorer sizes dispatches by this.
 */
export function loopIterationsPerStep(inst: OptInstance): number {
  return getFamily(inst.family).wgsl.loopIterationsPerStep(inst);
}

/** Kernel steps of an instance: its training steps, then its held-out chunks. */
export function kernelSteps(inst: OptInstance): number {
  return inst.steps + holdoutChunks(inst);
}

/**
 * WGSL for these families (each distinct `wgsl.fn` once) plus the shared helpers, and the bodies
 * of the kernel's two `switch`es on the family code: one sets `loss` (a training step), one sets
 * `ho` (a held-out chunk, for families with a holdout).
 */
export function familiesWgsl(familyIds: readonly string[]): { readonly code: string; readonly switchCases: string; readonly holdoutCases: string } {
  const families = familyIds.map(getFamily);
  const sources = new Map<string, string>();
  for (const f of families) {
    const seen = sources.get(f.wgsl.fn);
    if (seen !== undefined && seen !== f.wgsl.code) throw new Error(`WGSL: families share the function name '${f.wgsl.fn}' with different code`);
    sources.set(f.wgsl.fn, f.wgsl.code);
  }
  const code = [HELPERS_WGSL, ...sources.values()].join('\n');
  const switchCases = families.map((f) => `    case ${familyCode(f.id)}u: { loss = sd_lg_${f.wgsl.fn}(h, so, step); }`).join('\n');
  const holdoutCases = families
    .filter((f) => f.holdout)
    .map((f) => `      case ${familyCode(f.id)}u: { ho = sd_ho_${f.wgsl.fn}(h, so, chunk); }`)
    .join('\n');
  return { code, switchCases, holdoutCases };
}
