import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpret, interpretBatch } from '../../src/dsl/interpret.ts';
import { lit, named, program, statement as s, v } from '../../src/dsl/program.ts';
import type { Program } from '../../src/dsl/program.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';

/** AdamW exactly as ANCHORS.md writes it. */
/** The AdamW seed, exactly as ANCHORS.md writes it. */
const adamw: Program = loadSeed('adamw');

/** Adam's bias correction reads the implicit step counter t. */
const biasCorrected: Program = program(
  'optimizer',
  [
    s('m', 'interp', [v('g'), v('m'), lit(0.9)]),
    s('b', 'power', [lit(0.9), v('t')]),
    s('b', 'sub', [lit(1), v('b')]),
    s('update', 'div', [v('m'), v('b')]),
  ],
  ['update', 'm', 'v'],
);

const poly: Program = program(
  'function',
  [s('a', 'fma', [v('x'), lit(0.5), lit(1)]), s('a', 'fma', [v('a'), v('x'), lit(1)]), s('y', 'add', [v('a'), lit(1e-10)])],
  ['y'],
);

const point = { w: 0.5, g: 0.1, m: 0.2, v: 0.3, lr: 1, t: 1 };

describe('interpret', () => {
  it('runs one AdamW step as written by hand', () => {
    const m = (1 - 0.9) * 0.1 + 0.9 * 0.2;
    const vv = (1 - 0.999) * (0.1 * 0.1) + 0.999 * 0.3;
    const update = (m / Math.sqrt(vv) + 0.5 * 0.01) * (1 * 0.001);
    expect(interpret(adamw, point, 'f64')).toEqual([update, m, vv]);
    expect(update).toBeCloseTo(0.000352058738701638, 15);
  });

  it('AdamW with a zero gradient and zero state divides 0 by 0 as 0 (protected division)', () => {
    expect(interpret(adamw, { ...point, g: 0, m: 0, v: 0 }, 'f64')).toEqual([0.5 * 0.01 * 0.001, 0, 0]);
  });

  it('reads the implicit step counter t', () => {
    const [u1] = interpret(biasCorrected, { ...point, m: 0, t: 1 }, 'f64');
    const [u2] = interpret(biasCorrected, { ...point, m: 0, t: 2 }, 'f64');
    expect(u1).toBeCloseTo(0.1, 14); // (0.1 · 0.1) / (1 - 0.9)
    expect(u2).toBeCloseTo((0.1 * 0.1) / (1 - 0.81), 14);
  });

  it('rounds every input and op result to float32 in f32 mode', () => {
    const [y64] = interpret(poly, { x: 1 }, 'f64');
    const [y32] = interpret(poly, { x: 1 }, 'f32');
    expect(y64).toBe(2.5000000001);
    expect(y32).toBe(2.5); // 1e-10 vanishes below float32's resolution at 2.5
    const [u32, m32, v32] = interpret(adamw, point, 'f32');
    for (const x of [u32, m32, v32]) expect(Math.fround(x)).toBe(x);
    expect(u32).not.toBe(interpret(adamw, point, 'f64')[0]);
    expect(u32).toBeCloseTo(interpret(adamw, point, 'f64')[0], 9);
  });

  it('rounds named constants and literals to float32 in f32 mode', () => {
    const p = program('function', [s('y', 'mul', [v('x'), named('pi')])], ['y']);
    expect(interpret(p, { x: 1 }, 'f64')).toEqual([Math.PI]);
    expect(interpret(p, { x: 1 }, 'f32')).toEqual([Math.fround(Math.PI)]);
    const q = program('function', [s('y', 'add', [v('x'), lit(0.1)])], ['y']);
    expect(interpret(q, { x: 0 }, 'f32')).toEqual([Math.fround(0.1)]);
  });

  it('sees the new value of an input after it is reassigned, and returns unchanged inputs', () => {
    const p = program('optimizer', [s('g', 'mul2', [v('g')]), s('update', 'add', [v('g'), v('g')])], ['update', 'm', 'v']);
    expect(interpret(p, point, 'f64')).toEqual([0.4, 0.2, 0.3]);
  });

  it('throws a clear error for a missing input', () => {
    const { t: _t, ...noT } = point;
    expect(() => interpret(adamw, noT, 'f64')).toThrow(/missing input 't'/);
    expect(() => interpretBatch(poly, {}, 'f64')).toThrow(/missing input 'x'/);
  });

  it('throws for reads before assignment and unassigned outputs', () => {
    const early = program('function', [s('y', 'add', [v('z'), v('x')])], ['y']);
    expect(() => interpret(early, { x: 1 }, 'f64')).toThrow(/reads 'z' before it is assigned/);
    const none = program('function', [], ['y']);
    expect(() => interpret(none, { x: 1 }, 'f64')).toThrow(/output 'y' is never assigned/);
  });
});

describe('interpretBatch', () => {
  const finite = fc.double({ noNaN: true, min: -100, max: 100 });
  const column = (n: number) => fc.array(finite, { minLength: n, maxLength: n }).map((xs) => Float64Array.from(xs));

  it.each(['f64', 'f32'] as const)('equals interpret point by point (%s)', (precision) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(column(n), column(n), column(n), column(n), column(n), column(n))),
        ([w, g, m, vv, lr, t]) => {
          for (const p of [adamw, biasCorrected]) {
            const batch = interpretBatch(p, { w, g, m, v: vv, lr, t }, precision);
            expect(batch).toHaveLength(3);
            for (let i = 0; i < w.length; i++) {
              const scalar = interpret(p, { w: w[i], g: g[i], m: m[i], v: vv[i], lr: lr[i], t: t[i] }, precision);
              scalar.forEach((x, k) => expect(Object.is(batch[k][i], x), `output ${k} at ${i}: ${batch[k][i]} vs ${x}`).toBe(true));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts Float32Array inputs and stores float32-exact results in f32 mode', () => {
    const x = Float32Array.from([0.1, 1, 2.5, -3]);
    const [y] = interpretBatch(poly, { x }, 'f32');
    expect(y).toBeInstanceOf(Float64Array);
    for (let i = 0; i < x.length; i++) {
      expect(y[i]).toBe(interpret(poly, { x: x[i] }, 'f32')[0]);
      expect(Math.fround(y[i])).toBe(y[i]);
    }
  });

  it('rejects inputs of different lengths', () => {
    const n = new Float64Array(3);
    expect(() => interpretBatch(adamw, { w: n, g: n, m: n, v: n, lr: n, t: new Float64Array(2) }, 'f64')).toThrow(/'t' has 2 points/);
  });

  it('returns independent output arrays and leaves inputs untouched', () => {
    const p = program('optimizer', [], ['m', 'm', 'v']);
    const cols = { w: new Float64Array([1]), g: new Float64Array([2]), m: new Float64Array([3]), v: new Float64Array([4]), lr: new Float64Array([5]), t: new Float64Array([1]) };
    const [a, b] = interpretBatch(p, cols, 'f64');
    a[0] = 99;
    expect(b[0]).toBe(3);
    expect(cols.m[0]).toBe(3);
  });
});
