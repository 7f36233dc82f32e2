import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { matchPattern, parsePattern, patternVariables, printPattern } from '../../../src/dsl/simplify/pattern.ts';
import { buildGraph, nodeValue } from '../../../src/dsl/simplify/value-graph.ts';

const graphOf = (body: string) => buildGraph(parseProgram(`def f(x):\n${body.trim().split('\n').map((l) => `  ${l.trim()}\n`).join('')}  return y\n`));

describe('patterns', () => {
  it('parse and print back', () => {
    for (const text of ['div(x, sqrt(mul(x, x)))', 'interp(x, y, 0)', 'sub(0, x)', 'mul(x, -1)']) expect(printPattern(parsePattern(text))).toBe(text);
    expect(patternVariables(parsePattern('interp(x, y, mul(y, z))'))).toEqual(['x', 'y', 'z']);
  });

  it('reject malformed patterns', () => {
    expect(() => parsePattern('sqr(x)')).toThrow(/unknown op 'sqr'/);
    expect(() => parsePattern('sqrt(x, y)')).toThrow(/sqrt takes 1 operands/);
    expect(() => parsePattern('add(x, pi)')).toThrow(/'pi' is an op name/);
    expect(() => parsePattern('abs(x) y')).toThrow(/trailing text/);
  });

  it('match a repeated variable only against the same value', () => {
    const g = graphOf('a = x * x\nb = sin(x)\nc = x * b\ny = a + c');
    const p = parsePattern('mul(x, x)');
    expect(matchPattern(g, p, nodeValue(0))?.get('x')).toEqual({ kind: 'input', name: 'x' });
    expect(matchPattern(g, p, nodeValue(2))).toBeUndefined();
  });

  it('match commutative operands in either order, and numbers against literals and named constants', () => {
    const g = graphOf('a = 2 * x\nb = pi * x\ny = a + b');
    expect(matchPattern(g, parsePattern('mul(x, 2)'), nodeValue(0))?.get('x')).toEqual({ kind: 'input', name: 'x' });
    expect(matchPattern(g, parsePattern(`mul(x, ${Math.PI})`), nodeValue(1))).toBeDefined();
    expect(matchPattern(g, parsePattern('sub(x, 2)'), nodeValue(0))).toBeUndefined();
  });

  it('do not reorder operands of ops that are not commutative', () => {
    const g = graphOf('y = 2 - x');
    expect(matchPattern(g, parsePattern('sub(x, 2)'), nodeValue(0))).toBeUndefined();
    expect(matchPattern(g, parsePattern('sub(2, x)'), nodeValue(0))).toBeDefined();
  });
});
