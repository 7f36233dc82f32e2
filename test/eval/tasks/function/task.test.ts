import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { errorSummary } from '../../../../src/eval/error-measures.ts';
import { functionResult, functionTaskData, reduceErrors } from '../../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';

describe('function tasks', () => {
  it('evaluate on evenly spaced points that include both interval ends', () => {
    for (const precision of ['f32', 'f64'] as const) {
      const task = getTask('fn:exp2', { precision, points: 1024 }) as FunctionTask;
      const { xs, hi, lo } = functionTaskData(task);
      expect(xs.length).toBe(1024);
      expect(xs[0]).toBe(0);
      expect(xs[1023]).toBe(1);
      for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
      if (precision === 'f32') expect(xs.every((x) => Math.fround(x) === x)).toBe(true);
      expect(Math.abs(hi[512] + lo[512] - 2 ** xs[512])).toBeLessThan(1e-15);
    }
  });

  it('reduce errors exactly as error-measures.ts defines abs, rel and ulp32', () => {
    const task = getTask('fn:exp2', { points: 512 }) as FunctionTask;
    const data = functionTaskData(task);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 512, maxLength: 512 }), (noise) => {
        const ys = Float64Array.from(data.hi, (h, i) => Math.fround(h + noise[i] * 1e-7));
        const mine = reduceErrors(ys, data, 512);
        const theirs = errorSummary(data.xs, ys, data);
        expect(mine).toEqual({ maxAbsError: theirs.abs.value, maxRelError: theirs.rel.value, maxUlpError: theirs.ulp32.value, nonFinite: 0 });
      }),
      { numRuns: 20 },
    );
  });

  it('make a candidate with any non-finite output invalid, with a reason', () => {
    const task = getTask('fn:exp2') as FunctionTask;
    const p = parseProgram('def f(x):\n  y = log(x)\n  return y\n');
    const ys = Float64Array.from(functionTaskData(task).xs, (x) => Math.log(x));
    const r = functionResult(task, p, reduceErrors(ys, functionTaskData(task), task.points));
    expect(r).toMatchObject({ valid: false, score: Infinity, error: 'non-finite output (NaN or Infinity) at 1 of 1024 points' });
    expect(r.measures).toMatchObject({ cost: 1, interactions: 1, maxAbsError: Infinity });
  });
});
