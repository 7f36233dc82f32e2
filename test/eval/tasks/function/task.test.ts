import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { errorSummary } from '../../../../src/eval/error-measures.ts';
import { functionResult, functionTaskData, reduceErrors } from '../../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';
import { compileScalar } from '../../../../src/dsl/compile.ts';
import { loadSeed } from '../../../../src/dsl/seeds/index.ts';
import type { Program } from '../../../../src/dsl/program.ts';

function compileScalarBatch(p: Program, xs: Float64Array): Float64Array {
  const f = compileScalar(p, 'f64');
  return Float64Array.from(xs, (x) => f(x)[0]);
}

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

describe('function tasks on open and closed intervals', () => {
  const f10 = loadSeed('exp2_f10');
  const score = (interval: string): { rel: number; xs: Float64Array } => {
    const task = getTask('fn:exp2', { precision: 'f64', interval, error: 'rel', validation: 16384 }) as FunctionTask;
    expect(task.options.interval).toBe(interval === '[0,1]' ? '0,1' : interval);
    const data = functionTaskData(task, 16384);
    const ys = compileScalarBatch(f10, data.xs);
    return { rel: reduceErrors(ys, data, 16384).maxRelError, xs: data.xs };
  };

  it("score AutoNumerics-Zero's f10 below 1e-14 relative on (0,1], never evaluating it at 0", () => {
    const { rel, xs } = score('(0,1]');
    expect(rel).toBeLessThan(1e-14);
    expect(rel).toBeGreaterThan(1e-15);
    expect(xs[0]).toBeGreaterThan(0);
    expect(xs[xs.length - 1]).toBe(1);
  });

  it('penalise f10 on [0,1], where c3/x at x = 0 is protected to 0', () => {
    const { rel, xs } = score('[0,1]');
    expect(xs[0]).toBe(0);
    expect(rel).toBeGreaterThan(1e-10);
  });

  it('name the interval option and the accepted forms in a bad interval', () => {
    expect(() => getTask('fn:exp2', { interval: '(0,1' })).toThrow("task fn:exp2: interval must be '[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b, got '(0,1'");
    expect(() => getTask('fn:exp2', { interval: 3 })).toThrow('task fn:exp2: interval must be');
  });
});
