import { describe, expect, it } from 'vitest';
import { DslError, excerpt } from '../../src/dsl/errors.ts';
import { parseProgram } from '../../src/dsl/parse.ts';

function messageOf(text: string): string {
  try {
    parseProgram(text, 'big.sym');
  } catch (error) {
    expect(error).toBeInstanceOf(DslError);
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('error messages on huge tokens', () => {
  const MB = 1_000_000;
  const cases: [string, () => string, RegExp][] = [
    ['an overflowing literal', () => `def f(x):\n  y = x + ${'1'.repeat(MB)}\n  return y\n`, /^big\.sym:2:11: literal 1{24}…1{15} \(1000000 characters\) is not finite/],
    ['a malformed number', () => `def f(x):\n  y = x + 1.${'1'.repeat(MB)}e\n  return y\n`, /^big\.sym:2:11: malformed number '1\.1+…1+e \(1000003 characters\)'$/],
    ['an unknown op', () => `def f(x):\n  y = ${'a'.repeat(MB)}(x)\n  return y\n`, /^big\.sym:2:7: unknown op 'a+…a+ \(1000000 characters\)'/],
    ['an undefined variable', () => `def f(x):\n  y = x + ${'a'.repeat(MB)}\n  return y\n`, /^big\.sym:2:11: undefined variable 'a+…a+ \(1000000 characters\)'$/],
    ['an unexpected token', () => `def f(x):\n  y = x + 1 ${'1'.repeat(MB)}\n  return y\n`, /^big\.sym:2:13: unexpected '1+…1+ \(1000000 characters\)'/],
  ];
  for (const [name, text, pattern] of cases) {
    it(`${name} is quoted as a short excerpt`, () => {
      const message = messageOf(text());
      expect(message).toMatch(pattern);
      expect(message.length).toBeLessThan(400);
    });
  }

  it('keeps short tokens whole', () => {
    expect(messageOf('def f(x):\n  y = sqtr(x)\n  return y\n')).toMatch(/unknown op 'sqtr'; did you mean 'sqrt'\?/);
    expect(excerpt('x'.repeat(40))).toBe('x'.repeat(40));
    expect(excerpt('x'.repeat(41))).toMatch(/^x{24}…x{15} \(41 characters\)$/);
  });
});
