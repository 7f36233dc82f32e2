import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { remez } from '../../../src/eval/baselines/remez.ts';
import { compileScalar } from '../../../src/dsl/compile.ts';
import { reciprocalProgram, reciprocalSymmetry, symmetricRationalProgram, symmetryOf } from '../../../src/eval/baselines/structured.ts';
import { bestBaselineAt, gridErrors, taskBaselines } from '../../../src/eval/baselines/task-baselines.ts';
import type { TaskBaseline } from '../../../src/eval/baselines/task-baselines.ts';
import { reference } from '../../../src/eval/reference/targets.ts';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';

const fn = (id: string, options: Record<string, string>): FunctionTask => getTask(id, options) as FunctionTask;
const two = (x: number): string => x.toPrecision(2);

describe('structured baselines', () => {
  it('find the symmetry a numerics engineer would use, and none where there is none', () => {
    expect(symmetryOf(reference('sin'), [-Math.PI / 4, Math.PI / 4])).toBe('odd');
    expect(symmetryOf(reference('tanh'), [0, 1])).toBe('odd');
    expect(symmetryOf(reference('erf'), [0, 1])).toBe('odd');
    expect(symmetryOf(reference('sigmoid'), [-4, 4])).toBe('odd+constant');
    expect(symmetryOf(reference('exp'), [-Math.LN2 / 2, Math.LN2 / 2])).toBeUndefined();
    expect(symmetryOf(reference('ln'), [0.5, 1])).toBeUndefined();
  });

  it('reproduce Sollya remez for odd polynomials of sin on [-pi/4, pi/4] (ANCHORS.md), as programs of cost 2 + 2k', () => {
    const r = reference('sin');
    const real = [1, 2, 3, 4].map((k) => remez((x) => r.evalPoint(x), [1e-6 * (Math.PI / 4), Math.PI / 4], 0, { measure: 'abs', powers: Array.from({ length: k + 1 }, (_, j) => 2 * j + 1) }).maxError);
    expect(real.map(two)).toEqual(['0.00015', '5.6e-7', '1.2e-9', '1.7e-12']);
    const task = fn('fn:sin', { precision: 'f64' });
    const odd = taskBaselines(task, { maxCost: 10, kinds: ['symmetric'] });
    expect(odd.map((b) => [b.cost, b.label, two(b.error)])).toEqual([
      [1, 'odd x*P(x^2) deg 1', '0.019'],
      [4, 'odd x*P(x^2) deg 3', '0.00015'],
      [6, 'odd x*P(x^2) deg 5', '5.6e-7'],
      [8, 'odd x*P(x^2) deg 7', '1.2e-9'],
      [10, 'odd x*P(x^2) deg 9', '1.7e-12'],
    ]);
    expect(odd[3].error / 1.205e-9).toBeCloseTo(1, 2);
    expect(odd[4].error / 1.694e-12).toBeCloseTo(1, 2);
    // The program is what is scored: re-scoring its text gives the same error.
    expect(gridErrors(task, [parseProgram(odd[4].text)])[0]).toBe(odd[4].error);
  });

  it('add odd rationals x P(x^2)/Q(x^2) for odd targets, beating the odd polynomial on sin from cost 7 on', () => {
    const task = fn('fn:sin', { precision: 'f64' });
    const all = taskBaselines(task, { maxCost: 12 });
    const odd = (cost: number): number => bestBaselineAt(all.filter((b) => b.kind === 'odd'), cost)!.error;
    const rational = (label: string): TaskBaseline => all.find((b) => b.label === `odd x*P(x^2)/Q(x^2) ${label}`)!;
    // Q = t + c in partial fractions (S(t) + r/(t + c)): one op below the polynomial of the same degree.
    expect(['2/1', '3/1', '4/1'].map((d) => [rational(d).cost, rational(`${d} partial fractions`).cost])).toEqual([[8, 7], [10, 9], [12, 11]]);
    expect(two(rational('2/1 partial fractions').error)).toBe('8.7e-10');
    expect(two(rational('3/1 partial fractions').error)).toBe('9.2e-13');
    expect(rational('4/1').error).toBeLessThan(1e-15);
    for (const cost of [7, 8, 9, 10, 11, 12]) expect(bestBaselineAt(all, cost)!.error).toBeLessThan(odd(cost) / 1.3);
    // The polynomial stays the best form at 4 and 6 (0/1 at 4: 3.7e-4; 1/1 at 5: 6.2e-7 against 5.6e-7 at 6).
    for (const cost of [4, 6]) expect(bestBaselineAt(all, cost)!.kind).toBe('odd');
    expect(bestBaselineAt(all, 5)!.label).toBe('odd x*P(x^2)/Q(x^2) 1/1 partial fractions');
    // The programs compute x P(t)/Q(t) with Q monic, in partial fractions where Q = t + c.
    const t = 0.49;
    const cases: [number[], number[], 'odd' | 'even', number, number][] = [
      [[0.5, 0.25], [3], 'odd', 5, (0.7 * (0.5 + 0.25 * t)) / (t + 3)],
      [[0.5, 0.25, 0.125], [3], 'even', 6, (0.5 + 0.25 * t + 0.125 * t * t) / (t + 3)],
      [[0.5, 0.25], [3, 2], 'odd', 8, (0.7 * (0.5 + 0.25 * t)) / (t * t + 2 * t + 3)],
    ];
    for (const [p, q, symmetry, cost, value] of cases) {
      for (const partial of [false, true]) {
        const program = symmetricRationalProgram(p, q, symmetry, partial);
        expect(task.costModel.cost(program)).toBe(partial && q.length === 1 ? cost : cost + (q.length === 1 ? 1 : 0));
        expect(compileScalar(program, 'f64')(0.7)[0]).toBeCloseTo(value, 15);
      }
    }
  }, 60_000);

  it("reproduce AutoNumerics-Zero's rational forms of 2^x: c1/(c2+x) 4.1e-2, and p1/q1 1.2e-3 (c1/(c3+x) - c2)", () => {
    const task = fn('fn:exp2', { precision: 'f64' });
    const rational = taskBaselines(task, { maxCost: 4, kinds: ['rational'], maxRationalDegree: 2 });
    const byLabel = new Map(rational.map((b) => [b.label, b]));
    expect(byLabel.get('rational 0/1')).toMatchObject({ cost: 2 });
    expect(two(byLabel.get('rational 0/1')?.error ?? NaN)).toBe('0.041');
    expect(byLabel.get('rational 1/1')).toMatchObject({ cost: 4 });
    expect(two(byLabel.get('rational 1/1')?.error ?? NaN)).toBe('0.0012');
  });

  it('find f(x) f(-x) = f(0)^2 in exponentials only, and write f(0) P(x)/P(-x) at cost 6, 8, 10, 12 for P of degree 2-5', () => {
    expect(reciprocalSymmetry(reference('exp2'), [0, 1])).toBe(1);
    expect(reciprocalSymmetry(reference('exp'), [-Math.LN2 / 2, Math.LN2 / 2])).toBe(1);
    for (const [name, interval] of [['sin', [-1, 1]], ['log2', [1, 2]], ['sigmoid', [-4, 4]], ['tanh', [0, 1]], ['erf', [0, 1]]] as const) expect(reciprocalSymmetry(reference(name), interval), name).toBeUndefined();
    const task = fn('fn:exp2', { precision: 'f64' });
    const P = [1, 0.35, 0.06, 0.006, 3e-4, 1e-5];
    for (const d of [2, 3, 4, 5]) {
      const program = reciprocalProgram(P.slice(0, d + 1), 1);
      expect(task.costModel.cost(program)).toBe(2 * d + 2);
      const at = (x: number): number => P.slice(0, d + 1).reduce((s, c, k) => s + c * x ** k, 0);
      // The ratio, whatever P was scaled by to make its top even coefficient 1.
      expect(compileScalar(program, 'f64')(0.7)[0]).toBeCloseTo(at(0.7) / at(-0.7), 14);
    }
    expect(compileScalar(reciprocalProgram(P.slice(0, 3), 3), 'f64')(0.7)[0]).toBeCloseTo((3 * (1 + 0.35 * 0.7 + 0.06 * 0.49)) / (1 - 0.35 * 0.7 + 0.06 * 0.49), 13);
  });

  it('on 2^x over (0,1]: P(x)/P(-x) and its powers reach 1e-11 at cost 10 and 1e-13 at cost 11 (f10: 4.9e-15 at 11)', () => {
    const task = fn('fn:exp2', { precision: 'f64', interval: '(0,1]' });
    const all = taskBaselines(task, { maxCost: 12 });
    expect(bestBaselineAt(all, 8)?.label).toBe('P(x)/P(-x) deg 3');
    expect(bestBaselineAt(all, 10)?.error).toBeLessThan(1e-11);
    const best11 = bestBaselineAt(all, 11)!;
    expect(best11.label).toMatch(/^\(P\(x\)\/P\(-x\) deg \d\)\^\d+$/);
    expect(best11.error).toBeLessThan(1e-13);
    expect(gridErrors(task, [parseProgram(best11.text)])[0]).toBe(best11.error);
  }, 120_000);

  it('keep minimax polynomials as the first baseline, in the task cost model', () => {
    const task = fn('fn:exp2', { precision: 'f64' });
    const mm = taskBaselines(task, { maxCost: 6, kinds: ['minimax'] });
    expect(mm.map((b) => [b.cost, two(b.error)])).toEqual([
      [2, '0.043'],
      [4, '0.0025'],
      [6, '0.00011'],
    ]);
    const ops = fn('fn:exp2', { precision: 'f64', cost: 'ops' });
    expect(taskBaselines(ops, { maxCost: 3, kinds: ['minimax'] }).map((b) => [b.cost, b.label])).toEqual([
      [1, 'minimax deg 1 fma'],
      [2, 'minimax deg 2 fma'],
      [2, 'minimax deg 1'],
      [3, 'minimax deg 3 fma'],
    ]);
  });
});
