import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram, compileWithConstants } from '../../src/dsl/compile.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { literals, withLiterals } from '../../src/dsl/program.ts';
import { allInputs } from '../../src/dsl/signature.ts';
import { arbitraryProgram } from '../support/arbitrary.ts';

const N = 16;
function columns(count: number, seed: number): Float64Array[] {
  return Array.from({ length: count }, (_, j) => Float64Array.from({ length: N }, (_, i) => Math.fround(Math.sin(seed + 7 * j + i) * 3)));
}

describe('compileWithConstants', () => {
  it('equals compileProgram bit for bit at the literal values, and after withLiterals at any values', () => {
    fc.assert(
      fc.property(arbitraryProgram('function', { maxStatements: 8 }), fc.constantFrom('f32' as const, 'f64' as const), fc.double({ min: -4, max: 4, noNaN: true }), (p, precision, shift) => {
        const inputs = columns(allInputs(p.domain).length, 1);
        const expected = [new Float64Array(N)];
        compileProgram(p, precision)(inputs, expected, N);
        const { run, positions, initial } = compileWithConstants(p, precision);
        const got = [new Float64Array(N)];
        run(inputs, got, N, initial);
        expect(Array.from(got[0]).map(String)).toEqual(Array.from(expected[0]).map(String));
        expect(positions).toEqual(literals(p).map((_, k) => k));
        // Other constants: the same as compiling the program with those literals written in.
        const moved = Float64Array.from(initial, (c) => c + shift);
        run(inputs, got, N, moved);
        compileProgram(withLiterals(p, Array.from(moved)), precision)(inputs, expected, N);
        expect(Array.from(got[0]).map(String)).toEqual(Array.from(expected[0]).map(String));
      }),
      { numRuns: 60 },
    );
  });

  it('reads only the selected literals from the array, counting literals of dead statements', () => {
    const p = parseProgram('def f(x):\n  dead = x + 5\n  y = x * 3\n  y = y + 0\n  return y\n');
    const { run, positions, initial } = compileWithConstants(p, 'f64', (v) => v !== 0);
    expect(positions).toEqual([0, 1]);
    expect(Array.from(initial)).toEqual([5, 3]);
    const out = [new Float64Array(1)];
    run([Float64Array.of(2)], out, 1, Float64Array.of(5, 10));
    expect(out[0][0]).toBe(20);
  });
});
