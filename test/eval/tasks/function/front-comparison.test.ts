import { describe, expect, it } from 'vitest';
import { compareWithMinimax, comparisonLines, denseErrors, minimaxByDegree } from '../../../../src/eval/tasks/function/front-comparison.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';

describe('front vs minimax polynomials', () => {
  it('compares the best error at cost <= k on both sides', () => {
    const minimax = [
      { degree: 1, cost: 2, error: 4.3e-2 },
      { degree: 2, cost: 4, error: 2.48e-3 },
    ];
    const front = [
      { cost: 3, error: 1.2e-3, program: 'a' },
      { cost: 5, error: 6.3e-6, program: 'b' },
    ];
    const rows = compareWithMinimax(front, minimax);
    expect(rows.map((r) => [r.cost, r.front, r.minimax ?? null, r.program ?? null])).toEqual([
      [1, Infinity, null, null],
      [2, Infinity, 4.3e-2, null],
      [3, 1.2e-3, 4.3e-2, 'a'],
      [4, 1.2e-3, 2.48e-3, 'a'],
      [5, 6.3e-6, 2.48e-3, 'b'],
    ]);
    expect(comparisonLines(rows, (t) => t)[4]).toMatch(/^4 +1\.20e-3 +2\.48e-3 +2 +2\.48e-3 +minimax deg 2 +2\.07x +a$/);
  });

  it('compares against the best baseline of any structure at each cost', () => {
    const minimax = [{ degree: 1, cost: 2, error: 4.3e-2 }];
    const baselines = [
      { label: 'minimax deg 1', cost: 2, error: 4.3e-2 },
      { label: 'odd x*P(x^2) deg 3', cost: 4, error: 1.5e-4 },
      { label: 'rational 0/1', cost: 2, error: 9e-2 },
    ];
    const rows = compareWithMinimax([{ cost: 4, error: 3e-4, program: 'a' }], minimax, baselines);
    expect(rows.map((r) => [r.cost, r.baseline ?? null, r.baselineLabel ?? null])).toEqual([
      [1, null, null],
      [2, 4.3e-2, 'minimax deg 1'],
      [3, 4.3e-2, 'minimax deg 1'],
      [4, 1.5e-4, 'odd x*P(x^2) deg 3'],
    ]);
    expect(comparisonLines(rows, (t) => t)[4]).toMatch(/1\.50e-4 +odd x\*P\(x\^2\) deg 3 +0\.500x +a$/);
  });

  it('takes the minimax errors from the Remez baselines (ANCHORS.md, 2 digits) and re-checks programs densely', () => {
    const task = getTask('fn:exp2', { precision: 'f64' }) as FunctionTask;
    expect(minimaxByDegree(task, 3).map((m) => [m.cost, m.error.toPrecision(3)])).toEqual([
      [2, '0.0430'],
      [4, '0.00248'],
      [6, '0.000107'],
    ]);
    const [e] = denseErrors(task, ['def f(x):\n  y = x + 1\n  return y\n'], 1025);
    expect(e).toBeCloseTo(0.0861, 3); // max |x + 1 - 2^x| on [0, 1]
  });
});
