import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceRng, pcgHash, stepHash, stepIndex, stepNoise, stepUniform } from '../../../../src/eval/tasks/optimizer/rng.ts';

describe('per-step hash', () => {
  it('matches the PCG hash computed independently (Python, arbitrary-precision ints masked to u32)', () => {
    expect([0, 1, 2, 12345, 0xffffffff].map(pcgHash)).toEqual([129708002, 2831084092, 2055130248, 4099845390, 3861530882]);
    expect(stepHash(7, 3, 5)).toBe(1543982109);
    expect(stepHash(0xdeadbeef, 1000, 31)).toBe(2841018490);
  });

  it('gives float32-exact uniforms in [0, 1), unit-variance noise and in-range indices', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 100000 }), fc.nat(1000), fc.integer({ min: 1, max: 5000 }), (stream, step, k, n) => {
        const u = stepUniform(stream, step, k);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
        expect(Math.fround(u)).toBe(u);
        const e = stepNoise(stream, step, k);
        expect(Math.fround(e)).toBe(e);
        expect(Math.abs(e)).toBeLessThanOrEqual(Math.sqrt(3) + 1e-6);
        const i = stepIndex(stream, step, k, n);
        expect(Number.isInteger(i) && i >= 0 && i < n).toBe(true);
      }),
    );
    let s = 0;
    let s2 = 0;
    const count = 20000;
    for (let k = 0; k < count; k++) {
      const e = stepNoise(42, 1 + (k >> 6), k & 63);
      s += e;
      s2 += e * e;
    }
    expect(Math.abs(s / count)).toBeLessThan(0.03);
    expect(Math.abs(s2 / count - 1)).toBeLessThan(0.03);
  });
});

describe('instanceRng', () => {
  it('is deterministic per key and differs between keys', () => {
    const draw = (key: string): number[] => {
      const r = instanceRng(key);
      return [r.uniform(), r.normal(), r.normal(), r.between(2, 3), r.u32()];
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    const r = instanceRng('normal');
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
