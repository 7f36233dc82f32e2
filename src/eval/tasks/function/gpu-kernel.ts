/**
 * The WGSL modules that score function-approximation candidates. One dispatch covers candidates
 * (workgroup id y) x points (workgroup id x), and the error reductions happen on the device, so
 * only four numbers per candidate come back. Two kernels share the bindings and the reduction:
 *
 * - compiled: each distinct program structure is a WGSL function (dsl/emit/wgsl.ts), up to a
 *   group of them behind a `switch` on a uniform (one dispatch per structure: a uniform selector
 *   lets llvmpipe branch instead of running every case under a mask);
 * - interpreter: one module for every program, generated from the op table: a candidate is
 *   bytecode (bytecode.ts) run on a small register file, so no compile per candidate.
 *
 * Per point the candidate's output y is compared with the reference held as a float32 pair
 * (hi + lo = reference to ~2^-48): err = |(y - hi) - lo|; y - hi is exact when y is near the
 * reference (Sterbenz), so the error is measured far below an f32 ULP of the reference.
 * Reductions run on u32 bit patterns: a non-negative f32's bits order like its value, so
 * `atomicMax` on bits is a float max, and non-finite outputs are found from the exponent bits
 * (WGSL may treat NaN and Inf as indeterminate in arithmetic, never in bit patterns).
 *
 * Output per candidate (4 x u32): max |err| bits, max relative error bits, max ULP error bits,
 * count of non-finite outputs.
 */
import type { WgslFunction } from '../../../dsl/emit/wgsl.ts';
import { APPLICABLE_OPS } from '../../../dsl/ops/table.ts';

/** u32 slots per candidate in the result buffer. */
export const RESULT_SLOTS = 4;

/** Registers of the interpreter (inputs, literals, statement results). */
export const INTERPRETER_REGISTERS = 128;

export interface FunctionKernelOptions {
  /** Threads per workgroup; at most the device's `maxComputeInvocationsPerWorkgroup`. */
  readonly workgroupSize: number;
}

/** Bindings, reduction state and helpers both kernels share. */
function prelude(title: string, helpers: readonly string[]): string {
  return `// symdisc: function-approximation scoring kernel (${title})
struct SdParams {
  n: u32,
  perThread: u32,
  candOffset: u32,
  fnIndex: u32,
}
@group(0) @binding(0) var<storage, read> sd_data: array<vec4<f32>>;   // x, reference hi, reference lo, unused
@group(0) @binding(1) var<storage, read> sd_consts: array<f32>;
@group(0) @binding(2) var<storage, read> sd_cands: array<vec4<u32>>;  // per-candidate header, then bytecode
@group(0) @binding(3) var<storage, read_write> sd_out: array<atomic<u32>>;
@group(0) @binding(4) var<uniform> sd_params: SdParams;

var<workgroup> wg_abs: atomic<u32>;
var<workgroup> wg_rel: atomic<u32>;
var<workgroup> wg_ulp: atomic<u32>;
var<workgroup> wg_bad: atomic<u32>;

// Thread-local maxima (as u32 bit patterns) and count of non-finite outputs.
var<private> mAbs: u32;
var<private> mRel: u32;
var<private> mUlp: u32;
var<private> bad: u32;

const SD_EXP_MASK: u32 = 0x7f800000u;

${helpers.join('\n\n')}

// err / ulp32(r) for the reference r = hi + lo: ulp32 is the float32 spacing in r's binade (hi
// can round up to a power of two that r is just below: then r's binade is the one under hi's).
// Two ldexp steps stay inside the range where WGSL defines ldexp.
fn sd_ulps(err: f32, hi: f32, lo: f32) -> f32 {
  let bits = bitcast<u32>(hi);
  let below = (bits & 0x7fffffu) == 0u && (lo < 0.0) != (hi < 0.0) && lo != 0.0;
  let e = ((bits >> 23u) & 0xffu) - select(0u, 1u, below && ((bits >> 23u) & 0xffu) > 1u);
  let shift = 150 - i32(max(e, 1u));
  let half = shift / 2;
  return ldexp(ldexp(err, half), shift - half);
}

fn sd_accumulate(y: f32, d: vec4<f32>) {
  if ((bitcast<u32>(y) & SD_EXP_MASK) == SD_EXP_MASK) {
    bad = bad + 1u;
    return;
  }
  let err = abs((y - d.y) - d.z);
  mAbs = max(mAbs, bitcast<u32>(err));
  mRel = max(mRel, select(bitcast<u32>(err / abs(d.y + d.z)), select(0u, SD_EXP_MASK, err > 0.0), d.y == 0.0));
  mUlp = max(mUlp, bitcast<u32>(sd_ulps(err, d.y, d.z)));
}

// The workgroup's maxima into the candidate's result slots: one atomic per workgroup and measure.
fn sd_flush(c: u32, lid: u32) {
  atomicMax(&wg_abs, mAbs);
  atomicMax(&wg_rel, mRel);
  atomicMax(&wg_ulp, mUlp);
  atomicAdd(&wg_bad, bad);
  workgroupBarrier();
  if (lid == 0u) {
    let o = c * ${RESULT_SLOTS}u;
    atomicMax(&sd_out[o], atomicLoad(&wg_abs));
    atomicMax(&sd_out[o + 1u], atomicLoad(&wg_rel));
    atomicMax(&sd_out[o + 2u], atomicLoad(&wg_ulp));
    atomicAdd(&sd_out[o + 3u], atomicLoad(&wg_bad));
  }
}
`;
}

