import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../src/dsl/compile.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { printProgram } from '../../../src/dsl/print.ts';
import { literals, withLiterals } from '../../../src/dsl/program.ts';
import { float32Polish } from '../../../src/eval/fit/float32-polish.ts';
import { float32Refit } from '../../../src/eval/tasks/function/cpu-scorer.ts';
import { functionTaskData, reduceErrors } from '../../../src/eval/tasks/function/task.ts';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';

// Degree-4 minimax-like polynomial of 2^x on [0, 1) (f64 fit), in Horner form: max about 40 ULP in float32.
const HORNER4 = parseProgram('def f(x):\n  y = x * 0.013697\n  y = y + 0.051690\n  y = y * x\n  y = y + 0.241710\n  y = y * x\n  y = y + 0.693038\n  y = y * x\n  y = y + 1.0000037\n  return y\n');
const task = getTask('fn:exp2', { precision: 'f32', interval: '[0,1)', error: 'ulp', points: 1024 }) as FunctionTask;
const data = functionTaskData(task, 2048);

/** Max float32 ULP error of `p` on `data`, computed the way the CPU scorer does (compileProgram f32 + reduceErrors). */
const scored = (p: ReturnType<typeof parseProgram>): number => {
  const ys = new Float64Array(data.xs.length);
  compileProgram(p, 'f32')([data.xs], [ys], data.xs.length);
  return reduceErrors(ys, data, data.xs.length).maxUlpError;
};

describe('float32 constant polish', () => {
  it('evaluates exactly as the f32 scorer does, and never hands back anything worse than its start', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { minLength: 5, maxLength: 5 }), (shifts) => {
        const p = withLiterals(HORNER4, literals(HORNER4).map((c, i) => c * (1 + shifts[i] * 1e-3)));
        const r = float32Polish(p, data, { budget: 60, beam: 2, maxStep: 8 });
        // The start is the program as the f32 evaluator runs it (constants rounded to float32).
        expect(r.start.maxUlp).toBe(scored(p));
        for (const f of r.finalists) expect(scored(f.program)).toBe(f.maxUlp);
        expect(r.finalists[0].maxUlp).toBeLessThanOrEqual(r.start.maxUlp);
        for (const f of r.finalists) for (const c of f.constants) expect(Math.fround(c)).toBe(c);
      }),
      { numRuns: 8 },
    );
  });

  it('improves a program whose f64 constants are off by a few float32 ULPs, deterministically', () => {
    const r1 = float32Polish(HORNER4, data, { budget: 400 });
    const r2 = float32Polish(HORNER4, data, { budget: 400 });
    expect(r1.finalists[0].maxUlp).toBeLessThan(r1.start.maxUlp);
    expect(r1.finalists.map((f) => printProgram(f.program))).toEqual(r2.finalists.map((f) => printProgram(f.program)));
    expect(r1.evaluations).toBe(r2.evaluations);
  });

  it("the scorer's refit is never worse than the entry or its f64 fit on the choice points, and the same on every call", () => {
    const choice = functionTaskData(task, 4097);
    const maxOn = (p: ReturnType<typeof parseProgram>): number => {
      const ys = new Float64Array(choice.xs.length);
      compileProgram(p, 'f32')([choice.xs], [ys], choice.xs.length);
      return reduceErrors(ys, choice, choice.xs.length).maxUlpError;
    };
    const entry = withLiterals(HORNER4, literals(HORNER4).map((c) => c * (1 + 3e-6)));
    const a = float32Refit(task, entry, HORNER4, { search: 2048, choice: 4097 });
    const b = float32Refit(task, entry, HORNER4, { search: 2048, choice: 4097 });
    expect(printProgram(a)).toBe(printProgram(b));
    expect(maxOn(a)).toBeLessThanOrEqual(Math.min(maxOn(entry), maxOn(HORNER4)));
    expect(maxOn(a)).toBeLessThan(maxOn(HORNER4));
  });
});
