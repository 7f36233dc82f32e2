import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitsToFloat32,
  ceil32,
  countFloat32,
  float32Chunks,
  float32FromOrder,
  float32Order,
  float32ToBits,
  FLOAT32_MAX,
  FLOAT32_MIN_ULP,
  nextDown32,
  nextUp32,
  ulp32,
  ulpDistance,
} from '../../src/eval/float32.ts';

const anyFloat32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => Math.fround(x));

describe('float32 bits and order', () => {
  it('bits round-trip and known patterns', () => {
    expect(float32ToBits(1)).toBe(0x3f800000);
    expect(float32ToBits(-2)).toBe(0xc0000000);
    expect(bitsToFloat32(0x3f800001)).toBe(1 + 2 ** -23);
    fc.assert(fc.property(anyFloat32, (x) => Object.is(bitsToFloat32(float32ToBits(x)), x)));
  });

  it('order is monotone, one step per float, and -0 shares order 0 with +0', () => {
    expect(float32Order(-0)).toBe(0);
    expect(Object.is(float32Order(-0), 0)).toBe(true);
    expect(float32Order(FLOAT32_MIN_ULP)).toBe(1);
    expect(float32Order(-FLOAT32_MIN_ULP)).toBe(-1);
    fc.assert(
      fc.property(anyFloat32, anyFloat32, (a, b) => {
        if (a < b) expect(float32Order(a)).toBeLessThan(float32Order(b));
        const x = a === 0 ? 0 : a;
        expect(float32FromOrder(float32Order(a))).toBe(x);
      }),
    );
  });
});

describe('ulp32, neighbours and distances', () => {
  it('ulp32 is the grid spacing in the binade of the exact value', () => {
    expect(ulp32(1)).toBe(2 ** -23);
    expect(ulp32(1.5)).toBe(2 ** -23);
    expect(ulp32(2 - 1e-12)).toBe(2 ** -23); // the binade [1, 2), though fround rounds it to 2
    expect(ulp32(Math.fround(2 - 1e-12))).toBe(2 ** -22);
    expect(ulp32(-3)).toBe(2 ** -22);
    expect(ulp32(0)).toBe(FLOAT32_MIN_ULP);
    expect(ulp32(1e-40)).toBe(FLOAT32_MIN_ULP);
    expect(ulp32(2 ** -126)).toBe(2 ** -149);
    expect(ulp32(1e39)).toBe(Infinity);
    expect(ulp32(NaN)).toBeNaN();
    fc.assert(
      fc.property(anyFloat32, (x) => {
        if (x === 0 || Math.abs(x) >= FLOAT32_MAX) return;
        const up = nextUp32(Math.abs(x));
        expect(up - Math.abs(x)).toBe(ulp32(x));
      }),
    );
  });

  it('nextUp32 / nextDown32 step one float and invert each other', () => {
    expect(nextUp32(1)).toBe(1 + 2 ** -23);
    expect(nextDown32(1)).toBe(1 - 2 ** -24);
    expect(nextUp32(0)).toBe(FLOAT32_MIN_ULP);
    expect(nextUp32(-0)).toBe(FLOAT32_MIN_ULP);
    expect(nextDown32(0)).toBe(-FLOAT32_MIN_ULP);
    expect(nextUp32(FLOAT32_MAX)).toBe(Infinity);
    expect(nextDown32(Infinity)).toBe(FLOAT32_MAX);
    fc.assert(
      fc.property(anyFloat32, (x) => {
        const y = x === 0 ? 0 : x;
        if (Math.abs(x) < FLOAT32_MAX) {
          expect(nextDown32(nextUp32(x))).toBe(y);
          expect(ulpDistance(x, nextUp32(x))).toBe(1);
        }
      }),
    );
  });

  it('ulpDistance counts grid steps across zero', () => {
    expect(ulpDistance(-FLOAT32_MIN_ULP, FLOAT32_MIN_ULP)).toBe(2);
    expect(ulpDistance(1, 2)).toBe(2 ** 23);
    expect(ulpDistance(0.5, 1)).toBe(2 ** 23);
  });
});

describe('counting and enumerating floats in [a, b)', () => {
  it('counts', () => {
    expect(countFloat32(0, 1)).toBe(1065353216);
    expect(countFloat32(1, 2)).toBe(2 ** 23);
    expect(countFloat32(-1, 1)).toBe(2 * 1065353216); // [-1, 0): 1065353216, [0, 1): 1065353216
    expect(countFloat32(1, 1)).toBe(0);
    expect(countFloat32(1 + 1e-9, 1 + 2e-7)).toBe(1); // only 1 + 2^-23 lies inside
    expect(ceil32(1 + 1e-9)).toBe(1 + 2 ** -23);
  });

  it('enumerates every float once, ascending, in chunks', () => {
    const a = -3 * FLOAT32_MIN_ULP;
    const b = 3 * FLOAT32_MIN_ULP;
    const all = [...float32Chunks(a, b, 4)].flatMap((c) => Array.from(c));
    expect(all).toEqual([-3, -2, -1, 0, 1, 2].map((k) => k * FLOAT32_MIN_ULP));

    const lo = 1 - 2 ** -20;
    const hi = 1 + 2 ** -20;
    const chunks = [...float32Chunks(lo, hi, 7)];
    const values = chunks.flatMap((c) => Array.from(c));
    expect(values.length).toBe(countFloat32(lo, hi));
    expect(values[0]).toBe(lo);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBe(nextUp32(values[i - 1]));
    expect(nextUp32(values[values.length - 1])).toBe(hi);
    expect(chunks.slice(0, -1).every((c) => c.length === 7)).toBe(true);
  });
});
