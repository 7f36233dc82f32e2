/**
 * The weighted normal equations of the fit's Gauss-Newton steps (fit/lm-minimax.ts) on the vector
 * units: A = J^T W J and g = J^T W r for a row-major Jacobian of m rows and n columns, in one pass
 * over the rows with every entry in its own accumulator. Entry (a, b) is summed over the rows in
 * row order as (J_ia w_i) J_ib, g_a as (J_ia w_i) r_i — the same operations in the same order as a
 * row-by-row JS loop, so the same bits; lanes pair entries (a, b) and (a, b + 1) of one row of A,
 * never two rows of J. Rows the caller skips carry weight 0 and residual 0 (their terms are signed
 * zeros, which leave a sum started at +0 unchanged).
 *
 * One module per (m, n), generated on first use and kept for the thread: the row loop is unrolled
 * over the n(n + 1)/2 entries, with addresses as immediates.
 */
import { concatBytes, F64, funcType, HEADER, I32, name, OP, s32, section, SECTION, simd, u32, V128, vec } from '../../../dsl/emit/wasm-encoding.ts';
import { wasm } from './wasm-api.ts';

const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;

/** The most constants a kernel is generated for (a fit with more uses the JS loop). */
export const MAX_KERNEL_CONSTANTS = 64;

export interface NormalEquationsKernel {
  readonly m: number;
  readonly n: number;
  /** Row-major m x n Jacobian, written by the caller (J[i * n + a] = dr_i/dc_a). */
  readonly J: Float64Array;
  /** Row weights and residuals, 0 at rows to skip. */
  readonly weight: Float64Array;
  readonly residual: Float64Array;
  /** Computes A (n x n, row-major, symmetric) and g from J, weight and residual. */
  solve(A: Float64Array, g: Float64Array): void;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** The pairs (a, 2p), (a, 2p + 1) of row a of A's lower triangle: ceil((a + 1) / 2) of them. */
const pairsOfRow = (a: number): number => Math.ceil((a + 1) / 2);

function layout(m: number, n: number): { jBytes: number; wPtr: number; rPtr: number; gPtr: number; aPtr: number; end: number; pairs: number } {
  // One spare f64 after J: the last pair of the last row may read one past the row.
  const jBytes = align16(8 * (m * n + 1));
  const wPtr = jBytes;
  const rPtr = wPtr + align16(8 * m);
  const gPtr = rPtr + align16(8 * m);
  const aPtr = gPtr + align16(8 * n);
  let pairs = 0;
  for (let a = 0; a < n; a++) pairs += pairsOfRow(a);
  return { jBytes, wPtr, rPtr, gPtr, aPtr, end: aPtr + 16 * pairs, pairs };
}

function moduleBytes(m: number, n: number): Uint8Array {
  const { wPtr, rPtr, gPtr, aPtr, pairs } = layout(m, n);
  // Locals: i32 row byte offset into J, i32 row index byte offset into w and r; f64 w_i, r_i,
  // wj_0..wj_{n-1}, g_0..g_{n-1}; v128 accumulators of A's lower triangle, pairs row by row.
  const WJ = 4;
  return build(m, n, pairs, wPtr, rPtr, gPtr, aPtr, 0, 1, 2, 3, WJ, WJ + n, WJ + 2 * n);
}

function build(m: number, n: number, pairs: number, wPtr: number, rPtr: number, gPtr: number, aPtr: number, ROW: number, K: number, W: number, R: number, WJ: number, G: number, ACC: number): Uint8Array {
  const body: number[] = [];
  const emit = (...bytes: number[]): void => {
    for (const b of bytes) body.push(b);
  };
  emit(OP.block, OP.blockTypeEmpty, OP.loop, OP.blockTypeEmpty);
  emit(OP.localGet, K, F64_LOAD, 3, ...u32(wPtr), OP.localSet, W);
  emit(OP.localGet, K, F64_LOAD, 3, ...u32(rPtr), OP.localSet, R);
  for (let a = 0; a < n; a++) {
    // wj_a = J_ia * w_i
    emit(OP.localGet, ROW, F64_LOAD, 3, ...u32(8 * a), OP.localGet, W, F64_MUL, OP.localSet, WJ + a);
    // g_a = g_a + wj_a * r_i
    emit(OP.localGet, G + a, OP.localGet, WJ + a, OP.localGet, R, F64_MUL, F64_ADD, OP.localSet, G + a);
  }
  let acc = ACC;
  for (let a = 0; a < n; a++) {
    for (let p = 0; p < pairsOfRow(a); p++, acc++) {
      // acc = acc + splat(wj_a) * (J_i,2p, J_i,2p+1)
      emit(OP.localGet, acc, OP.localGet, WJ + a, ...simd('f64x2.splat'), OP.localGet, ROW, ...simd('v128.load'), 3, ...u32(16 * p), ...simd('f64x2.mul'), ...simd('f64x2.add'), OP.localSet, acc);
    }
  }
  emit(OP.localGet, ROW, OP.i32Const, ...s32(8 * n), OP.i32Add, OP.localSet, ROW);
  emit(OP.localGet, K, OP.i32Const, ...s32(8), OP.i32Add, OP.localTee, K, OP.i32Const, ...s32(8 * m), OP.i32LtU, OP.brIf, 0);
  emit(OP.end, OP.end);
  for (let a = 0; a < n; a++) emit(OP.i32Const, ...s32(0), OP.localGet, G + a, F64_STORE, 3, ...u32(gPtr + 8 * a));
  for (let k = 0; k < pairs; k++) emit(OP.i32Const, ...s32(0), OP.localGet, ACC + k, ...simd('v128.store'), 4, ...u32(aPtr + 16 * k));
  emit(OP.end);
  const locals = vec([
    [...u32(2), I32],
    [...u32(2 + 2 * n), F64],
    [...u32(pairs), V128],
  ]);
  const code = [...locals, ...body];
  return concatBytes([
    HEADER,
    section(SECTION.type, vec([funcType([], [])])),
    section(SECTION.import, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]])),
    section(SECTION.function, vec([u32(0)])),
    section(SECTION.export, vec([[...name('normal'), 0x00, ...u32(0)]])),
    section(SECTION.code, vec([[...u32(code.length), ...code]])),
  ]);
}

