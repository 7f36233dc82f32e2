import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../src/dsl/compile.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { literals, withLiterals, type Program } from '../../../src/dsl/program.ts';
import { fitConstants, type FitMethod, type FitObjective } from '../../../src/eval/fit/fit-constants.ts';
import { uniformPoints } from '../../../src/eval/reference/points.ts';
import { reference, tabulate, type ReferenceTable } from '../../../src/eval/reference/targets.ts';

const METHODS: readonly FitMethod[] = ['cmaes', 'lm-minimax'];

/**
 * Absolute-error residuals of a real DSL program against a reference table: the constants are
 * written back with withLiterals and the program compiled to a closure on every evaluation
 * (the lead's evaluator will pass constants as data instead; the fitter cannot tell).
 */
function programObjective(p: Program, table: ReferenceTable): FitObjective {
  const n = table.xs.length;
  const y = new Float64Array(n);
  return {
    nPoints: n,
    residuals(constants, out) {
      compileProgram(withLiterals(p, Array.from(constants)), 'f64')([table.xs], [y], n);
      for (let i = 0; i < n; i++) out[i] = y[i] - table.hi[i] - table.lo[i];
    },
  };
}

const exp2Table = tabulate(reference('exp2'), uniformPoints(0, 1, 512));

describe('fitting constants of real programs to 2^x on [0, 1] (AutoNumerics-Zero forms, max abs error)', () => {
  const cases = [
    { form: 'c1/(c2+x)', text: 'def f(x):\n  t = x + -3.0\n  y = -1.0 / t\n  return y\n', want: '4.1e-2', table: exp2Table },
    { form: 'c1/(c3+x) - c2', text: 'def f(x):\n  t = x + -3.5\n  t = -8.0 / t\n  y = t - 1.5\n  return y\n', want: '1.2e-3', table: exp2Table },
    {
      form: 'c2/(c4 + x + c1/x) - c3',
      text: 'def f(x):\n  t = 25.0 / x\n  t = t + x\n  t = t + -9.0\n  t = 18.0 / t\n  y = t - -1.0\n  return y\n',
      want: '6.3e-6',
      // x = 0 left out: the DSL's protected division makes c1/0 = 0 (not Infinity), so the
      // program jumps at 0 to c2/c4 - c3 instead of its limit -c3.
      table: tabulate(reference('exp2'), uniformPoints(0, 1, 512).subarray(1)),
    },
  ];
  for (const { form, text, want, table } of cases) {
    for (const method of METHODS) {
      it(`${form} reaches ${want} with ${method}`, () => {
        const p = parseProgram(text);
        const objective = programObjective(p, table);
        const initial = Float64Array.from(literals(p));
        const before = fitConstants(objective, initial, { method, budget: 1, seed: 1 }).maxError;
        // Stop once the error rounds to the published two digits (e.g. below 1.24e-3 for 1.2e-3).
        const fit = fitConstants(objective, initial, { method, budget: 6000, seed: 1, targetError: Number(want) + 0.04 * 10 ** Math.floor(Math.log10(Number(want))) });
        expect(fit.maxError.toExponential(1)).toBe(want);
        expect(fit.maxError).toBeLessThan(before / 10);
        expect(fit.evaluations).toBeLessThanOrEqual(6000);
        // Writing the constants back gives a program with that error.
        const fitted = withLiterals(p, Array.from(fit.constants));
        const r = new Float64Array(objective.nPoints);
        programObjective(fitted, table).residuals(fit.constants, r);
        expect(Math.max(...r.map(Math.abs))).toBe(fit.maxError);
      });
    }
  }
});

describe('fitConstants', () => {
  // The minimax line for 2^x on [0, 1] has error 4.30e-2 (ANCHORS.md, degree 1): a linear problem.
  const n = exp2Table.xs.length;
  const line: FitObjective = {
    nPoints: n,
    residuals(c, out) {
      for (let i = 0; i < n; i++) out[i] = c[0] + c[1] * exp2Table.xs[i] - exp2Table.hi[i] - exp2Table.lo[i];
    },
  };

  it('both methods reach the minimax line (4.30e-2) from a rough start', () => {
    for (const method of METHODS) {
      const fit = fitConstants(line, Float64Array.from([0.5, 2]), { method, budget: 3000, seed: 3 });
      expect(fit.maxError.toExponential(2), method).toBe('4.30e-2');
    }
  });

  it('both methods solve Rosenbrock as residuals (10 (b - a^2), 1 - a) to 1e-8', () => {
    const rosenbrock: FitObjective = {
      nPoints: 2,
      residuals(c, out) {
        out[0] = 10 * (c[1] - c[0] * c[0]);
        out[1] = 1 - c[0];
      },
    };
    for (const method of METHODS) {
      const fit = fitConstants(rosenbrock, Float64Array.from([-1.2, 1]), { method, budget: 20000, seed: 2, targetError: 1e-8 });
      expect(fit.maxError, method).toBeLessThanOrEqual(1e-8);
      expect(fit.constants[0]).toBeCloseTo(1, 6);
    }
  });

  it('is deterministic for a seed, respects the budget and never returns worse than the start', () => {
    for (const method of METHODS) {
      const a = fitConstants(line, Float64Array.from([1, 1]), { method, budget: 200, seed: 7 });
      const b = fitConstants(line, Float64Array.from([1, 1]), { method, budget: 200, seed: 7 });
      expect(Array.from(a.constants)).toEqual(Array.from(b.constants));
      expect(a.evaluations).toBeLessThanOrEqual(200);
      const start = fitConstants(line, Float64Array.from([1, 1]), { method, budget: 1, seed: 7 });
      expect(start.evaluations).toBe(1);
      expect(a.maxError).toBeLessThanOrEqual(start.maxError);
    }
  });

  it('survives NaN and infinite residuals (poles crossed by a step)', () => {
    const pole: FitObjective = {
      nPoints: n,
      residuals(c, out) {
        for (let i = 0; i < n; i++) {
          const x = exp2Table.xs[i];
          out[i] = c[0] / (c[1] + x) - exp2Table.hi[i];
          if (Math.abs(c[1] + x) < 1e-3) out[i] = NaN;
        }
      },
    };
    for (const method of METHODS) {
      const fit = fitConstants(pole, Float64Array.from([-2, -2]), { method, budget: 3000, seed: 1 });
      expect(Number.isFinite(fit.maxError)).toBe(true);
      expect(fit.maxError).toBeLessThan(0.05);
    }
  });

  it('handles programs without constants and rejects bad options', () => {
    const none: FitObjective = { nPoints: 2, residuals: (_c, out) => out.set([0.5, -0.25]) };
    for (const method of METHODS) expect(fitConstants(none, new Float64Array(0), { method, budget: 50, seed: 1 })).toEqual({ constants: new Float64Array(0), maxError: 0.5, evaluations: 1 });
    expect(() => fitConstants(line, Float64Array.from([1, 1]), { method: 'cmaes', budget: 0, seed: 1 })).toThrow(/budget/);
    expect(() => fitConstants(line, Float64Array.from([NaN, 1]), { method: 'cmaes', budget: 10, seed: 1 })).toThrow(/finite/);
    expect(() => fitConstants(line, Float64Array.from([1, 1]), { method: 'nelder' as FitMethod, budget: 10, seed: 1 })).toThrow(/unknown method/);
  });
});
