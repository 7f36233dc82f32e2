import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { evaluateOnCpu } from '../../../src/eval/backends/cpu/cpu-backend.ts';
import { fitProgram } from '../../../src/eval/fit/program-objective.ts';
import { functionTaskData } from '../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';

// AutoNumerics-Zero's c1/(c3 + x) - c2, started in the right basin (pole right of [0, 1]).
const RATIONAL = 'def f(x):\n  a = x - 3\n  b = -10 / a\n  y = b - 4\n  return y\n';
const LINEAR = 'def f(x):\n  y = x * 0.5\n  y = y + 1\n  return y\n';

describe('constant fitting inside evaluation (cpu backend, fit option)', () => {
  it('fits c1/(c3+x) - c2 on 2^x to about 1.2e-3 (ANCHORS.md) and hands back the fitted program', async () => {
    const unfitted = getTask('fn:exp2', { precision: 'f64' });
    const task = getTask('fn:exp2', { precision: 'f64', fit: 'lm-minimax', validation: 4096 });
    const [before] = await evaluateOnCpu(unfitted, [RATIONAL]);
    const [after] = await evaluateOnCpu(task, [RATIONAL]);
    expect(before.measures.maxAbsError).toBeGreaterThan(0.1);
    expect(after.measures.maxAbsError).toBeGreaterThan(1.1e-3);
    expect(after.measures.maxAbsError).toBeLessThan(1.3e-3);
    expect(after.program).toBeDefined();
    // The fitted text scores the same without fitting: the values were written back exactly.
    const [rescored] = await evaluateOnCpu(getTask('fn:exp2', { precision: 'f64', validation: 4096 }), [after.program as string]);
    expect(rescored.measures.maxAbsError).toBe(after.measures.maxAbsError);
    expect(after.measures.cost).toBe(3);
  });

  it('turns a linear guess into the degree-1 minimax polynomial (4.30e-2) with either method', async () => {
    for (const fit of ['lm-minimax', 'cmaes'] as const) {
      const [r] = await evaluateOnCpu(getTask('fn:exp2', { precision: 'f64', fit, fitBudget: 400 }), [LINEAR]);
      expect(r.measures.maxAbsError.toPrecision(2)).toBe('0.043');
    }
  });

  it('never makes a program worse and leaves a program without constants alone', () => {
    const task = getTask('fn:exp2', { precision: 'f64' }) as FunctionTask;
    const data = functionTaskData(task);
    const none = fitProgram(parseProgram('def f(x):\n  y = x * x\n  return y\n'), data, { method: 'lm-minimax', budget: 50, seed: 1, error: 'abs' });
    expect(none.changed).toBe(false);
    const fit = fitProgram(parseProgram(RATIONAL), data, { method: 'cmaes', budget: 30, seed: 1, error: 'abs' });
    expect(fit.after).toBeLessThanOrEqual(fit.before);
  });
});
