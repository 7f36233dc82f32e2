/**
 * The device-side reductions of the function scorer, its pipeline cache and its handling of a
 * shader that does not compile, on the real adapter.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { getOp } from '../../../../src/dsl/ops/table.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { literals, withLiterals } from '../../../../src/dsl/program.ts';
import type { Program } from '../../../../src/dsl/program.ts';
import { loadSeed } from '../../../../src/dsl/seeds/index.ts';
import { FunctionGpuScorer } from '../../../../src/eval/tasks/function/gpu-scorer.ts';
import type { GpuOutcome, GpuTiming } from '../../../../src/eval/tasks/function/gpu-scorer.ts';
import { functionTaskData, reduceErrors } from '../../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';
import { arbitraryProgram } from '../../../support/arbitrary.ts';
import { gpuIt } from '../../support/gpu.ts';
import { traceOnDevice } from '../../support/trace-kernel.ts';

const timing = (): GpuTiming => ({ compileMs: 0, runMs: 0, modulesCompiled: 0, cacheHits: 0 });
const errorsOf = (o: GpuOutcome) => {
  if (!('errors' in o)) throw new Error(`not scored: ${o.error}`);
  return o.errors;
};

/**
 * Within f32 evaluation of the error itself (relative 1e-5) plus `slack`: the trace kernel and the
 * scorer are different compilations of the same program, and a hardware compiler may contract
 * a * b + c into an fma in one and not the other (WGSL allows it), moving outputs by an ulp or so.
 * Software (llvmpipe) compiles both alike: slack is just the reference pair's 2^-48.
 */
function closeWithin(slack: number): (device: number, cpu: number) => boolean {
  return (device, cpu) => device === cpu || Math.abs(device - cpu) <= 1e-5 * Math.abs(cpu) + slack;
}
const close = closeWithin(1e-14);

