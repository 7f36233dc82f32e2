/** The CPU backend (compiled JS closures) against the reference interpreter, in f32 and f64. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretBatch } from '../../../../src/dsl/interpret.ts';
import { printProgram } from '../../../../src/dsl/print.ts';
import { evaluateOnCpu } from '../../../../src/eval/backends/cpu/cpu-backend.ts';
import { functionResult, functionTaskData, reduceErrors } from '../../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';
import { arbitraryProgram } from '../../../support/arbitrary.ts';

describe('cpu backend', () => {
  for (const precision of ['f32', 'f64'] as const) {
    it(`scores generated programs exactly as the ${precision} interpreter's outputs score`, async () => {
      const task = getTask('fn:exp2', { precision, points: 2048 }) as FunctionTask;
      const data = functionTaskData(task);
      await fc.assert(
        fc.asyncProperty(fc.array(arbitraryProgram('function', { maxStatements: 12 }), { minLength: 1, maxLength: 8 }), async (programs) => {
          const results = await evaluateOnCpu(task, programs.map(printProgram));
          programs.forEach((p, i) => {
            const ys = interpretBatch(p, { x: data.xs }, precision)[0];
            expect(results[i]).toEqual(functionResult(task, p, reduceErrors(ys, data, task.points)));
          });
        }),
        { numRuns: 40 },
      );
    });
  }

  it('reports unparsable text and programs of the wrong domain as invalid, in place', async () => {
    const task = getTask('fn:exp2');
    const results = await evaluateOnCpu(task, [
      'def f(x):\n  y = x * 2\n  return y\n',
      'def f(x):\n  y = nosuchop(x)\n  return y\n',
      'def train(w, g, m, v, lr):\n  update = g * lr\n  return update, m, v\n',
    ]);
    expect(results[0]).toMatchObject({ valid: true });
    expect(results[1]).toMatchObject({ valid: false, score: Infinity, error: expect.stringMatching(/^candidate:2:\d+: /) });
    expect(results[2]).toMatchObject({ valid: false, score: Infinity, error: expect.stringMatching(/scores function programs/) });
  });
});
