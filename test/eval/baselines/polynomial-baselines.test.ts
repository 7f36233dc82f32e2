import { describe, expect, it } from 'vitest';
import { interpretBatch } from '../../../src/dsl/interpret.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { programsEqual } from '../../../src/dsl/program.ts';
import { polynomialBaselines } from '../../../src/eval/baselines/polynomial-baselines.ts';
import { evalPolynomialF32, evalPolynomialF64, hornerCost, hornerProgram } from '../../../src/eval/baselines/polynomial.ts';
import { taylorPolynomial } from '../../../src/eval/baselines/taylor.ts';
import { maxError } from '../../../src/eval/error-measures.ts';
import { uniformPoints } from '../../../src/eval/reference/points.ts';
import { reference, tabulate, userReference } from '../../../src/eval/reference/targets.ts';

describe('Horner programs', () => {
  const c = [1, -0.5, 0.25, 0.125];
  it('have 2n mul/add ops or n fma ops and evaluate like Horner in f64 and f32', () => {
    const xs = uniformPoints(-1, 1, 101);
    for (const fma of [false, true]) {
      const p = hornerProgram(c, { fma });
      expect(p.body.length).toBe(hornerCost(3, fma));
      const [y64] = interpretBatch(p, { x: xs }, 'f64');
      const [y32] = interpretBatch(p, { x: xs }, 'f32');
      xs.forEach((x, i) => {
        expect(y64[i]).toBe(evalPolynomialF64(c, x));
        expect(y32[i]).toBe(evalPolynomialF32(c, x, fma)); // bit for bit with the interpreter
      });
    }
    expect(() => hornerProgram([1])).toThrow(/degree/);
  });
});

describe('polynomialBaselines', () => {
  const rows = polynomialBaselines(reference('exp2'), { degrees: [2, 6], densePoints: 4001 });

  it('gives minimax and Taylor rows with costs, programs that parse back, and errors the interpreter confirms', () => {
    expect(rows.map((r) => [r.kind, r.degree, r.cost.horner, r.cost.fma])).toEqual([
      ['minimax', 2, 4, 2],
      ['minimax', 6, 12, 6],
      ['taylor', 2, 4, 2],
      ['taylor', 6, 12, 6],
    ]);
    const table = tabulate(reference('exp2'), uniformPoints(0, 1, 1001));
    for (const r of rows) {
      expect(programsEqual(parseProgram(r.text), r.program)).toBe(true);
      expect(programsEqual(parseProgram(r.fmaText), r.fmaProgram)).toBe(true);
      expect(r.text).toMatch(/^def f\(x\):\n  y = x \* /);
      const [y] = interpretBatch(r.program, { x: table.xs }, 'f64');
      const e = maxError(table.xs, y, table, 'abs').value;
      expect(e).toBeLessThanOrEqual(r.maxError * 1.0001 + 4e-16); // a coarser grid never finds more
      expect(e).toBeGreaterThan(r.maxError * 0.9);
    }
  });

  it('minimax beats Taylor of the same degree, and Taylor is about the midpoint', () => {
    expect(rows[0].maxError).toBeLessThan(rows[2].maxError);
    expect(rows[1].maxError).toBeLessThan(rows[3].maxError);
    // exp about 0 (the midpoint of its symmetric interval): 1, 1, 1/2, 1/6
    const t = taylorPolynomial(reference('exp'), 3).map((d) => d.toNumber());
    expect(t).toEqual([1, 1, 0.5, 1 / 6]);
  });

  it('reports the float32-coefficient variant and its float32 ULP error (degree 6 + fma below 1 ULP on the sample)', () => {
    const six = rows[1];
    expect(six.float32.coefficients).toEqual(six.coefficients.map(Math.fround));
    expect(six.float32.maxError).toBeGreaterThanOrEqual(six.maxError * 0.99);
    expect(six.float32.maxUlp.fma).toBeLessThan(1);
    expect(rows[0].float32.maxUlp.horner).toBeGreaterThan(1000);
  });

  it('refuses Taylor for user targets (no exact derivatives) and degree 0', () => {
    const user = userReference('cube', (x) => x ** 3, [0, 1]);
    expect(() => polynomialBaselines(user, { degrees: [2], kinds: ['taylor'] })).toThrow(/built-in target/);
    expect(() => polynomialBaselines(reference('exp2'), { degrees: [0] })).toThrow(/degree >= 1/);
  });
});