/**
 * The compiled kernel for a group of structures (function i is case i). Candidate c (= workgroup
 * id y + params.candOffset) reads its literal base from `sd_cands[c].y`; the dispatch's structure
 * is `params.fnIndex`.
 */
export function functionKernelSource(functions: readonly WgslFunction[], helpers: readonly string[], options: FunctionKernelOptions): string {
  const wg = options.workgroupSize;
  return `${prelude(`compiled, ${functions.length} structure${functions.length === 1 ? '' : 's'}`, helpers)}
${functions.map((f) => f.code).join('\n\n')}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.y + sd_params.candOffset;
  let base = sd_cands[c].y;
  let start = wid.x * ${wg}u * sd_params.perThread + lid;
  let end = min(start + sd_params.perThread * ${wg}u, sd_params.n);
  switch sd_params.fnIndex {
${functions.map((f, i) => `    case ${i}u: { for (var i = start; i < end; i = i + ${wg}u) { let d = sd_data[i]; sd_accumulate(${f.name}(d.x, base), d); } }`).join('\n')}
    default: {}
  }
  sd_flush(c, lid);
}
`;
}

/** Helpers every op's WGSL emitter may call, each once. */
function allOpHelpers(): string[] {
  const out: string[] = [];
  for (const op of APPLICABLE_OPS) for (const h of op.helpers?.wgsl ?? []) if (!out.includes(h)) out.push(h);
  return out;
}

/**
 * The interpreter kernel: one module for every program. Candidate c's header `sd_cands[c]` is
 * (bytecode offset, instruction count, literal base, literal count | output register << 16); each
 * instruction is (opcode = index in APPLICABLE_OPS, destination, a, b | c << 16), registers being
 * 0 = x, 1.. = literals, then statement results.
 */
export function interpreterKernelSource(options: FunctionKernelOptions): string {
  const wg = options.workgroupSize;
  const operands = ['a', 'b', 'c'];
  const cases = APPLICABLE_OPS.map((op, i) => `    case ${i}u: { return ${op.emit.wgsl(operands.slice(0, op.arity), 'f32')}; } // ${op.name}`);
  return `${prelude('interpreter', allOpHelpers())}
fn sd_exec(op: u32, a: f32, b: f32, c: f32) -> f32 {
  switch op {
${cases.join('\n')}
    default: { return 0.0; }
  }
}

var<private> sd_r: array<f32, ${INTERPRETER_REGISTERS}>;

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.y + sd_params.candOffset;
  let h = sd_cands[c];
  let nConsts = h.w & 0xffffu;
  let outReg = h.w >> 16u;
  for (var k = 0u; k < nConsts; k = k + 1u) { sd_r[1u + k] = sd_consts[h.z + k]; }
  let start = wid.x * ${wg}u * sd_params.perThread + lid;
  let end = min(start + sd_params.perThread * ${wg}u, sd_params.n);
  for (var i = start; i < end; i = i + ${wg}u) {
    let d = sd_data[i];
    sd_r[0] = d.x;
    for (var j = 0u; j < h.y; j = j + 1u) {
      let w = sd_cands[h.x + j];
      sd_r[w.y] = sd_exec(w.x, sd_r[w.z], sd_r[w.w & 0xffffu], sd_r[w.w >> 16u]);
    }
    sd_accumulate(sd_r[outReg], d);
  }
  sd_flush(c, lid);
}
`;
}
