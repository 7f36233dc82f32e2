import { describe, expect, it } from 'vitest';
import { compileScalar } from '../../../src/dsl/compile.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { positiveOn, poweredProgram, rootReference } from '../../../src/eval/baselines/powered.ts';
import { bestBaselineAt, gridErrors, taskBaselines } from '../../../src/eval/baselines/task-baselines.ts';
import { reference } from '../../../src/eval/reference/targets.ts';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';

const fn = (id: string, options: Record<string, string>): FunctionTask => getTask(id, options) as FunctionTask;

describe('powered forms r(x)^(2^k)', () => {
  it("a root reference is the target's root to double-double accuracy", () => {
    const root = rootReference(reference('exp2'), 3);
    for (const x of [0.001, 0.3, 0.77, 1]) {
      const y = root.evalPoint(x);
      // 2^(x/8), computed by the target itself at x/8 (exact: a power-of-two scaling).
      const direct = reference('exp2').evalPoint(x / 8);
      expect(Math.abs(y.hi - direct.hi + (y.lo - direct.lo))).toBeLessThan(1e-30);
    }
    expect(root.evalF64([0.5])[0]).toBeCloseTo(2 ** (0.5 / 8), 15);
  });

  it('squares the output k times, at cost k', () => {
    const inner = parseProgram('def f(x):\n  y = x + 1.5\n  return y');
    const p = poweredProgram(inner, 3);
    expect(compileScalar(p, 'f64')(0.5)[0]).toBe(2 ** 8);
    const task = fn('fn:exp2', { precision: 'f64' });
    expect(task.costModel.cost(p) - task.costModel.cost(inner)).toBe(3);
  });

  it('needs a target positive on the interval', () => {
    expect(positiveOn(reference('exp2'), [0, 1])).toBe(true);
    expect(positiveOn(reference('sin'), [-Math.PI / 4, Math.PI / 4])).toBe(false);
    expect(positiveOn(reference('log2'), [1, 2])).toBe(false);
  });

  it('on 2^x over (0,1]: beat every unpowered baseline at costs 9-12, (rational 2/2)^8 below 1e-9 at cost 11; none kept for sin', () => {
    const task = fn('fn:exp2', { precision: 'f64', interval: '(0,1]' });
    const all = taskBaselines(task, { maxCost: 12 });
    const unpowered = all.filter((b) => b.kind !== 'powered');
    for (const cost of [9, 10, 11, 12]) expect(bestBaselineAt(all, cost)?.kind, `cost ${cost}`).toBe('powered');
    for (const b of all.filter((x) => x.kind === 'powered')) expect(b.error).toBeLessThan(bestBaselineAt(unpowered, b.cost)?.error ?? Infinity);
    const best11 = bestBaselineAt(all, 11)!;
    expect(best11.cost).toBe(11);
    expect(best11.error).toBeLessThan(1e-9);
    // What is listed is what its program scores.
    expect(gridErrors(task, [parseProgram(best11.text)])[0]).toBe(best11.error);
    expect(taskBaselines(fn('fn:sin', { precision: 'f64' }), { maxCost: 12 }).some((b) => b.kind === 'powered')).toBe(false);
  }, 120_000);
});
