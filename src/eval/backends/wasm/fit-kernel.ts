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
import { wasm } from './wasm-api.ts';

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
