import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { HP } from '../../../src/eval/reference/decimal-functions.ts';
import { ddToDecimal, exactDecimal } from '../../../src/eval/reference/dd.ts';
import { chebyshevPoints, uniformPoints } from '../../../src/eval/reference/points.ts';
import { isBuiltinTarget, listTargets, reference, tabulate, userReference } from '../../../src/eval/reference/targets.ts';
import type { Decimal } from 'decimal.js';

const relErr = (got: Decimal, want: Decimal): number => (want.isZero() ? got.abs().toNumber() : got.minus(want).div(want).abs().toNumber());
const at = (name: string, x: number): Decimal => ddToDecimal(reference(name).evalPoint(x), HP);

describe('built-in targets', () => {
  it('lists the eight AutoNumerics-Zero targets with their intervals and measures', () => {
    const rows = listTargets().map((r) => [r.name, r.interval[0], r.interval[1], r.measure]);
    expect(rows).toEqual([
      ['exp2', 0, 1, 'abs'],
      ['exp', -Math.LN2 / 2, Math.LN2 / 2, 'rel'],
      ['log2', 1, 2, 'abs'],
      ['ln', 0.5, 1, 'abs'],
      ['erf', 0, 1, 'abs'],
      ['sin', -Math.PI / 4, Math.PI / 4, 'abs'],
      ['tanh', 0, 1, 'abs'],
      ['sigmoid', -4, 4, 'abs'],
    ]);
    for (const r of listTargets()) expect(r.accuracy).toBe('double-double');
    expect(isBuiltinTarget('erf')).toBe(true);
    expect(() => reference('cosh')).toThrow(/unknown target 'cosh' \(built-in targets: exp2, exp, log2/);
  });

  it('matches known values to 1e-30', () => {
    const known: [string, number, Decimal][] = [
      ['exp2', 0.5, new HP(2).sqrt()],
      ['exp2', 1, new HP(2)],
      ['exp', 0.25, new HP('1.2840254166877414840734205680624364583362808652814630892175072968722077')],
      ['log2', 1.5, new HP('0.5849625007211561814537389439478165087598144076924810604557526545410982277943585625222804749180882420909')],
      ['ln', 0.5, new HP(2).ln().neg()],
      ['erf', 0.5, new HP('0.5204998778130465376827466538919645457100379382741975')],
      ['erf', 1, new HP('0.8427007929497148693412206350826092592960669979663029084599378978')],
      ['sin', 0.5, new HP('0.4794255386042030002732879352155713880818033679406006751886166131')],
      ['tanh', 0.5, new HP('0.4621171572600097585023184836436725487302892803301130385527318158')],
      ['sigmoid', 0, new HP('0.5')],
    ];
    for (const [name, x, want] of known) expect(relErr(at(name, x), want), `${name}(${x})`).toBeLessThan(1e-30);
  });

  it('agrees with decimal.js at 60 digits to 1e-30 on each interval (and a little beyond)', () => {
    const rng = seedrandom('reference-vs-decimal');
    for (const r of listTargets()) {
      const [a, b] = r.interval;
      const xs = [a, b, (a + b) / 2, ...Array.from({ length: 40 }, () => a - 0.1 * (b - a) + 1.2 * (b - a) * rng())];
      for (const x of xs) {
        if ((r.name === 'log2' || r.name === 'ln') && x <= 0) continue;
        const want = r.decimal!(exactDecimal(x, HP));
        const got = ddToDecimal(r.evalPoint(x), HP);
        // Relative error, or absolute where the function crosses zero (sin at 0, ln at 1).
        const err = want.abs().lt(1e-3) ? got.minus(want).abs().toNumber() : relErr(got, want);
        expect(err, `${r.name}(${x})`).toBeLessThan(1e-30);
      }
    }
  });

  it('keeps relative accuracy near zeros (sin, tanh, erf near 0; ln and log2 near 1)', () => {
    for (const [name, x] of [
      ['sin', 1e-9],
      ['tanh', 3e-12],
      ['erf', 1e-10],
      ['ln', 1 - 2 ** -40],
      ['log2', 1 + 2 ** -45],
    ] as const) {
      const want = reference(name).decimal!(exactDecimal(x, HP));
      expect(relErr(at(name, x), want), `${name}(${x})`).toBeLessThan(1e-30);
    }
  });

  it('evalHighPrecision and tabulate agree with evalPoint', () => {
    const r = reference('erf');
    const xs = chebyshevPoints(0, 1, 33);
    const { hi, lo } = r.evalHighPrecision(xs);
    const table = tabulate(r, xs);
    xs.forEach((x, i) => {
      const p = r.evalPoint(x);
      expect([hi[i], lo[i]]).toEqual([p.hi, p.lo]);
      expect(table.hi[i]).toBe(p.hi);
    });
    expect(Array.from(table.xs)).toEqual(Array.from(xs));
  });

  it('evalF64 (the fast path for float32 verification) is within 8 double ULPs of the truth', () => {
    for (const r of listTargets()) {
      const xs = uniformPoints(r.interval[0], r.interval[1], 2001);
      const f64 = r.evalF64(xs);
      const { hi, lo } = r.evalHighPrecision(xs);
      xs.forEach((x, i) => {
        const ulp = 2 ** (Math.floor(Math.log2(Math.abs(hi[i]))) - 52);
        if (hi[i] === 0) expect(f64[i], `${r.name}(${x})`).toBe(0);
        else expect(Math.abs(f64[i] - hi[i] - lo[i]) / ulp, `${r.name}(${x})`).toBeLessThanOrEqual(8);
      });
    }
  });
});

describe('user-defined targets', () => {
  it('wraps a plain f64 function (lo = 0) and validates the interval', () => {
    const r = userReference('cube', (x) => x * x * x, [0, 2], { expression: 'x^3', measure: 'rel' });
    expect(r.accuracy).toBe('f64');
    expect(r.evalPoint(1.5)).toEqual({ hi: 3.375, lo: 0 });
    expect(r.measure).toBe('rel');
    expect(r.taylor).toBeUndefined();
    expect(Array.from(r.evalF64(uniformPoints(0, 2, 3)))).toEqual([0, 1, 8]);
    expect(() => userReference('bad', Math.sin, [1, 1])).toThrow(/a < b/);
  });
});

describe('point sets', () => {
  it('include both ends exactly', () => {
    const u = uniformPoints(-Math.LN2 / 2, Math.LN2 / 2, 1024);
    const c = chebyshevPoints(-Math.LN2 / 2, Math.LN2 / 2, 1024);
    for (const p of [u, c]) {
      expect(p[0]).toBe(-Math.LN2 / 2);
      expect(p[1023]).toBe(Math.LN2 / 2);
      for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1]);
    }
    expect(() => uniformPoints(0, 1, 1)).toThrow();
  });
});
