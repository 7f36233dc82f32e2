import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, parseUnsignedNumber, UNSIGNED_NUMBER } from '../../src/dsl/format-number.ts';

/** Reads a formatted literal the way the lexer does: an optional '-' then an unsigned number. */
function read(text: string): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  expect(UNSIGNED_NUMBER.exec(body)?.[0]).toBe(body);
  const value = parseUnsignedNumber(body);
  return negative ? -value : value;
}

describe('formatNumber', () => {
  it('writes the shortest round-tripping decimal', () => {
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(1e-8)).toBe('1e-8');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(1e21)).toBe('1e+21');
    expect(formatNumber(5e-324)).toBe('5e-324');
    expect(formatNumber(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('keeps the sign of negative zero', () => {
    expect(formatNumber(-0)).toBe('-0');
    expect(Object.is(read('-0'), -0)).toBe(true);
  });

  it('refuses NaN and infinities', () => {
    expect(() => formatNumber(NaN)).toThrow(RangeError);
    expect(() => formatNumber(Infinity)).toThrow(RangeError);
    expect(() => formatNumber(-Infinity)).toThrow(RangeError);
  });

  it('reads back exactly the double it printed', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(read(formatNumber(x)), x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the literal forms people write', () => {
    expect(read('.5')).toBe(0.5);
    expect(read('1.')).toBe(1);
    expect(read('1E-3')).toBe(0.001);
    expect(read('2.5e+2')).toBe(250);
  });
});
