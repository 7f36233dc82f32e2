/**
 * Runs a batch of function programs as one SIMD128 WebAssembly module (src/dsl/emit/wasm.ts) over
 * one column of inputs: the inputs are written once into a memory the module imports, and each
 * candidate's exported function writes its outputs beside them.
 */
import { emitWasmModule } from '../../../dsl/emit/wasm.ts';
import type { Precision } from '../../../dsl/ops/table.ts';
import type { Program } from '../../../dsl/program.ts';
import { wasm } from './wasm-api.ts';
import type { WasmMemory } from './wasm-api.ts';

/**
 * Default vectors per loop iteration. Measured on the 2-core box under load (128 random arithmetic
 * programs, 2^16 points, warm, one thread): f64 unroll 1 / 2 / 4 at 2.79 / 2.77 / 3.00 G
 * node-evaluations/s, f32 2.15 / 1.14 / 2.74 G — within the load's noise; 2 keeps the module small.
 */
export const DEFAULT_UNROLL = 2;

type CandidateFn = (xPtr: number, yPtr: number, endPtr: number, cPtr: number) => void;

/** One input column in wasm memory, with room for one output column. */
export class WasmColumns {
  readonly n: number;
  readonly precision: Precision;
  private readonly memory: WasmMemory;
  private readonly padded: number;
  private readonly bytesPerElement: number;
  private readonly out: Float64Array;
  readonly stride: number;

  /** `xs` already holds the precision's values (float32 values for 'f32', as the interpreter reads them). */
  constructor(xs: Float64Array, precision: Precision, unroll: number = DEFAULT_UNROLL) {
    this.n = xs.length;
    this.precision = precision;
    this.stride = 16 * unroll;
    this.bytesPerElement = precision === 'f64' ? 8 : 4;
    const perStride = this.stride / this.bytesPerElement;
    this.padded = Math.max(perStride, Math.ceil(this.n / perStride) * perStride);
    const bytes = 2 * this.padded * this.bytesPerElement;
    this.memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const column = precision === 'f64' ? new Float64Array(this.memory.buffer, 0, this.padded) : new Float32Array(this.memory.buffer, 0, this.padded);
    column.set(xs);
    // Padding lanes repeat the last input: a valid point whatever the program.
    if (this.n > 0) column.fill(xs[this.n - 1], this.n);
    this.out = new Float64Array(this.n);
  }

  /** Compiles `programs` into one module bound to this column; `unroll` must match the constructor's. */
  compile(programs: readonly Program[]): WasmBatch {
    const emitted = emitWasmModule(programs, { precision: this.precision, unroll: this.stride / 16 });
    const module = new wasm.Module(emitted.bytes);
    const instance = new wasm.Instance(module, { env: { memory: this.memory }, m: emitted.imports });
    const fns = emitted.exports.map((name) => instance.exports[name] as CandidateFn);
    return new WasmBatch(this, fns);
  }

  /** Runs one candidate; the result is valid until the next run on these columns. */
  run(fn: CandidateFn): Float64Array {
    const yOffset = this.padded * this.bytesPerElement;
    fn(0, yOffset, yOffset, 0);
    const ys = this.precision === 'f64' ? new Float64Array(this.memory.buffer, yOffset, this.n) : new Float32Array(this.memory.buffer, yOffset, this.n);
    if (this.precision === 'f64') return ys as Float64Array;
    this.out.set(ys);
    return this.out;
  }
}

/** A compiled batch: candidate k's outputs over the column by `run(k)`. */
export class WasmBatch {
  constructor(
    private readonly columns: WasmColumns,
    private readonly fns: readonly CandidateFn[],
  ) {}
  get size(): number {
    return this.fns.length;
  }
  run(k: number): Float64Array {
    return this.columns.run(this.fns[k]);
  }
}
