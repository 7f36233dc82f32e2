/**
 * Numeric literals in program text. Printing uses the shortest decimal that reads back as the same
 * double (JavaScript's `String(n)`, e.g. `1e-8`, `0.001`, `1e+21`), except that -0 keeps its sign.
 * The lexer accepts exactly this grammar (plus `.5` and `1.`), so print → parse is lossless.
 */

/** The grammar of an unsigned literal: digits with an optional fraction and exponent. */
export const UNSIGNED_NUMBER = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

/** Canonical text of a finite number; throws for NaN and ±Infinity (no program may hold them). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatNumber: ${n} is not a finite number`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** The value of an unsigned literal's text (already matched by UNSIGNED_NUMBER); may be Infinity. */
export function parseUnsignedNumber(text: string): number {
  return Number(text);
}
