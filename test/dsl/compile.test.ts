import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { compiledSource, compileProgram, compileProgramUniform, compileScalar } from '../../src/dsl/compile.ts';
import { interpret, interpretBatch } from '../../src/dsl/interpret.ts';
import type { Precision } from '../../src/dsl/ops/table.ts';
import { lit, named, program, statement as s, v } from '../../src/dsl/program.ts';
import type { Program } from '../../src/dsl/program.ts';
import { allInputs } from '../../src/dsl/signature.ts';
import type { Domain } from '../../src/dsl/signature.ts';
import { arbitraryProgram, DOMAINS } from '../support/arbitrary.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';

const SPECIALS = [0, -0, 1, -1, 0.5, -0.5, 2, 1e-8, -1e-8, 1 - 2 ** -53, 1 + 2 ** -52, 1e300, -1e300, 5e-324, Infinity, -Infinity, NaN];

/** Seeded input columns: special values first, then magnitudes from 1e-6 to 1e6 of either sign. */
function columns(domain: Domain, n: number, seed: string): Float64Array[] {
  const rng = seedrandom(seed);
  return allInputs(domain).map((name, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (i < SPECIALS.length) col[i] = SPECIALS[(i + j) % SPECIALS.length];
      else if (name === 't') col[i] = 1 + Math.floor(rng() * 1000);
      else col[i] = (rng() < 0.5 ? -1 : 1) * 10 ** (-6 + 12 * rng());
    }
    return col;
  });
}

function asRecord(domain: Domain, cols: readonly Float64Array[]): Record<string, Float64Array> {
  return Object.fromEntries(allInputs(domain).map((name, j) => [name, cols[j]]));
}

/** Differences between the compiled closure and the interpreter (Object.is: NaN = NaN, -0 ≠ 0). */
function differences(p: Program, precision: Precision, cols: readonly Float64Array[]): string[] {
  const n = cols[0].length;
  const want = interpretBatch(p, asRecord(p.domain, cols), precision);
  const got = p.outputs.map(() => new Float64Array(n));
  compileProgram(p, precision)(cols, got, n);
  const bad: string[] = [];
  for (let k = 0; k < want.length; k++) {
    for (let i = 0; i < n && bad.length < 5; i++) {
      if (!Object.is(got[k][i], want[k][i])) bad.push(`output ${k}, point ${i}: compiled ${got[k][i]}, interpreted ${want[k][i]}`);
    }
  }
  return bad;
}

/** The AdamW seed, exactly as ANCHORS.md writes it. */
const adamw: Program = loadSeed('adamw');