const kernels = new Map<string, NormalEquationsKernel>();

/** The thread's kernel for m rows and n columns (n from 1 to MAX_KERNEL_CONSTANTS, m >= 1). */
export function normalEquationsKernel(m: number, n: number): NormalEquationsKernel {
  if (!(n >= 1 && n <= MAX_KERNEL_CONSTANTS && m >= 1)) throw new Error(`normalEquationsKernel: need 1 <= n <= ${MAX_KERNEL_CONSTANTS} and m >= 1, got m = ${m}, n = ${n}`);
  const key = `${m}x${n}`;
  const cached = kernels.get(key);
  if (cached) return cached;
  const { wPtr, rPtr, gPtr, aPtr, end, pairs } = layout(m, n);
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(end / 65536)) });
  const instance = new wasm.Instance(new wasm.Module(moduleBytes(m, n)), { env: { memory } });
  const normal = instance.exports.normal as () => void;
  const gOut = new Float64Array(memory.buffer, gPtr, n);
  const aOut = new Float64Array(memory.buffer, aPtr, 2 * pairs);
  const kernel: NormalEquationsKernel = {
    m,
    n,
    J: new Float64Array(memory.buffer, 0, m * n),
    weight: new Float64Array(memory.buffer, wPtr, m),
    residual: new Float64Array(memory.buffer, rPtr, m),
    solve(A: Float64Array, g: Float64Array): void {
      normal();
      g.set(gOut);
      let k = 0;
      for (let a = 0; a < n; a++) {
        const lanes = 2 * pairsOfRow(a);
        for (let b = 0; b < lanes; b++, k++) {
          if (b > a) continue; // the pair's spare lane past the diagonal
          A[a * n + b] = aOut[k];
          A[b * n + a] = aOut[k];
        }
      }
    },
  };
  kernels.set(key, kernel);
  return kernel;
}
