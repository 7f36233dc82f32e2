import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32Order } from '../../../src/eval/float32.ts';
import { contains, formatInterval, gridPoints, IntervalError, intervalOption, parseInterval } from '../../../src/eval/reference/interval.ts';
import { float32IntervalRange } from '../../../src/eval/verify/exhaustive.ts';

describe('intervals', () => {
  it('parse every form, the old a,b as closed', () => {
    expect(parseInterval('(0,1]')).toEqual({ lo: 0, hi: 1, loOpen: true, hiOpen: false });
    expect(parseInterval('[0, 1)')).toEqual({ lo: 0, hi: 1, loOpen: false, hiOpen: true });
    expect(parseInterval(' ( -0.5 , 2e-3 ) ')).toEqual({ lo: -0.5, hi: 0.002, loOpen: true, hiOpen: true });
    expect(parseInterval('[1,2]')).toEqual({ lo: 1, hi: 2, loOpen: false, hiOpen: false });
    expect(parseInterval('1,2')).toEqual(parseInterval('[1,2]'));
  });

  it.each(['0,1]', '(0,1', '1,0', '0,0', '[0;1]', '', '0,1,2', '(a,1]', '[0,Infinity)', '{0,1}'])('reject %j naming the accepted forms', (text) => {
    expect(() => parseInterval(text)).toThrow(IntervalError);
    expect(() => parseInterval(text)).toThrow(`must be '[a,b]', '(a,b]', '[a,b)', '(a,b)' or 'a,b' (closed), with finite numbers a < b, got '${text}'`);
  });

  it('print back to an equal interval; closed ones as the old a,b', () => {
    expect(intervalOption(parseInterval('[0,1]'))).toBe('0,1');
    expect(intervalOption(parseInterval('(0,1]'))).toBe('(0,1]');
    expect(formatInterval(parseInterval('[0,1)'))).toBe('[0, 1)');
    for (const t of ['(0,1]', '[0,1)', '(0,1)', '[0,1]']) expect(parseInterval(intervalOption(parseInterval(t)))).toEqual(parseInterval(t));
  });

  it('closed grids are the n points ends included, exactly as before', () => {
    const iv = parseInterval('[-0.7853981633974483,0.7853981633974483]');
    const xs = gridPoints(iv, 1024);
    for (let i = 0; i < 1024; i++) expect(xs[i]).toBe(i === 1023 ? iv.hi : iv.lo + ((iv.hi - iv.lo) * i) / 1023);
  });

  it('never put a point on an open end, in f64 or float32, and keep points ascending inside', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 1e-30, max: 10, noNaN: true }), fc.boolean(), fc.boolean(), fc.integer({ min: 2, max: 300 }), fc.boolean(), (lo, width, loOpen, hiOpen, n, f32) => {
        const hi = lo + width;
        fc.pre(hi > lo && (!f32 || Math.fround(hi) > Math.fround(lo) + 1e-6 * width));
        const iv = { lo, hi, loOpen, hiOpen };
        const xs = gridPoints(iv, n, f32);
        if (loOpen) expect(xs[0]).toBeGreaterThan(lo);
        if (hiOpen) expect(xs[n - 1]).toBeLessThan(hi);
        if (!f32) for (const x of xs) expect(contains(iv, x)).toBe(true);
        for (let i = 1; i < n; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1]);
      }),
      { numRuns: 100 },
    );
    const open = gridPoints(parseInterval('(0,1)'), 4);
    expect([...open]).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it('float32 enumeration includes a closed end and excludes an open one', () => {
    const count = (t: string): number => {
      const r = float32IntervalRange(parseInterval(t));
      return r.end - r.start;
    };
    const inner = float32Order(1) - float32Order(0) - 1; // floats strictly between 0 and 1
    expect(count('(0,1)')).toBe(inner);
    expect(count('[0,1)')).toBe(inner + 1);
    expect(count('(0,1]')).toBe(inner + 1);
    expect(count('[0,1]')).toBe(inner + 2);
    expect(float32IntervalRange(parseInterval('(0,1]')).start).toBe(1); // the smallest subnormal
  });
});
