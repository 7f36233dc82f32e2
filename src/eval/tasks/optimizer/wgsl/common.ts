/**
 * What every family's WGSL shares: the instance header layout and the helper functions (the
 * per-step PCG hash of rng.ts, a finiteness test, header field access). Family files import this;
 * the kernel includes HELPERS_WGSL once.
 *
 * Instance header, HEADER_WORDS u32 per instance in `sd_inst`:
 *   [0] family code, [1] dim, [2] steps, [3] stream, [4] data offset (in sd_data), [5] init offset,
 *   [6] late-average window, [7] held-out chunks (0: no holdout),
 *   [8 .. 8 + HEADER_FIELDS) the family's own fields (its `wgsl.fields`), read as `sd_field(h, k)`.
 */

export const HEADER_WORDS = 24;
/** Where a family's own fields start in the header. */
export const FIELD_BASE = 8;
export const HEADER_FIELDS = HEADER_WORDS - FIELD_BASE;

/** The bits of a float32 as a u32 (for f32 header fields). */
export function f32Bits(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0];
}

/** Hash helpers identical to rng.ts (u32 arithmetic wraps the same way), and header access. */
export const HELPERS_WGSL = /* wgsl */ `
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
}
fn sd_field(h: u32, k: u32) -> u32 {
  return sd_inst[h + ${FIELD_BASE}u + k];
}`;
