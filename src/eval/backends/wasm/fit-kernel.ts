/**
 * Constant fitting on the vector units: a function program compiled once into a wasm module whose
 * fitted literals are read from memory, so each of the fitter's residual evaluations is one call
 * with a new constant vector — the same contract as compileWithConstants (src/dsl/compile.ts),
 * and bit-identical to it (both equal the f64 interpreter), so a fit takes the same steps either way.
 *
 * Used only where it is faster: every live op SIMD-native (function-outputs.ts) and at least
 * FIT_MIN_POINTS points (the fit evaluates ~100 times per compile, so compile is amortized early).
 */
import type { CompiledWithConstants, ParametricProgram } from '../../../dsl/compile.ts';
import { emitWasmModule } from '../../../dsl/emit/wasm.ts';
import { fittedSlots } from '../../../dsl/compile.ts';
import type { Program } from '../../../dsl/program.ts';
import { runsNativelyInWasm } from './function-outputs.ts';
import { residualKernel } from './residual-kernel.ts';
import type { ResidualFn } from './residual-kernel.ts';
import { wasm } from './wasm-api.ts';
import type { WasmMemory } from './wasm-api.ts';

/**
 * Measured on the 2-core box under load (64 random arithmetic programs of 3-12 ops, compile + 100
 * evaluations each, CPU time): 256 points: closures 378-481 ms, wasm 53-88 ms; 1024 points:
 * closures 430-521 ms, wasm 68-119 ms. Smaller columns were not measured: keep the closures there.
 */
export const FIT_MIN_POINTS = 256;

type FitFn = (xPtr: number, yPtr: number, endPtr: number, cPtr: number) => void;

/**
 * compileWithConstants(p, 'f64', fitted) on wasm for columns of `n` points, or undefined where the
 * closures are the faster path.
 */
export function compileWithConstantsWasm(p: Program, n: number, fitted: (value: number) => boolean): ParametricProgram | undefined {
  if (n < FIT_MIN_POINTS || !runsNativelyInWasm(p, 'f64')) return undefined;
  const { values, positions, slot } = fittedSlots(p, fitted);
  const emitted = emitWasmModule([p], { precision: 'f64', constantSlot: (k) => slot.get(k) });
  const perStride = emitted.stride / 8;
  const padded = Math.max(perStride, Math.ceil(n / perStride) * perStride);
  const cBytes = Math.ceil((8 * positions.length) / 16) * 16;
  const xPtr = cBytes;
  const yPtr = xPtr + 8 * padded;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil((yPtr + 8 * padded) / 65536)) });
  const instance = new wasm.Instance(new wasm.Module(emitted.bytes), { env: { memory }, m: emitted.imports });
  const fn = instance.exports[emitted.exports[0]] as FitFn;
  const c = new Float64Array(memory.buffer, 0, positions.length);
  const x = new Float64Array(memory.buffer, xPtr, padded);
  const y = new Float64Array(memory.buffer, yPtr, n);
  let bound: Float64Array | undefined;
  const run: CompiledWithConstants = (inputs, outputs, count, constants) => {
    if (count !== n) throw new Error(`compileWithConstantsWasm: compiled for ${n} points, run on ${count}`);
    if (inputs[0] !== bound) {
      bound = inputs[0];
      x.set(bound.subarray(0, n));
      x.fill(bound[n - 1], n);
    }
    c.set(constants);
    fn(xPtr, yPtr, yPtr, 0);
    outputs[0].set(y);
  };
  return { run, positions, initial: Float64Array.from(positions, (k) => values[k]) };
}

/** The reference columns a fit compares against: r_i = ((y_i - hi_i) - lo_i) * scale_i. */
export interface ResidualColumns {
  readonly xs: Float64Array;
  readonly hi: Float64Array;
  readonly lo: Float64Array;
  readonly scale: Float64Array;
}

/** What the fitters call: residuals into `out`, returning max |r_i| (NaN when one is NaN). */
export interface WasmResiduals {
  readonly residuals: (constants: Float64Array, out: Float64Array) => number;
  readonly positions: readonly number[];
  readonly initial: Float64Array;
}

/**
 * One memory per reference column set, shared by every program fitted on it in this thread:
 * constants | x | y | hi | lo | scale | r, each column padded to whole loop iterations (pad
 * lanes: x repeats the last input, hi/lo/scale are 0, so a pad residual is 0 or NaN exactly when
 * the last point's is NaN, and never changes the max). A fit's calls run synchronously, so
 * programs sharing it never interleave within a call.
 */
