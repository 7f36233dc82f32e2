/**
 * Differential tests on the real adapter: generated programs run on the device are held to the
 * f32 interpreter.
 *
 * 1. Every op in context: for every live statement of a generated program (all ops), at every
 *    point, the device's value is within the op's WGSL accuracy (test/eval/support/
 *    wgsl-tolerance.ts writes the per-op tolerances down) of the interpreter's op applied to the
 *    device's own operands. Checking each op on its actual operands keeps long programs with badly
 *    conditioned ops honest without bounding error propagation. A guarded op (asin, log, ...)
 *    that is NaN in the interpreter must be non-finite on the device too (validity agrees).
 * 2. Whole programs over the exactly rounded ops (+ - * square, the exact ops): the device's
 *    outputs equal the interpreter's bit for bit wherever no intermediate is subnormal (WGSL may
 *    flush subnormals).
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect } from 'vitest';
import { liveStatements } from '../../../../src/dsl/liveness.ts';
import { interpretBatch } from '../../../../src/dsl/interpret.ts';
import { applyF32, getOp } from '../../../../src/dsl/ops/table.ts';
import { printProgram } from '../../../../src/dsl/print.ts';
import type { Operand, Program } from '../../../../src/dsl/program.ts';
import { arbitraryProgram } from '../../../support/arbitrary.ts';
import { gpuIt } from '../../support/gpu.ts';
import { traceOnDevice } from '../../support/trace-kernel.ts';
import { tolerance } from '../../support/wgsl-tolerance.ts';

/** 4096 f32 inputs: ordinary values, the edges of the guarded ops' domains, wide magnitudes, specials. */
function points(): Float32Array {
  const rng = seedrandom('differential points');
  const xs: number[] = [0, -0, 1, -1, 0.5, -0.5, 2, Math.PI, -Math.PI, 1e-30, -1e-30, 1e30, -1e30, 0.999999, -0.999999, 1.000001];
  while (xs.length < 1024 + 16) xs.push(rng() * 8 - 4);
  while (xs.length < 2048 + 16) xs.push(rng() * 2.4 - 1.2);
  while (xs.length < 4096) xs.push((rng() < 0.5 ? -1 : 1) * 2 ** (rng() * 80 - 40));
  return Float32Array.from(xs);
}
const XS = points();

const isSubnormal = (x: number): boolean => x !== 0 && Math.abs(x) < 2 ** -126;

interface Tally {
  checked: number;
  skipped: number;
  guards: number;
}

/** Checks every live statement of `p` at every point; returns a failure description or undefined. */
async function checkOps(gpu: Parameters<typeof traceOnDevice>[0], p: Program, tally: Tally): Promise<string | undefined> {
  const { fn, trace } = await traceOnDevice(gpu, p, XS);
  const k = Math.max(1, fn.liveOps);
  const live = liveStatements(p);
  const binding = new Map<string, number>(); // variable -> trace column (absent: the input x)
  let column = 0;
  for (let s = 0; s < p.body.length; s++) {
    if (!live[s]) continue;
    const st = p.body[s];
    const op = getOp(st.op);
    const value = (a: Operand, i: number): number => {
      if (a.kind === 'lit') return Math.fround(a.value);
      if (a.kind === 'const') return applyF32(getOp(a.name), []);
      const c = binding.get(a.name);
      return c === undefined ? XS[i] : trace[i * k + c];
    };
    for (let i = 0; i < XS.length; i++) {
      const args = st.args.map((a) => value(a, i));
      const expected = applyF32(op, args);
      const got = trace[i * k + column];
      if (Number.isNaN(expected) && args.every((a) => Number.isFinite(a) && !isSubnormal(a))) {
        tally.guards++;
        if (Number.isFinite(got)) return `${st.op}(${args.join(', ')}): interpreter NaN (invalid), device ${got}`;
        continue;
      }
      const tol = tolerance(st.op, args, expected);
      if (tol === undefined) {
        tally.skipped++;
        continue;
      }
      tally.checked++;
      if (!(Math.abs(got - expected) <= tol)) {
        return `statement ${s + 1} ${st.op}(${args.join(', ')}): interpreter ${expected}, device ${got}, |diff| ${Math.abs(got - expected)} > tolerance ${tol}`;
      }
    }
    binding.set(st.target, column++);
  }
  return undefined;
}

const EXACT_OPS = ['add', 'sub', 'mul', 'square', 'negative', 'abs', 'max', 'min', 'sign', 'clip', 'mul2', 'mul4', 'div2', 'div4'].map(getOp);

describe('webgpu vs the f32 interpreter (real adapter)', () => {
  gpuIt('every op of generated programs is within its WGSL accuracy on the device', async (gpu) => {
    const tally: Tally = { checked: 0, skipped: 0, guards: 0 };
    await fc.assert(
      fc.asyncProperty(arbitraryProgram('function', { minStatements: 1, maxStatements: 12 }), async (p) => {
        const failure = await checkOps(gpu, p, tally);
        if (failure) throw new Error(`${failure}\nprogram:\n${printProgram(p)}`);
      }),
      { numRuns: 40, seed: 3 },
    );
    console.log(`op checks: ${tally.checked} within tolerance, ${tally.guards} guarded NaNs agreed, ${tally.skipped} outside the spec's bounded range`);
    expect(tally.checked).toBeGreaterThan(50_000);
    expect(tally.guards).toBeGreaterThan(0);
  });

  gpuIt('programs over exactly rounded ops give the interpreter\'s outputs bit for bit', async (gpu) => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryProgram('function', { minStatements: 1, maxStatements: 16, ops: EXACT_OPS }), async (p) => {
        const { outputs } = await traceOnDevice(gpu, p, XS);
        const expected = interpretBatch(p, { x: Float64Array.from(XS) }, 'f32')[0];
        // Points where the interpreter meets a subnormal anywhere: the device may flush it.
        const steps = p.body.map((_, s) => interpretBatch({ ...p, outputs: [p.body[s].target] }, { x: Float64Array.from(XS) }, 'f32')[0]);
        for (let i = 0; i < XS.length; i++) {
          if (isSubnormal(XS[i]) || steps.some((col) => isSubnormal(col[i]))) continue;
          if (Number.isNaN(expected[i]) && Number.isNaN(outputs[i])) continue;
          compared++;
          if (!Object.is(outputs[i] + 0, expected[i] + 0)) throw new Error(`x = ${XS[i]}: interpreter ${expected[i]}, device ${outputs[i]}\n${printProgram(p)}`);
        }
      }),
      { numRuns: 25, seed: 5 },
    );
    expect(compared).toBeGreaterThan(50_000);
  });
});
