import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printExpression, printProgram } from '../../src/dsl/print.ts';
import { lit, named, program, programsEqual, statement, v } from '../../src/dsl/program.ts';
import { arbitraryAnyProgram, arbitraryProgram } from '../support/arbitrary.ts';

/** AdamW exactly as the Lion paper prints it (ANCHORS.md). */
const ADAMW = `def train(w, g, m, v, lr):
  g2 = square(g)
  m = interp(g, m, 0.9)
  v = interp(g2, v, 0.999)
  sqrt_v = sqrt(v)
  update = m / sqrt_v
  wd = w * 0.01
  update = update + wd
  lr = lr * 0.001
  update = update * lr
  return update, m, v
`;

describe('printProgram', () => {
  it('prints AdamW back byte for byte', () => {
    expect(printProgram(parseProgram(ADAMW))).toBe(ADAMW);
  });

  it('prints + - * / infix, other ops as calls, constants by name, a def line and a return', () => {
    const p = program(
      'function',
      [
        statement('a', 'add', [v('x'), lit(1)]),
        statement('b', 'sub', [v('a'), lit(-0.5)]),
        statement('c', 'mul', [named('pi'), v('b')]),
        statement('d', 'div', [v('c'), lit(-0)]),
        statement('y', 'fma', [v('d'), lit(1e-8), named('eps')]),
        statement('y', 'negative', [v('y')]),
      ],
      ['y'],
    );
    expect(printProgram(p)).toBe(
      ['def f(x):', '  a = x + 1', '  b = a - -0.5', '  c = pi * b', '  d = c / -0', '  y = fma(d, 1e-8, eps)', '  y = negative(y)', '  return y', ''].join('\n'),
    );
  });

  it('prints statements it cannot validate as calls instead of failing', () => {
    expect(printExpression(statement('y', 'frob', [v('x')]))).toBe('frob(x)');
    expect(printExpression(statement('y', 'add', [v('x')]))).toBe('add(x)');
  });

  it('round-trips: parse(print(p)) equals p for generated programs', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram(), (p) => {
        expect(programsEqual(parseProgram(printProgram(p)), p)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips long programs too', () => {
    fc.assert(
      fc.property(arbitraryProgram('optimizer', { minStatements: 30, maxStatements: 60 }), (p) => {
        expect(programsEqual(parseProgram(printProgram(p)), p)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('is canonical: print(parse(print(p))) === print(p)', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram(), (p) => {
        const text = printProgram(p);
        expect(printProgram(parseProgram(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('gives equal programs the same text and different programs different text', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram({ maxStatements: 3 }), arbitraryAnyProgram({ maxStatements: 3 }), (a, b) => {
        expect(printProgram(a) === printProgram(b)).toBe(programsEqual(a, b));
      }),
      { numRuns: 300 },
    );
  });
});