class FitArena {
  static readonly MAX_CONSTANTS = 256;
  readonly memory: WasmMemory;
  readonly residual: ResidualFn;
  readonly n: number;
  readonly columnBytes: number;
  readonly xPtr = 8 * FitArena.MAX_CONSTANTS;
  readonly constants: Float64Array;
  readonly r: Float64Array;
  constructor(columns: ResidualColumns, stride: number) {
    const n = columns.xs.length;
    this.n = n;
    // Whole loop iterations of the program (stride) and of the residual kernel (32 bytes).
    const perStride = Math.max(stride, 32) / 8;
    const padded = Math.max(perStride, Math.ceil(n / perStride) * perStride);
    this.columnBytes = 8 * padded;
    this.memory = new wasm.Memory({ initial: Math.max(1, Math.ceil((this.xPtr + 6 * this.columnBytes) / 65536)) });
    const column = (k: number): Float64Array => new Float64Array(this.memory.buffer, this.xPtr + k * this.columnBytes, padded);
    const x = column(0);
    x.set(columns.xs);
    x.fill(columns.xs[n - 1], n);
    column(2).set(columns.hi);
    column(3).set(columns.lo);
    column(4).set(columns.scale);
    this.constants = new Float64Array(this.memory.buffer, 0, FitArena.MAX_CONSTANTS);
    this.r = new Float64Array(this.memory.buffer, this.xPtr + 5 * this.columnBytes, n);
    this.residual = residualKernel(this.memory);
  }
  ptr(k: number): number {
    return this.xPtr + k * this.columnBytes;
  }
}

const arenas = new WeakMap<Float64Array, FitArena>();

/**
 * The residuals of each program over `columns` as a function of its fitted literals, on wasm: the
 * programs that run natively (and are long enough to repay it: see compileWithConstantsWasm) are
 * compiled into one module, each function reading its own constants from the arena, and a call
 * runs the program's function and the residual kernel (residual-kernel.ts) back to back over the
 * shared arena: two wasm calls and one copy. The same bits as compileWithConstants followed by
 * program-objective.ts's JS residual loop and maxAbs. Undefined for the other programs.
 */
export function wasmResidualsBatch(programs: readonly Program[], columns: ResidualColumns, fitted: (value: number) => boolean): (WasmResiduals | undefined)[] {
  const n = columns.xs.length;
  const chosen: { k: number; p: Program; values: number[]; positions: number[]; slot: Map<number, number> }[] = [];
  programs.forEach((p, k) => {
    if (n < FIT_MIN_POINTS || !runsNativelyInWasm(p, 'f64')) return;
    const slots = fittedSlots(p, fitted);
    if (slots.positions.length <= FitArena.MAX_CONSTANTS) chosen.push({ k, p, ...slots });
  });
  const out: (WasmResiduals | undefined)[] = programs.map(() => undefined);
  if (chosen.length === 0) return out;
  const emitted = emitWasmModule(
    chosen.map((c) => c.p),
    { precision: 'f64', constantSlots: chosen.map((c) => (k: number) => c.slot.get(k)) },
  );
  // Keyed by the scale column: one per (point set, error measure).
  let arena = arenas.get(columns.scale);
  if (!arena || arena.n !== n || arena.columnBytes % emitted.stride !== 0) arenas.set(columns.scale, (arena = new FitArena(columns, emitted.stride)));
  const a = arena;
  const instance = new wasm.Instance(new wasm.Module(emitted.bytes), { env: { memory: a.memory }, m: emitted.imports });
  const [xPtr, yPtr, hiPtr, loPtr, sPtr, rPtr] = [0, 1, 2, 3, 4, 5].map((k) => a.ptr(k));
  const bytes = a.columnBytes;
  chosen.forEach((c, j) => {
    const fn = instance.exports[emitted.exports[j]] as FitFn;
    const residuals = (constants: Float64Array, target: Float64Array): number => {
      a.constants.set(constants);
      fn(xPtr, yPtr, xPtr + bytes, 0);
      const max = a.residual(yPtr, hiPtr, loPtr, sPtr, rPtr, bytes);
      target.set(a.r);
      return max;
    };
    out[c.k] = { residuals, positions: c.positions, initial: Float64Array.from(c.positions, (k) => c.values[k]) };
  });
  return out;
}

/** wasmResidualsBatch for one program. */
export function wasmResiduals(p: Program, columns: ResidualColumns, fitted: (value: number) => boolean): WasmResiduals | undefined {
  return wasmResidualsBatch([p], columns, fitted)[0];
}
