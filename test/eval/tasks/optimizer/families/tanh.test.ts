import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tanhInPlace } from '../../../../../src/eval/tasks/optimizer/families/tanh.ts';

function expectTanh(xs: Float64Array): void {
  const ys = xs.slice();
  tanhInPlace(ys, 0, ys.length);
  xs.forEach((x, i) => {
    if (!Object.is(ys[i], Math.tanh(x))) expect.fail(`tanh(${x}): ${ys[i]} vs Math.tanh ${Math.tanh(x)}`);
  });
}

describe('tanhInPlace', () => {
  it('equals Math.tanh bit for bit on every branch (expm1 reductions k = 0, ±1, 2..19, 20..56, > 56; |x| near 1, 22, 2^-28)', () => {
    const edges = [0, -0, NaN, Infinity, -Infinity, 5e-324, 2 ** -28, 2 ** -29, 1e-9, 0.17328679513998632, 0.34657359027997264, 0.5, 0.5199, 1, 1 - 2 ** -53, 1 + 2 ** -52, 9.5, 10.0, 19.9, 21.999999999999996, 22, 40];
    expectTanh(Float64Array.from([...edges, ...edges.map((x) => -x)]));
    // Random magnitudes over each range, and random float32 bit patterns (what the trainer stores).
    const xs = new Float64Array(1 << 18);
    let s = 12345;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (const [lo, hi] of [[0, 0.35], [0.3, 0.55], [0.5, 1], [1, 3], [3, 10], [10, 20], [19, 23], [1e-10, 1e-6]]) {
      for (let i = 0; i < xs.length; i++) xs[i] = (next() < 0.5 ? -1 : 1) * (lo + (hi - lo) * next());
      expectTanh(xs);
    }
    const f = new Float32Array(xs.length);
    const bits = new Uint32Array(f.buffer);
    for (let i = 0; i < bits.length; i++) bits[i] = ((next() * 0x42000000) >>> 0) | (next() < 0.5 ? 0x80000000 : 0);
    expectTanh(Float64Array.from(f));
  });

  it('equals Math.tanh on arbitrary doubles, and touches only [from, to)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 2, maxLength: 64 }), (values) => {
        const xs = Float64Array.from(values);
        expectTanh(xs);
        const ys = xs.slice();
        tanhInPlace(ys, 1, ys.length - 1);
        expect(Object.is(ys[0], xs[0]) && Object.is(ys[ys.length - 1], xs[xs.length - 1])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
