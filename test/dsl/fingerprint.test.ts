import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../src/dsl/compile.ts';
import { FINGERPRINT_POINTS, fingerprint, fingerprintInputs } from '../../src/dsl/fingerprint.ts';
import { getOp } from '../../src/dsl/ops/table.ts';
import { lit, named, program, statement as s, v, withBody } from '../../src/dsl/program.ts';
import type { Program } from '../../src/dsl/program.ts';
import { arbitraryAnyProgram, arbitraryWithDeadStatements } from '../support/arbitrary.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';

/** The AdamW seed, exactly as ANCHORS.md writes it. */
const adamw: Program = loadSeed('adamw');

/** AdamW rewritten: renamed, commuted, g*g for square, a dead statement, weight decay scaled by ×2 then ×½. */
const adamwRewritten: Program = program(
  'optimizer',
  [
    s('gg', 'mul', [v('g'), v('g')]),
    s('unused', 'exp', [v('w')]),
    s('m', 'interp', [v('g'), v('m'), lit(0.9)]),
    s('v', 'interp', [v('gg'), v('v'), lit(0.999)]),
    s('r', 'sqrt', [v('v')]),
    s('dir', 'div', [v('m'), v('r')]),
    s('decay', 'mul', [lit(0.02), v('w')]),
    s('decay', 'div2', [v('decay')]),
    s('dir', 'add', [v('decay'), v('dir')]),
    s('step', 'mul', [lit(0.001), v('lr')]),
    s('update', 'mul', [v('step'), v('dir')]),
  ],
  ['update', 'm', 'v'],
);

const twice = (op: string, args: Parameters<typeof s>[2]): Program => program('function', [s('y', op, args)], ['y']);

describe('fingerprint', () => {
  it('is 16 hex digits and deterministic across calls', () => {
    const f = fingerprint(adamw);
    expect(f).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(adamw)).toBe(f);
    expect(fingerprint(program(adamw.domain, [...adamw.body], [...adamw.outputs]))).toBe(f);
  });

  it('is stable: the point set and rounding are fixed, so stored fingerprints stay valid', () => {
    expect(fingerprint(adamw)).toBe('2429515553f97b0a');
    expect(fingerprint(twice('exp2', [v('x')]))).toBe('33ce1358e57d944c');
  });

  it('is equal for equivalent rewrites', () => {
    expect(fingerprint(adamwRewritten)).toBe(fingerprint(adamw));
    expect(fingerprint(twice('mul', [v('x'), lit(2)]))).toBe(fingerprint(twice('mul2', [v('x')])));
    expect(fingerprint(twice('add', [v('x'), named('pi')]))).toBe(fingerprint(twice('add', [lit(Math.PI), v('x')])));
    expect(fingerprint(twice('sub', [v('x'), lit(0)]))).toBe(fingerprint(program('function', [s('y', 'abs', [v('x')]), s('y', 'negative', [v('x')]), s('y', 'negative', [v('y')])], ['y'])));
  });

  it('is equal for generated programs and their rewrites (commuted operands, dead statements)', () => {
    const commuted = (p: Program): Program =>
      withBody(p, p.body.map((st) => (getOp(st.op).facts.commutative ? s(st.target, st.op, [...st.args].reverse()) : st)));
    fc.assert(
      fc.property(
        arbitraryAnyProgram().chain((p) => fc.tuple(fc.constant(p), arbitraryWithDeadStatements(p))),
        ([p, padded]) => {
          const f = fingerprint(p);
          expect(fingerprint(commuted(p))).toBe(f);
          expect(fingerprint(padded)).toBe(f);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('changes when a constant is perturbed or an op changes', () => {
    const base = fingerprint(adamw);
    const perturbed = program('optimizer', adamw.body.map((st) => (st.target === 'm' ? s('m', 'interp', [v('g'), v('m'), lit(0.9001)]) : st)), adamw.outputs);
    expect(fingerprint(perturbed)).not.toBe(base);
    const noDecay = program('optimizer', adamw.body.map((st) => (st.target === 'wd' ? s('wd', 'mul', [v('w'), lit(0.0101)]) : st)), adamw.outputs);
    expect(fingerprint(noDecay)).not.toBe(base);
    expect(fingerprint(twice('sin', [v('x')]))).not.toBe(fingerprint(twice('tanh', [v('x')])));
    expect(fingerprint(twice('mul', [v('x'), lit(2)]))).not.toBe(fingerprint(twice('mul', [v('x'), lit(2.000001)])));
  });

  it('distinguishes which output a value goes to', () => {
    const swapped = program('optimizer', [s('update', 'add', [v('v'), lit(0)])], ['update', 'v', 'm']);
    const straight = program('optimizer', [s('update', 'add', [v('v'), lit(0)])], ['update', 'm', 'v']);
    expect(fingerprint(swapped)).not.toBe(fingerprint(straight));
  });

  it('maps NaN and Infinity to tokens instead of failing', () => {
    const nan = twice('arcsin', [lit(2)]);
    const inf = twice('exp', [lit(1000)]);
    expect(fingerprint(nan)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(nan)).not.toBe(fingerprint(inf));
  });

  it('uses the documented point set', () => {
    const [w, g, m, vv, lr, t] = fingerprintInputs('optimizer');
    for (const col of [w, g, m, vv, lr, t]) expect(col).toHaveLength(FINGERPRINT_POINTS);
    const nonzero = (xs: Float64Array) => [...xs].filter((x) => x !== 0);
    for (const col of [w, g, m, vv]) {
      for (const x of nonzero(col)) expect(Math.abs(x) >= 1e-4 && Math.abs(x) <= 10, `${x}`).toBe(true);
      expect(nonzero(col).some((x) => x < 0) && nonzero(col).some((x) => x > 0)).toBe(true);
    }
    expect(w.every((x) => x !== 0)).toBe(true);
    for (const col of [g, m, vv]) expect(col.filter((x) => x === 0)).toHaveLength(FINGERPRINT_POINTS / 8);
    for (const x of lr) expect(x >= 1e-4 && x <= 1).toBe(true);
    expect([t[0], t[1]]).toEqual([1, 2]);
    for (const x of t) expect(Number.isInteger(x) && x >= 1 && x <= 1000).toBe(true);
    const [x] = fingerprintInputs('function');
    expect(x).toHaveLength(FINGERPRINT_POINTS);
    for (const xi of x) expect(xi >= -4 && xi <= 4).toBe(true);
    expect([...x].filter((xi) => xi >= 0 && xi <= 1).length).toBeGreaterThanOrEqual(24);
    expect([...x]).toContain(0);
  });

  it('feeds the same points to every program (fingerprints compare outputs, not luck)', () => {
    const identity = program('function', [], ['x']);
    const out = [new Float64Array(FINGERPRINT_POINTS)];
    compileProgram(identity, 'f64')(fingerprintInputs('function'), out, FINGERPRINT_POINTS);
    expect([...out[0]]).toEqual([...fingerprintInputs('function')[0]]);
  });
});
