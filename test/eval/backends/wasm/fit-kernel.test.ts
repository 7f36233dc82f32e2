/**
 * The wasm constant-fitting kernel against compileWithConstants: same positions and start values,
 * and the same outputs bit for bit for random arithmetic programs and random constant vectors;
 * wasmResiduals against that closure followed by the JS residual loop and maxAbs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWithConstants } from '../../../../src/dsl/compile.ts';
import { APPLICABLE_OPS } from '../../../../src/dsl/ops/table.ts';
import { lit, program, statement, v } from '../../../../src/dsl/program.ts';
import type { Operand, Program } from '../../../../src/dsl/program.ts';
import { compileWithConstantsWasm, FIT_MIN_POINTS, wasmResiduals, wasmResidualsBatch } from '../../../../src/eval/backends/wasm/fit-kernel.ts';
import { maxAbs } from '../../../../src/eval/fit/objective.ts';
import { runsNativelyInWasm } from '../../../../src/eval/backends/wasm/function-outputs.ts';

const NATIVE = APPLICABLE_OPS.filter((op) => runsNativelyInWasm(program('function', [statement('y', op.name, Array.from({ length: op.arity }, () => v('x')))], ['y']), 'f64'));
const fitted = (value: number): boolean => value !== 0;

const arithmeticProgram: fc.Arbitrary<Program> = fc
  .array(fc.tuple(fc.constantFrom(...NATIVE), fc.array(fc.oneof(fc.constant<Operand | undefined>(undefined), fc.constantFrom(0, 1, -0.5, 2.25, 3).map(lit)), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 10 })
  .map((steps) => {
    const body = steps.map(([op, args], i) => statement(`t${i}`, op.name, args.slice(0, op.arity).map((a, j) => a ?? v(j === 0 && i > 0 ? `t${i - 1}` : 'x'))));
    return program('function', [...body, statement('y', 'mul', [v(body[body.length - 1].target), lit(1.5)])], ['y']);
  });

describe('compileWithConstantsWasm', () => {
  it('declines short columns and programs with per-lane ops', () => {
    const exp = program('function', [statement('y', 'exp', [v('x')])], ['y']);
    expect(compileWithConstantsWasm(exp, 1024, fitted)).toBeUndefined();
    const add = program('function', [statement('y', 'add', [v('x'), lit(2)])], ['y']);
    expect(compileWithConstantsWasm(add, FIT_MIN_POINTS - 1, fitted)).toBeUndefined();
    expect(compileWithConstantsWasm(add, FIT_MIN_POINTS, fitted)).toBeDefined();
  });

  it('computes what the closure computes, for any constants', () => {
    const n = FIT_MIN_POINTS + 5;
    const xs = Float64Array.from({ length: n }, (_, i) => -1.5 + (3 * i) / (n - 1));
    fc.assert(
      fc.property(arithmeticProgram, fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 40, maxLength: 40 }), (p, draws) => {
        const closure = compileWithConstants(p, 'f64', fitted);
        const kernel = compileWithConstantsWasm(p, n, fitted);
        expect(kernel).toBeDefined();
        expect(kernel!.positions).toEqual(closure.positions);
        expect([...kernel!.initial]).toEqual([...closure.initial]);
        for (const constants of [closure.initial, Float64Array.from(closure.positions, (_, j) => draws[j])]) {
          const a = new Float64Array(n);
          const b = new Float64Array(n);
          closure.run([xs], [a], n, constants);
          kernel!.run([xs], [b], n, constants);
          for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) expect.fail(`x=${xs[i]}: closure ${a[i]}, wasm ${b[i]}`);
        }
      }),
      { numRuns: 80 },
    );
  });
});

const sameBits = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('wasmResiduals', () => {
  it('declines what compileWithConstantsWasm declines', () => {
    const exp = program('function', [statement('y', 'exp', [v('x')])], ['y']);
    const n = 1024;
    const column = new Float64Array(n);
    expect(wasmResiduals(exp, { xs: column, hi: column, lo: column, scale: column }, fitted)).toBeUndefined();
  });

  it('gives the residuals ((y - hi) - lo) * scale and their max |r| bit for bit, for any program, constants and references', () => {
    // Odd and even lengths: the last vector's pad lane must never change the max.
    for (const n of [FIT_MIN_POINTS, FIT_MIN_POINTS + 3]) {
      const xs = Float64Array.from({ length: n }, (_, i) => -1.5 + (3 * i) / (n - 1));
      fc.assert(
        fc.property(
          arithmeticProgram,
          fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 40, maxLength: 40 }),
          fc.double({ min: -2, max: 2, noNaN: true }),
          fc.constantFrom('abs', 'rel'),
          (p, draws, offset, kind) => {
            const hi = Float64Array.from(xs, (x) => Math.exp(x) + offset);
            const lo = Float64Array.from(hi, (h) => h * 1e-17);
            const scale = kind === 'abs' ? new Float64Array(n).fill(1) : Float64Array.from(hi, (h) => (h !== 0 ? 1 / Math.abs(h) : 1));
            const closure = compileWithConstants(p, 'f64', fitted);
            const kernel = wasmResiduals(p, { xs, hi, lo, scale }, fitted);
            expect(kernel).toBeDefined();
            expect(kernel!.positions).toEqual(closure.positions);
            for (const constants of [closure.initial, Float64Array.from(closure.positions, (_, j) => draws[j])]) {
              const y = new Float64Array(n);
              closure.run([xs], [y], n, constants);
              const expected = Float64Array.from(y, (yi, i) => (yi - hi[i] - lo[i]) * scale[i]);
              const got = new Float64Array(n);
              const max = kernel!.residuals(constants, got);
              for (let i = 0; i < n; i++) if (!sameBits(expected[i], got[i])) expect.fail(`x=${xs[i]}: JS ${expected[i]}, wasm ${got[i]}`);
              // The kernel's max is NaN where maxAbs says Infinity for a NaN residual.
              const reference = maxAbs(expected);
              expect(max < Infinity ? max : Infinity).toBe(reference);
            }
          },
        ),
        { numRuns: 40 },
      );
    }
  });
});

describe('wasmResidualsBatch', () => {
  it('compiles a batch into one module whose functions each equal the program alone, and skips per-lane programs', () => {
    const n = FIT_MIN_POINTS;
    const xs = Float64Array.from({ length: n }, (_, i) => (i + 1) / n);
    const hi = Float64Array.from(xs, (x) => 2 ** x);
    const lo = new Float64Array(n);
    const scale = new Float64Array(n).fill(1);
    const columns = { xs, hi, lo, scale };
    const exp = program('function', [statement('y', 'exp', [v('x')])], ['y']);
    fc.assert(
      fc.property(fc.array(arithmeticProgram, { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 40, maxLength: 40 }), (batch, draws) => {
        const programs = [...batch.slice(0, 1), exp, ...batch.slice(1)];
        const kernels = wasmResidualsBatch(programs, columns, fitted);
        expect(kernels[1]).toBeUndefined();
        programs.forEach((p, k) => {
          if (k === 1) return;
          const alone = wasmResiduals(p, columns, fitted)!;
          const inBatch = kernels[k]!;
          expect(inBatch.positions).toEqual(alone.positions);
          const constants = Float64Array.from(alone.positions, (_, j) => draws[j]);
          const a = new Float64Array(n);
          const b = new Float64Array(n);
          const maxA = alone.residuals(constants, a);
          const maxB = inBatch.residuals(constants, b);
          expect(sameBits(maxA, maxB)).toBe(true);
          for (let i = 0; i < n; i++) if (!sameBits(a[i], b[i])) expect.fail(`program ${k}, x=${xs[i]}: alone ${a[i]}, in batch ${b[i]}`);
        });
      }),
      { numRuns: 30 },
    );
  });
});
