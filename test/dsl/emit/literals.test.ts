import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cNumber, latexNumber, pythonLiteral, shortestFloat32, tsLiteral } from '../../../src/dsl/emit/literals.ts';

describe('literals in exported code', () => {
  it('f64 spellings read back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const unparen = (s: string): string => s.replace(/^\((.*)\)$/, '$1');
        expect(Object.is(Number(unparen(tsLiteral(x, 'f64'))), x)).toBe(true);
        expect(Object.is(Number(unparen(cNumber(x, 'f64'))), x)).toBe(true);
        expect(Object.is(Number(unparen(pythonLiteral(x))), x)).toBe(true);
      }),
    );
  });

  it('float32 spellings are the shortest decimal that rounds to the same float', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = shortestFloat32(x);
        expect(Object.is(Math.fround(Number(s)), Math.fround(x))).toBe(true);
      }),
    );
    expect(shortestFloat32(0.9)).toBe('0.9');
    expect(cNumber(0.899, 'f32')).toBe('0.899f');
    expect(cNumber(-2, 'f32')).toBe('(-2.0f)');
    expect(cNumber(1e300, 'f32')).toBe('INFINITY');
    expect(cNumber(1, 'f64')).toBe('1.0');
  });

  it('negative literals are parenthesised so `-a` never becomes `--0.5`', () => {
    expect(tsLiteral(-0.5, 'f64')).toBe('(-0.5)');
    expect(pythonLiteral(-0)).toBe('(-0.0)');
    expect(tsLiteral(-0.5, 'f32')).toBe('Math.fround(-0.5)');
  });

  it('LaTeX numbers use powers of ten', () => {
    expect(latexNumber(0.9)).toBe('0.9');
    expect(latexNumber(1e-8)).toBe('10^{-8}');
    expect(latexNumber(1.5e21)).toBe('1.5 \\cdot 10^{21}');
    expect(latexNumber(-2.5e-7)).toBe('(-2.5 \\cdot 10^{-7})');
  });
});
