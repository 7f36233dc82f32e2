import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DslError } from '../../src/dsl/errors.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { lit, named, program, programsEqual, statement, v } from '../../src/dsl/program.ts';
import { arbitraryAnyProgram } from '../support/arbitrary.ts';

/** The error parseProgram throws for `text` (fails the test if it parses). */
function errorOf(text: string, file = 'p.sym'): DslError {
  try {
    parseProgram(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(DslError);
    return error as DslError;
  }
  throw new Error(`expected a parse error for:\n${text}`);
}

const fn = (...body: string[]): string => ['def f(x):', ...body.map((l) => `  ${l}`)].join('\n') + '\n';
const opt = (...body: string[]): string => ['def train(w, g, m, v, lr):', ...body.map((l) => `  ${l}`)].join('\n') + '\n';

describe('parseProgram: accepted syntax', () => {
  it('reads calls, infix sugar, negation, literals and named constants', () => {
    const p = parseProgram(fn('a = fma(x, 2, -0.5)', 'b = a - -1e-8', 'c = -a', 'd = -0.5 * b', 'e2 = pi + eps', 'y = add(c, .5)', 'return y'));
    const expected = program(
      'function',
      [
        statement('a', 'fma', [v('x'), lit(2), lit(-0.5)]),
        statement('b', 'sub', [v('a'), lit(-1e-8)]),
        statement('c', 'negative', [v('a')]),
        statement('d', 'mul', [lit(-0.5), v('b')]),
        statement('e2', 'add', [named('pi'), named('eps')]),
        statement('y', 'add', [v('c'), lit(0.5)]),
      ],
      ['y'],
    );
    expect(programsEqual(p, expected)).toBe(true);
  });

  it('reads `y = -0.5` as negative(0.5) and `-0` as negative zero', () => {
    const p = parseProgram(fn('y = -0.5', 'z = x * -0', 'return z'));
    expect(p.body[0]).toEqual(statement('y', 'negative', [lit(0.5)]));
    expect(Object.is((p.body[1].args[1] as { value: number }).value, -0)).toBe(true);
  });

  it('ignores comments, blank lines, CRLF line endings, tabs and a missing final newline', () => {
    const text = '# header\r\n\r\ndef f(x):  # the def\r\n\ty = x * 2 # double\r\n\r\n\t# note\r\n\treturn y';
    expect(printProgram(parseProgram(text))).toBe('def f(x):\n  y = x * 2\n  return y\n');
  });

  it('skips a byte-order mark', () => {
    expect(parseProgram('\uFEFFdef f(x):\n  return x\n').outputs).toEqual(['x']);
  });

  it('reads the implicit step counter t, which the def line does not list', () => {
    const p = parseProgram(opt('b = power(0.9, t)', 'return b, m, v'));
    expect(p.body[0].args[1]).toEqual(v('t'));
  });

  it('accepts programs with an empty body that return inputs unchanged', () => {
    const p = parseProgram(opt('return g, m, m'));
    expect(p.body).toHaveLength(0);
    expect(p.outputs).toEqual(['g', 'm', 'm']);
  });

  it('reads every number format printing produces back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const p = parseProgram(fn(`y = x + ${Object.is(value, -0) ? '-0' : String(value)}`, 'return y'));
        expect(Object.is((p.body[0].args[1] as { value: number }).value, value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseProgram: every error points at the offending token', () => {
  // [what, text, 'line:col', message pattern]
  const cases: readonly (readonly [string, string, string, RegExp])[] = [
    ['unexpected character', fn('y = x $ 1', 'return y'), '2:9', /unexpected character '\$'/],
    ['non-ASCII character', fn('y = x\u00a0+ 1', 'return y'), '2:8', /unexpected character U\+00A0/],
    ['malformed number', fn('y = x + 2e', 'return y'), '2:11', /malformed number '2e'/],
    ['number with two dots', fn('y = x + 1.2.3', 'return y'), '2:11', /malformed number '1\.2\.3'/],
    ['unknown op with a suggestion', fn('y = sqr(x)', 'return y'), '2:7', /unknown op 'sqr'; did you mean 'sqrt'\?/],
    ['unknown op, transposed letters', fn('y = sqtr(x)', 'return y'), '2:7', /did you mean 'sqrt'/],
    ['unknown op far from every name', fn('y = frobnicate(x)', 'return y'), '2:7', /unknown op 'frobnicate'; ops: add, /],
    ['too few operands', fn('y = interp(x, 1)', 'return y'), '2:18', /interp takes 3 operands, got 2/],
    ['too many operands', fn('y = sqrt(x, 1)', 'return y'), '2:15', /sqrt takes 1 operand, got 2/],
    ['no operands', fn('y = sqrt()', 'return y'), '2:12', /sqrt takes 1 operand, got 0/],
    ['undefined variable', fn('y = x + q', 'return y'), '2:11', /undefined variable 'q'/],
    ['undefined variable with a suggestion', opt('u = gg * lr', 'return u, m, v'), '2:7', /undefined variable 'gg'; did you mean 'g'\?/],
    ['use before assignment', fn('y = x + z', 'z = x * 2', 'return y'), '2:11', /'z' is used before it is assigned/],
    ['an op used as a value', fn('y = x + sqrt', 'return y'), '2:11', /'sqrt' is an op, not a value/],
    ['undefined returned variable', fn('y = x * 2', 'return z'), '3:10', /undefined variable 'z'/],
    ['assigning a named constant', fn('pi = x + 1', 'return x'), '2:3', /cannot assign to the named constant 'pi'/],
    ['assigning an op name', fn('sqrt = x + 1', 'return x'), '2:3', /'sqrt' is an op name/],
    ['assigning the implicit step counter', opt('t = t + 1', 'return w, m, v'), '2:3', /'t' is an implicit input of train and is read-only/],
    ['calling a named constant', fn('y = pi(x)', 'return y'), '2:7', /'pi' is a named constant, not an op/],
    ['unknown def name', 'def g(x):\n  return x\n', '1:5', /unknown program name 'g'.*def train\(w, g, m, v, lr\):.*def f\(x\):/],
    ['wrong def inputs', 'def train(w, m, g, v, lr):\n  return w, m, v\n', '1:14', /input 2 of train is 'g', got 'm'/],
    ['missing def input', 'def train(w, g, m, v):\n  return w, m, v\n', '1:21', /missing input 'lr'/],
    ['extra def input', 'def f(x, z):\n  return x\n', '1:10', /unexpected input 'z'/],
    ['implicit input listed', 'def train(w, g, m, v, lr, t):\n  return w, m, v\n', '1:27', /'t' is an implicit input: leave it out/],
    ['no def line', '# only a comment\ny = x\n', '2:1', /expected a def line before the first statement/],
    ['empty text', '', '1:1', /expected a def line/],
    ['indented def line', '  def f(x):\n  return x\n', '1:1', /must not be indented/],
    ['missing colon', 'def f(x)\n  return x\n', '1:9', /expected ':'/],
    ['statement on the def line', 'def f(x): return x\n', '1:11', /statements go on their own lines/],
    ['missing return', fn('y = x * 2'), '3:1', /missing return: f must end with `return y`/],
    ['missing return without final newline', 'def f(x):\n  y = x * 2', '2:12', /missing return/],
    ['too few returned values', opt('u = g * lr', 'return u, m'), '3:3', /train returns 3 values \(update, m, v\), got 2/],
    ['too many returned values', fn('y = x * 2', 'return y, x'), '3:13', /f returns 1 value \(y\), got 2/],
    ['empty return', fn('return'), '2:3', /f returns 1 value \(y\), got 0/],
    ['returning a literal', fn('return 1'), '2:10', /return lists variables, got '1'/],
    ['returning an expression', fn('return x + 1'), '2:12', /return lists variables: assign the expression/],
    ['statement after return', fn('return x', 'y = x * 2'), '3:3', /unexpected 'y' after return/],
    ['second def', fn('return x') + 'def f(x):\n  return x\n', '3:1', /after return/],
    ['unindented statement', 'def f(x):\ny = x * 2\n  return y\n', '2:1', /expected an indented statement/],
    ['inconsistent indentation', 'def f(x):\n  y = x * 2\n    return y\n', '3:5', /inconsistent indentation/],
    ['nested call', fn('y = sqrt(square(x))', 'return y'), '2:12', /nested call: assign square\(\.\.\.\) to a variable first/],
    ['call then operator', fn('y = sqrt(x) + 1', 'return y'), '2:15', /assign sqrt\(\.\.\.\) to a variable first, then apply '\+'/],
    ['operator inside a call', fn('y = sqrt(x + 1)', 'return y'), '2:14', /nested expression/],
    ['two operators', fn('y = x + 1 * 2', 'return y'), '2:13', /assign `x \+ 1` to a variable first, then apply '\*'/],
    ['negation then operator', fn('y = -x * 2', 'return y'), '2:10', /assign `-x` to a variable first/],
    ['negated variable as an operand', fn('y = x * -x', 'return y'), '2:11', /negate 'x' in a statement of its own/],
    ['parentheses', fn('y = (x + 1)', 'return y'), '2:7', /parentheses do not group/],
    ['lone value', fn('y = x', 'return y'), '2:7', /expected an op/],
    ['nothing after =', fn('y =', 'return y'), '2:6', /expected an expression after '='/],
    ['missing =', fn('y x', 'return y'), '2:5', /expected '=' after 'y'/],
    ['unassigned call', fn('sqrt(x)', 'return x'), '2:7', /must be assigned/],
    ['missing )', fn('y = sqrt(x', 'return y'), '2:13', /expected ',' or '\)', got end of line/],
    ['text after )', fn('y = sqrt(x) x', 'return y'), '2:15', /unexpected 'x' after '\)'/],
    ['literal that overflows', fn('y = x + 1e999', 'return y'), '2:11', /literal 1e999 is not finite/],
    ['negative literal that overflows', fn('y = x * -2e400', 'return y'), '2:11', /literal -2e400 is not finite/],
    ['keyword as operand', fn('y = x + return', 'return y'), '2:11', /unexpected keyword 'return'/],
    ['statement starting with a number', fn('1 = x', 'return x'), '2:3', /expected a statement/],
  ];

  it.each(cases)('%s', (_what, text, where, message) => {
    const error = errorOf(text);
    expect(error.location, error.message).toBeDefined();
    expect(`${error.location!.line}:${error.location!.col}`, error.message).toBe(where);
    expect(error.location!.file).toBe('p.sym');
    expect(error.message.startsWith(`p.sym:${where}: `)).toBe(true);
    expect(error.detail).toMatch(message);
  });

  it('reports the first error in text order: a rule broken before a syntax error wins', () => {
    expect(errorOf(fn('y = x + q', 'z = sqrt(x', 'return y')).message).toBe("p.sym:2:11: undefined variable 'q'; did you mean 'x'?");
    expect(errorOf(fn('y = sqrt(x', 'z = x + q', 'return y')).message).toMatch(/^p\.sym:2:13: /);
  });

  it("uses '<input>' when no file name is given", () => {
    expect(() => parseProgram('def f(x):\n  return q\n')).toThrow(/^<input>:2:10: undefined variable 'q'/);
  });
});

describe('parseProgram: never crashes', () => {
  /** Parses; anything thrown must be a DslError located inside the text. */
  function parsesOrFailsCleanly(text: string): void {
    try {
      parseProgram(text, 'fuzz.sym');
    } catch (error) {
      if (!(error instanceof DslError)) throw error;
      const lines = text.split(/\r\n|\r|\n/);
      expect(error.location).toBeDefined();
      const { line, col } = error.location!;
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lines.length);
      expect(col).toBeGreaterThanOrEqual(1);
      expect(col).toBeLessThanOrEqual(lines[line - 1].length + 1);
    }
  }

  it('fails only with a located DslError on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrFailsCleanly), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), parsesOrFailsCleanly), { numRuns: 300 });
  });

  it('fails only with a located DslError on random strings after a valid def line', () => {
    const alphabet = fc.constantFrom(...'xyqtgmvw_019.eE+-*/()=,:# \n\t'.split(''), ' sqrt(', ' interp(', ' pi', ' return ', '\n  ');
    const body = fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(fc.property(body, (b) => parsesOrFailsCleanly(`def f(x):\n  ${b}`)), { numRuns: 1000 });
  });

  it('fails only with a located DslError on mutated valid programs', () => {
    const mutation = fc.record({
      kind: fc.constantFrom('insert', 'delete', 'replace', 'swap-lines', 'duplicate-line'),
      at: fc.nat(),
      other: fc.nat(),
      text: fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom('(', ')', ',', '-', ' ', '\n', '  ', '#', '1e', 'pi', 'sqrt', '=', ':')),
    });
    const mutate = (text: string, m: { kind: string; at: number; other: number; text: string }): string => {
      const at = m.at % (text.length + 1);
      switch (m.kind) {
        case 'insert':
          return text.slice(0, at) + m.text + text.slice(at);
        case 'delete':
          return text.slice(0, at) + text.slice(at + 1 + (m.other % 4));
        case 'replace':
          return text.slice(0, at) + m.text + text.slice(at + m.text.length);
        default: {
          const lines = text.split('\n');
          const i = m.at % lines.length;
          const j = m.other % lines.length;
          if (m.kind === 'duplicate-line') lines.splice(j, 0, lines[i]);
          else [lines[i], lines[j]] = [lines[j], lines[i]];
          return lines.join('\n');
        }
      }
    };
    fc.assert(
      fc.property(arbitraryAnyProgram(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (p, ms) => {
        parsesOrFailsCleanly(ms.reduce(mutate, printProgram(p)));
      }),
      { numRuns: 1000 },
    );
  });
});
