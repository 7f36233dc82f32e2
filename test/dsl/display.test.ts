import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayLine, displayProgram, displayText } from '../../src/dsl/display.ts';
import type { DisplayPrecision } from '../../src/dsl/display.ts';
import { interpret } from '../../src/dsl/interpret.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printProgram } from '../../src/dsl/print.ts';
import type { Program } from '../../src/dsl/program.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { allInputs } from '../../src/dsl/signature.ts';
import { arbitraryAnyProgram, arbitraryLiteral } from '../support/arbitrary.ts';

/** The same double, bit for bit (NaN equals NaN: the payload is not observable here). */
const identical = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function run(p: Program, xs: readonly number[], precision: DisplayPrecision): number[] {
  const inputs = Object.fromEntries(allInputs(p.domain).map((name, i) => [name, name === 't' ? 3 : xs[i % xs.length]]));
  return interpret(p, inputs, precision);
}

const body = (text: string): string => displayLine(displayText(parseProgram(text)));

describe('displayProgram', () => {
  for (const precision of ['f64', 'f32'] as const) {
    it(`computes exactly what the program computes in ${precision}, on random programs and inputs`, () => {
      fc.assert(
        fc.property(arbitraryAnyProgram(), fc.array(arbitraryLiteral(), { minLength: 6, maxLength: 6 }), (p, xs) => {
          const shown = displayProgram(p, precision);
          const a = run(p, xs, precision);
          const b = run(shown, xs, precision);
          expect(b.length).toBe(a.length);
          a.forEach((x, i) => expect(identical(x, b[i]), `output ${i}: ${x} vs ${b[i]}\n${printProgram(p)}\n${printProgram(shown)}`).toBe(true));
          // It never has more statements, and it reads back as itself.
          expect(shown.body.length).toBeLessThanOrEqual(p.body.length);
          expect(printProgram(parseProgram(printProgram(shown)))).toBe(printProgram(shown));
        }),
        { numRuns: 400 },
      );
    });

    it(`shows no statement whose operands are all constants, unless its value cannot be written (${precision})`, () => {
      fc.assert(
        fc.property(arbitraryAnyProgram(), (p) => {
          for (const s of displayProgram(p, precision).body) {
            if (s.args.length === 0 || s.args.some((a) => a.kind === 'var')) continue;
            // Left unfolded: a value the text cannot spell (inf, NaN, -0), or the copy of a constant into an output.
            const value = interpret({ domain: p.domain, body: [s], outputs: [s.target] }, Object.fromEntries(allInputs(p.domain).map((n) => [n, 1])), precision)[0];
            const copy = s.op === 'add' && s.args[1].kind === 'lit' && s.args[1].value === 0 && p.outputs.includes(s.target);
            expect(copy || !Number.isFinite(value) || Object.is(value, -0), `${s.target} = ${s.op}(...) = ${value}`).toBe(true);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('folds constant chains into one literal and absorbs signs, keeping names', () => {
    expect(body('def f(x):\n  y = fma(-3770.36, 32.539, 122694.22)\n  y = -8.79 + y\n  y = x + y\n  return y\n')).toBe(`y = x + ${-3770.36 * 32.539 + 122694.22 - 8.79}`);
    expect(body('def f(x):\n  y = div4(3.2305)\n  return y\n')).toBe('y = 0.807625');
    expect(body('def f(x):\n  y = x - -1.0024\n  return y\n')).toBe('y = x + 1.0024');
    expect(body('def f(x):\n  t1 = x * x\n  y = t1 + -0.5\n  return y\n')).toBe('t1 = x * x; y = t1 - 0.5');
    expect(body('def f(x):\n  c = 2 * 3\n  y = c + x\n  y = -1.5 + y\n  return y\n')).toBe('y = 6 + x; y = y - 1.5');
  });

  it('drops dead statements (a mutant of AdamW whose weight decay no longer reaches the update)', () => {
    const adamw = parseProgram('def train(w, g, m, v, lr):\n  wd = w * 0.01\n  update = g * lr\n  return update, m, v\n');
    expect(displayLine(displayText(adamw))).toBe('update = g * lr');
  });

  it('folds in f32 as an f32 evaluation does, writing the shortest decimal of the float32', () => {
    const p = parseProgram('def f(x):\n  c = 0.1 * 3\n  y = x * c\n  return y\n');
    expect(displayLine(displayText(p, 'f32'))).toBe(`y = x * 0.3`);
    expect(Math.fround(0.3)).toBe(Math.fround(Math.fround(0.1) * 3));
    expect(displayLine(displayText(p, 'f64'))).toBe(`y = x * ${0.1 * 3}`);
  });

  it('keeps a program with nothing to fold or drop as written', () => {
    for (const name of ['adamw', 'lion', 'exp2_taylor3']) {
      const p = loadSeed(name);
      expect(displayProgram(p)).toBe(p);
      expect(displayText(p)).toBe(printProgram(p));
    }
  });
});