describe('compileProgram', () => {
  for (const domain of DOMAINS) {
    for (const precision of ['f64', 'f32'] as const) {
      it(`equals interpretBatch bit for bit on generated ${domain} programs (${precision})`, () => {
        const cols = columns(domain, 256, `compile-${domain}-${precision}`);
        fc.assert(
          fc.property(arbitraryProgram(domain, { maxStatements: 16 }), (p) => {
            expect(differences(p, precision, cols)).toEqual([]);
          }),
          { numRuns: 300 },
        );
      });
    }
  }

  it.each(['f64', 'f32'] as const)('equals interpretBatch in V8-optimised code over a large batch (%s)', (precision) => {
    // 2^15 points per program: the hot loop is optimised (OSR) partway, so both tiers are compared.
    const samples = fc.sample(arbitraryProgram('optimizer', { minStatements: 8, maxStatements: 20 }), { numRuns: 6, seed: 42 });
    const cols = columns('optimizer', 1 << 15, `large-${precision}`);
    for (const p of [adamw, ...samples]) expect(differences(p, precision, cols)).toEqual([]);
  });

  it('compileProgramUniform equals compileProgram bit for bit when the uniform inputs hold one value (t, and t with lr)', () => {
    const n = 64;
    const cols = columns('optimizer', n, 'uniform');
    const T = allInputs('optimizer').indexOf('t');
    const LR = allInputs('optimizer').indexOf('lr');
    fc.assert(
      fc.property(arbitraryProgram('optimizer', { maxStatements: 16 }), fc.constantFrom(1, 2, 7, 1000, 0), fc.double(), fc.constantFrom<Precision>('f32', 'f64'), (p, t, lr, precision) => {
        const inputs = cols.map((c, j) => (j === T ? new Float64Array(n).fill(t) : j === LR ? new Float64Array(n).fill(lr) : c));
        const want = p.outputs.map(() => new Float64Array(n));
        compileProgram(p, precision)(inputs, want, n);
        for (const uniform of [[T], [T, LR]]) {
          const got = p.outputs.map(() => new Float64Array(n));
          compileProgramUniform(p, precision, uniform)(inputs, got, n);
          got.forEach((col, k) => col.forEach((x, i) => expect(Object.is(x, want[k][i]), `output ${k} point ${i}`).toBe(true)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('compileProgramUniform computes what only uniform inputs and constants feed once, before the loop', () => {
    const source = compiledSource(loadSeed('adam'), 'f32', undefined, [allInputs('optimizer').indexOf('t')]);
    const [before, loop] = source.split('for (let i = 0; i < n; i++) {');
    expect(before).toContain('Math.pow');
    expect(before).toContain('in5[0]');
    expect(loop).not.toContain('Math.pow');
    expect(loop).not.toContain('in5');
  });

  it('handles reassigned variables and inputs read after reassignment', () => {
    const p = program(
      'optimizer',
      [
        s('m', 'interp', [v('g'), v('m'), lit(0.9)]),
        s('g', 'mul2', [v('g')]),
        s('update', 'add', [v('g'), v('m')]),
        s('m', 'mul', [v('m'), v('m')]),
      ],
      ['update', 'm', 'v'],
    );
    const f = compileScalar(p, 'f64');
    const point = { w: 1, g: 3, m: 5, v: 7, lr: 0.1, t: 1 };
    const m = 0.1 * 3 + 0.9 * 5;
    expect(f(1, 3, 5, 7, 0.1, 1)).toEqual([6 + m, m * m, 7]);
    expect(f(1, 3, 5, 7, 0.1, 1)).toEqual(interpret(p, point, 'f64'));
  });

  it('writes every output, also when two outputs are the same variable', () => {
    const p = program('optimizer', [s('update', 'negative', [v('w')])], ['update', 'update', 'w']);
    const outs = [new Float64Array(2), new Float64Array(2), new Float64Array(2)];
    const cols = allInputs('optimizer').map(() => Float64Array.from([1, -2]));
    compileProgram(p, 'f64')(cols, outs, 2);
    expect(outs.map((o) => [...o])).toEqual([[-1, 2], [-1, 2], [1, -2]]);
  });

  it('compileScalar equals interpret on generated programs', () => {
    fc.assert(
      fc.property(arbitraryProgram('optimizer'), fc.array(fc.double(), { minLength: 6, maxLength: 6 }), fc.constantFrom<Precision>('f32', 'f64'), (p, xs, precision) => {
        const point = Object.fromEntries(allInputs('optimizer').map((name, j) => [name, xs[j]]));
        const got = compileScalar(p, precision)(...xs);
        interpret(p, point, precision).forEach((x, k) => expect(Object.is(got[k], x), `output ${k}: ${got[k]} vs ${x}`).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('formats literals exactly, -0 and extreme values included', () => {
    const values = [-0, 0.1, 1 / 3, 5e-324, 1.7976931348623157e308, 123456789.125, -1e-300];
    for (const c of values) {
      const p = program('function', [s('y', 'add', [lit(c), lit(-0)])], ['y']);
      expect(Object.is(compileScalar(p, 'f64')(0)[0], c + -0)).toBe(true);
      expect(Object.is(compileScalar(p, 'f32')(0)[0], Math.fround(Math.fround(c) + -0))).toBe(true);
    }
    const negate = program('function', [s('y', 'negative', [lit(-0.5)])], ['y']);
    expect(compileScalar(negate, 'f64')(0)).toEqual([0.5]);
  });

  it('rounds inputs, literals, named constants and op results to float32 in f32 mode', () => {
    const p = program('function', [s('y', 'mul', [v('x'), named('pi')]), s('y', 'add', [v('y'), lit(0.1)])], ['y']);
    const [y] = compileScalar(p, 'f32')(1 / 3);
    const expected = Math.fround(Math.fround(Math.fround(1 / 3) * Math.fround(Math.PI)) + Math.fround(0.1));
    expect(y).toBe(expected);
    expect(y).not.toBe(compileScalar(p, 'f64')(1 / 3)[0]);
  });

  it('generates its own variable names and leaves dead statements out', () => {
    const p = program(
      'function',
      [s('evil_name', 'exp', [v('x')]), s('unused_thing', 'sin', [v('evil_name')]), s('y', 'add', [v('evil_name'), v('x')])],
      ['y'],
    );
    const source = compiledSource(p, 'f64');
    expect(source).not.toMatch(/evil_name|unused_thing/);
    expect(source).not.toContain('Math.sin');
    expect(source).toContain('Math.exp');
  });

  it('rejects arrays shorter than n, and programs that read a variable before assigning it', () => {
    const f = compileProgram(adamw, 'f64');
    const cols = allInputs('optimizer').map(() => new Float64Array(4));
    expect(() => f(cols, [new Float64Array(4), new Float64Array(4), new Float64Array(3)], 4)).toThrow(RangeError);
    expect(() => f(cols.slice(0, 2), [new Float64Array(4), new Float64Array(4), new Float64Array(4)], 4)).toThrow(RangeError);
    const bad = program('function', [s('y', 'add', [v('z'), v('x')])], ['y']);
    expect(() => compileProgram(bad, 'f64')).toThrow(/reads 'z' before it is assigned/);
  });
});
