/**
 * The batch evaluator the cpu function scorer uses: which programs go to wasm (every live op
 * SIMD-native, column long enough), and that either path gives the interpreter's outputs bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { isNativeWasmOp } from '../../../../src/dsl/emit/wasm.ts';
import { interpretBatch } from '../../../../src/dsl/interpret.ts';
import { APPLICABLE_OPS } from '../../../../src/dsl/ops/table.ts';
import type { Precision } from '../../../../src/dsl/ops/table.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { forEachFunctionOutput, runsNativelyInWasm, WASM_MIN_POINTS } from '../../../../src/eval/backends/wasm/function-outputs.ts';

const ARITH = parseProgram('def f(x):\n  a = fma(x, x, -0.5)\n  b = a / x\n  c = sqrt(b)\n  y = interp(c, x, 0.25)\n  return y\n', 'arith.sym');
const TRANSCENDENTAL = parseProgram('def f(x):\n  a = exp(x)\n  y = a * x\n  return y\n', 'exp.sym');
const DEAD_EXP = parseProgram('def f(x):\n  a = exp(x)\n  y = x * 3\n  return y\n', 'dead.sym');
const CONSTANT = parseProgram('def f(x):\n  y = 1 + 2\n  return y\n', 'const.sym');

describe('forEachFunctionOutput', () => {
  it('knows which ops have SIMD instructions', () => {
    const native = APPLICABLE_OPS.filter((op) => isNativeWasmOp(op.name, 'f64')).map((op) => op.name);
    expect(native).toEqual(['add', 'sub', 'mul', 'div', 'max', 'min', 'fma', 'negative', 'reciprocal', 'square', 'cube', 'mul2', 'div2', 'mul4', 'div4', 'sqrt', 'abs', 'sign', 'clip', 'interp']);
    expect(APPLICABLE_OPS.filter((op) => isNativeWasmOp(op.name, 'f32')).map((op) => op.name)).toEqual(native);
    expect(runsNativelyInWasm(ARITH, 'f64')).toBe(true);
    expect(runsNativelyInWasm(TRANSCENDENTAL, 'f64')).toBe(false);
    expect(runsNativelyInWasm(DEAD_EXP, 'f32')).toBe(true);
  });

  for (const precision of ['f64', 'f32'] as Precision[]) {
    for (const n of [7, WASM_MIN_POINTS + 3]) {
      it(`${precision}, ${n} points: every program's outputs equal the interpreter's, in order`, () => {
        const xs = Float64Array.from({ length: n }, (_, i) => {
          const x = -2 + (4 * i) / (n - 1);
          return precision === 'f32' ? Math.fround(x) : x;
        });
        const programs = [ARITH, TRANSCENDENTAL, DEAD_EXP, CONSTANT, ARITH];
        const seen: number[] = [];
        forEachFunctionOutput(programs, xs, precision, (k, ys) => {
          seen.push(k);
          const [expected] = interpretBatch(programs[k], { x: xs }, precision);
          expect(ys.length).toBe(n);
          for (let i = 0; i < n; i++) if (!Object.is(ys[i], expected[i]) && !(Number.isNaN(ys[i]) && Number.isNaN(expected[i]))) expect.fail(`program ${k} x=${xs[i]}: ${ys[i]} vs ${expected[i]}`);
        });
        expect(seen).toEqual([0, 1, 2, 3, 4]);
      });
    }
  }
});
