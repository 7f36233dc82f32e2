/** The pool-backed evaluator: request order whatever finishes first, routing, and a missing adapter. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { evaluateOnCpu } from '../../src/eval/backends/cpu/cpu-backend.ts';
import { createEvaluator, NoAdapterError } from '../../src/eval/create-evaluator.ts';
import type { PoolBackedEvaluator } from '../../src/eval/create-evaluator.ts';
import { getTask } from '../../src/eval/tasks/registry.ts';
import { UsageError } from '../../src/errors.ts';
import { arbitraryProgram } from '../support/arbitrary.ts';
import { gpuIt } from './support/gpu.ts';

const open: PoolBackedEvaluator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
async function evaluator(...args: Parameters<typeof createEvaluator>): Promise<PoolBackedEvaluator> {
  const e = await createEvaluator(...args);
  open.push(e);
  return e;
}

/** Long and short programs interleaved, so chunks finish out of order. */
function unevenBatch(): string[] {
  const programs = fc.sample(arbitraryProgram('function', { minStatements: 0, maxStatements: 12 }), { numRuns: 64, seed: 9 });
  return programs.map(printProgram);
}

describe('createEvaluator', () => {
  it('cpu: returns results in request order, equal to scoring the batch in one thread', async () => {
    const lines: string[] = [];
    const e = await evaluator({ backend: 'cpu', workers: 2, log: (l) => lines.push(l) });
    expect(e.info.backend).toBe('cpu');
    expect(lines.join('\n')).toMatch(/cpu: 2 worker threads/);
    const batch = unevenBatch();
    const task = { id: 'fn:exp2', options: { points: 4096 } };
    const expected = await evaluateOnCpu(getTask(task.id, task.options), batch);
    const [a, b] = await Promise.all([e.evaluate(task, batch), e.evaluate(task, [...batch].reverse())]);
    expect(a).toEqual(expected);
    expect(b).toEqual([...expected].reverse());
  });

  it('rejects an unknown task with the list of tasks', async () => {
    const e = await evaluator({ backend: 'cpu', workers: 1 });
    await expect(e.evaluate({ id: 'fn:nope' }, ['def f(x):\n  return x\n'])).rejects.toThrow(/unknown task 'fn:nope'; tasks: fn:exp2/);
  });

  gpuIt('webgpu: logs the adapter; f64 tasks go to CPU threads; results equal the CPU backend closely', async () => {
    const lines: string[] = [];
    const e = await evaluator({ backend: 'webgpu', log: (l) => lines.push(l) });
    expect(e.info.backend).toBe('webgpu');
    expect(lines.join('\n')).toMatch(/^webgpu: .*Dawn backend (default|opengles), feature level (core|compatibility); limits: \d+ invocations\/workgroup/m);
    const batch = ['exp2_taylor2', 'exp2_taylor5'].map((s) => printProgram(loadSeed(s)));
    const f32 = await e.evaluate({ id: 'fn:exp2' }, batch);
    const cpu = await evaluateOnCpu(getTask('fn:exp2'), batch);
    f32.forEach((r, i) => expect(r.score).toBeCloseTo(cpu[i].score, 6));
    const f64 = await e.evaluate({ id: 'fn:exp2', options: { precision: 'f64' } }, batch);
    expect(f64).toEqual(await evaluateOnCpu(getTask('fn:exp2', { precision: 'f64' }), batch));
  });

  it('webgpu without an adapter: a UsageError naming what is missing; auto: the cpu backend with a notice', async () => {
    const saved = process.env.EGL_PLATFORM;
    process.env.EGL_PLATFORM = 'no-such-platform'; // Mesa finds no EGL display: no GLES adapter
    try {
      const attempt = createEvaluator({ backend: 'webgpu', gpu: { onlyGles: true } });
      await expect(attempt).rejects.toThrow(NoAdapterError);
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(attempt).rejects.toThrow(/no WebGPU adapter: .*libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri.*--backend cpu/);
      const lines: string[] = [];
      const e = await evaluator({ backend: 'auto', workers: 1, gpu: { onlyGles: true }, log: (l) => lines.push(l) });
      expect(e.info.backend).toBe('cpu');
      expect(lines[0]).toMatch(/^no WebGPU adapter \(.*\); using the cpu backend$/);
    } finally {
      if (saved === undefined) delete process.env.EGL_PLATFORM;
      else process.env.EGL_PLATFORM = saved;
    }
  });
});
