import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { evaluateOnCpu } from '../../../../src/eval/backends/cpu/cpu-backend.ts';
import { costModel } from '../../../../src/eval/tasks/function/cost-model.ts';
import { functionTaskData } from '../../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../../src/eval/tasks/function/task.ts';
import { getTask, listTaskIds } from '../../../../src/eval/tasks/registry.ts';

const HORNER3 = parseProgram('def f(x):\n  y = x * 0.05\n  y = y + 0.24\n  y = y * x\n  y = y + 0.69\n  y = y * x\n  y = y + 1\n  return y\n');

describe('function task options', () => {
  it('lists every AutoNumerics-Zero target with its interval and literature measure', () => {
    const ids = listTaskIds().filter((id) => id.startsWith('fn:'));
    expect(ids).toEqual(['fn:exp2', 'fn:exp', 'fn:log2', 'fn:ln', 'fn:erf', 'fn:sin', 'fn:tanh', 'fn:sigmoid']);
    const exp = getTask('fn:exp', { precision: 'f64' }) as FunctionTask;
    expect(exp.objectives).toEqual(['maxRelError', 'cost']);
    expect(exp.interval[1]).toBeCloseTo(Math.LN2 / 2, 15);
    expect(getTask('fn:exp2', { precision: 'f64' }).objectives).toEqual(['maxAbsError', 'cost']);
    expect(getTask('fn:exp2', { precision: 'f32', error: 'ulp' }).objectives).toEqual(['maxUlpError', 'cost']);
  });

  it('rejects bad option values with one line naming the option and what it accepts', () => {
    expect(() => getTask('fn:exp2', { precision: 'f16' })).toThrow("task fn:exp2: precision must be f32 or f64, got 'f16'");
    expect(() => getTask('fn:exp2', { interval: '1,0' })).toThrow("interval must be '[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b, got '1,0'");
    expect(() => getTask('fn:exp2', { interval: 'x' })).toThrow('interval must be');
    expect(() => getTask('fn:exp2', { fit: 'newton' })).toThrow('fit must be one of none, lm-minimax, cmaes');
    expect(() => getTask('fn:exp2', { cost: 'time' })).toThrow('cost must be one of interactions, ops, weights:FILE, latency');
    expect(() => getTask('fn:exp2', { validation: 1 })).toThrow('validation must be an integer from 2');
    expect(() => getTask('fn:exp2', { frobnicate: 1 })).toThrow("unknown option 'frobnicate'");
    expect(() => getTask('fn:user', { interval: '0,1' })).toThrow('option target');
    expect(() => getTask('fn:user', { target: 'def f(x):\n  y = x +\n  return y\n', interval: '0,1' })).toThrow(/fn:user: target: target:2:/);
  });

  it('an interval option moves the points; the cost models count as documented', () => {
    const task = getTask('fn:exp2', { precision: 'f64', interval: '-1,1', points: 5 }) as FunctionTask;
    expect(Array.from(functionTaskData(task).xs)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(costModel('interactions').cost(HORNER3)).toBe(6);
    const fma = parseProgram('def f(x):\n  c = 2 * 3\n  y = fma(x, c, 1)\n  y = fma(y, x, 1)\n  return y\n');
    expect(costModel('interactions').cost(fma)).toBe(4); // fma = 2; the constant product is free
    expect(costModel('ops').cost(fma)).toBe(3);
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-cost-'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ mul: 3, default: 1 }));
    expect(costModel(`weights:${join(dir, 'w.json')}`).cost(HORNER3)).toBe(3 * 3 + 3);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ frob: 3 }));
    expect(() => costModel(`weights:${join(dir, 'bad.json')}`)).toThrow("unknown op 'frob'");
  });

  it('a user-defined target (a DSL program) scores like the built-in it spells', async () => {
    const target = 'def f(x):\n  y = x * x\n  y = y + 1\n  return y\n';
    const user = getTask('fn:user', { target, interval: '0,2', precision: 'f64', points: 101 });
    expect(user.description).toContain('y = x * x; y = y + 1');
    const guess = 'def f(x):\n  y = x * 2\n  y = y + 1\n  return y\n';
    const [r] = await evaluateOnCpu(user, [guess]);
    // max |2x + 1 - (x^2 + 1)| on [0, 2] is 1 at x = 1
    expect(r.measures.maxAbsError).toBe(1);
    const [fitted] = await evaluateOnCpu(getTask('fn:user', { target, interval: '0,2', precision: 'f64', points: 101, fit: 'lm-minimax' }), [guess]);
    expect(fitted.measures.maxAbsError).toBeCloseTo(0.5, 3); // minimax line for x^2 on [0, 2]
  });
});