describe('FunctionGpuScorer (real adapter)', () => {
  for (const strategy of ['interpreter', 'compiled'] as const) {
    gpuIt(`${strategy}: reduces on the device to the CPU reductions of the device's own outputs`, async (gpu) => {
      const task = getTask('fn:exp2', { points: 3000 }) as FunctionTask;
      const data = functionTaskData(task);
      const xs = Float32Array.from(data.xs);
      const scorer = new FunctionGpuScorer(gpu, { strategy, groupSize: 4 });
      const programs = fc.sample(arbitraryProgram('function', { minStatements: 1, maxStatements: 10 }), { numRuns: 24, seed: 11 });
      programs.push(loadSeed('exp2_taylor3'), loadSeed('exp2_taylor6'));
      const t = timing();
      const outcomes = await scorer.score(task, programs, t);
      expect(t.counts?.interpreted ?? 0).toBe(strategy === 'interpreter' ? programs.length : 0);
      let finite = 0;
      // 16 ulps of the largest reference value (2^x <= 2), in each measure's units.
      const slack = gpu.software ? { abs: 1e-14, rel: 1e-14, ulp: 1e-6 } : { abs: 16 * 2 ** -22, rel: 16 * 2 ** -22, ulp: 16 };
      for (let i = 0; i < programs.length; i++) {
        // The device's outputs through the compiled emitter (the trace kernel), reduced on the CPU.
        const { outputs } = await traceOnDevice(gpu, programs[i], xs);
        const cpu = reduceErrors(Float64Array.from(outputs), data, task.points);
        const device = errorsOf(outcomes[i]);
        expect(device.nonFinite).toBe(cpu.nonFinite);
        if (cpu.nonFinite > 0) continue;
        finite++;
        expect(closeWithin(slack.abs)(device.maxAbsError, cpu.maxAbsError), `maxAbsError ${device.maxAbsError} vs ${cpu.maxAbsError}`).toBe(true);
        expect(closeWithin(slack.rel)(device.maxRelError, cpu.maxRelError), `maxRelError ${device.maxRelError} vs ${cpu.maxRelError}`).toBe(true);
        expect(closeWithin(slack.ulp)(device.maxUlpError, cpu.maxUlpError), `maxUlpError ${device.maxUlpError} vs ${cpu.maxUlpError}`).toBe(true);
      }
      expect(finite).toBeGreaterThan(5);
    });
  }

  gpuIt('hybrid: interprets fresh structures and compiles one once the work spent on it pays for a compile', async (gpu) => {
    const task = getTask('fn:exp2') as FunctionTask; // 1024 points
    const scorer = new FunctionGpuScorer(gpu, { compileAfterNodeEvaluations: 50_000 });
    const seed = loadSeed('exp2_taylor4'); // 8 ops: 8192 node-evaluations per candidate
    await scorer.prepare(); // the interpreter module, compiled once
    const variants = (k: number): Program[] => Array.from({ length: k }, (_, i) => withLiterals(seed, literals(seed).map((c) => c * (1 + i * 1e-3))));
    const first = timing();
    const a = await scorer.score(task, variants(3), first); // 24,576 node-evaluations: interpreted
    expect(first).toMatchObject({ counts: { interpreted: 3 }, modulesCompiled: 0 });
    const second = timing();
    const b = await scorer.score(task, variants(4), second); // 57,344 in all: compiled now
    expect(second).toMatchObject({ counts: { interpreted: 0 }, modulesCompiled: 1 });
    const third = timing();
    await scorer.score(task, variants(1), third);
    expect(third).toMatchObject({ counts: { interpreted: 0 }, modulesCompiled: 0, cacheHits: 1 });
    // Same programs, either way: the same errors to f32 evaluation of the error itself.
    for (let i = 0; i < 3; i++) expect(close(errorsOf(b[i]).maxAbsError, errorsOf(a[i]).maxAbsError)).toBe(true);
  });

  gpuIt('compiled: caches pipelines by structure, so new literal values reuse the compiled module', async (gpu) => {
    const task = getTask('fn:exp2') as FunctionTask;
    const scorer = new FunctionGpuScorer(gpu, { strategy: 'compiled', groupSize: 8 });
    const seeds = ['exp2_taylor3', 'exp2_taylor4'].map(loadSeed);
    const first = timing();
    const a = await scorer.score(task, seeds, first);
    expect(first.modulesCompiled).toBe(1);
    const perturbed = seeds.map((p) => withLiterals(p, literals(p).map((c) => c * 1.01)));
    // Two candidates of one structure in the same batch share a switch case, too.
    const second = timing();
    const b = await scorer.score(task, [...perturbed, perturbed[0]], second);
    expect(second).toMatchObject({ modulesCompiled: 0, cacheHits: 2 });
    expect(errorsOf(b[0]).maxAbsError).not.toBe(errorsOf(a[0]).maxAbsError);
    expect(errorsOf(b[2])).toEqual(errorsOf(b[0]));
  });

  gpuIt('compiled: rejects a candidate whose shader does not compile and still scores the rest', async (gpu) => {
    const task = getTask('fn:exp2') as FunctionTask;
    const scorer = new FunctionGpuScorer(gpu, { strategy: 'compiled', groupSize: 16 });
    const emit = getOp('cosh').emit as unknown as { wgsl: (a: readonly string[]) => string };
    const original = emit.wgsl;
    emit.wgsl = (a) => `cosh(${a[0]}, ${a[0]})`; // not valid WGSL: cosh takes one argument
    try {
      const programs: Program[] = [
        loadSeed('exp2_taylor2'),
        parseProgram('def f(x):\n  y = cosh(x)\n  return y\n'),
        loadSeed('exp2_taylor4'),
        parseProgram('def f(x):\n  y = sinh(x)\n  y = y * 2\n  return y\n'),
        parseProgram('def f(x):\n  y = x * 3\n  y = cosh(y)\n  return y\n'),
      ];
      const outcomes = await scorer.score(task, programs);
      [1, 4].forEach((i) => expect(outcomes[i]).toMatchObject({ error: expect.stringMatching(/^shader compilation failed: .*cosh/) }));
      [0, 2, 3].forEach((i) => expect(errorsOf(outcomes[i]).nonFinite).toBe(0));
    } finally {
      emit.wgsl = original;
    }
  });
});
