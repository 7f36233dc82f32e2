/**
 * Function programs' outputs over one input column, for a batch: programs whose live ops all have
 * SIMD instructions (arithmetic, sqrt, min/max, abs, sign, clip, the exact scalings, ...) run in
 * one wasm module when the column is long enough to repay the compile; the rest, and short
 * columns, run in the function task's column kernels (src/eval/tasks/function/columnar.ts). Both paths are bit-identical to
 * the interpreter, so the choice never changes a score.
 *
 * WASM_MIN_POINTS, measured on the 2-core box under load (64 random arithmetic programs of 5-30
 * ops, f64, one thread, best of 3; wasm = emit + compile + instantiate + one run each):
 *   1024 points: closures 30 ms, wasm 18 ms;  2048: 15 vs 29 ms;  4096: 55 vs 47 ms;
 *   8192: 158 vs 88 ms;  16384: 322 vs 22 ms.
 * Below 4096 points the two are within the noise (the closures' kernels are shared and hot, a
 * module's functions start in V8's baseline tier); from 4096 on wasm wins.
 * Ops without a SIMD instruction (exp, sin, pow, ...) call their f64 semantics per lane from wasm,
 * which measured slower than the closures (9 M vs 14 M node-evaluations/s on the `all` mix).
 */
import { isNativeWasmOp } from '../../../dsl/emit/wasm.ts';
import { liveStatements } from '../../../dsl/liveness.ts';
import type { Precision } from '../../../dsl/ops/table.ts';
import type { Program } from '../../../dsl/program.ts';
import { SIGNATURES } from '../../../dsl/signature.ts';
import { ColumnPool, evaluateColumnar } from '../../tasks/function/columnar.ts';
import { WasmColumns } from './column-kernels.ts';

export const WASM_MIN_POINTS = 4096;

/** Whether `p` runs at vector speed in wasm at this precision: one input column, one output, every live op native. */
export function runsNativelyInWasm(p: Program, precision: Precision): boolean {
  const live = liveStatements(p);
  const signature = SIGNATURES[p.domain];
  return signature.inputs.length === 1 && signature.implicit.length === 0 && p.outputs.length === 1 && p.body.every((s, i) => !live[i] || isNativeWasmOp(s.op, precision));
}

const columnsCache = new WeakMap<Float64Array, Map<Precision, WasmColumns>>();

/** The wasm columns holding `xs` (kept while `xs` lives: task data is cached per task). */
function columnsFor(xs: Float64Array, precision: Precision): WasmColumns {
  let byPrecision = columnsCache.get(xs);
  if (!byPrecision) columnsCache.set(xs, (byPrecision = new Map()));
  let columns = byPrecision.get(precision);
  if (!columns) byPrecision.set(precision, (columns = new WasmColumns(xs, precision)));
  return columns;
}

/**
 * Calls `each(k, ys)` for every program in order, with program k's single output over `xs`
 * (already in the precision's values). `ys` is valid only during the call.
 */
export function forEachFunctionOutput(programs: readonly Program[], xs: Float64Array, precision: Precision, each: (k: number, ys: Float64Array) => void): void {
  const n = xs.length;
  const useWasm = n >= WASM_MIN_POINTS ? programs.map((p) => runsNativelyInWasm(p, precision)) : programs.map(() => false);
  const wasmPrograms = programs.filter((_, k) => useWasm[k]);
  const batch = wasmPrograms.length > 0 ? columnsFor(xs, precision).compile(wasmPrograms) : undefined;
  const pool = new ColumnPool(n);
  const constantOutput = new Float64Array(n);
  let next = 0;
  programs.forEach((p, k) => {
    if (useWasm[k] && batch) {
      each(k, batch.run(next++));
      return;
    }
    pool.reset();
    const [y] = evaluateColumnar(p, [xs], n, precision, pool);
    each(k, typeof y === 'number' ? constantOutput.fill(y) : y);
  });
}
