import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitWgslFunction, programToWgsl, wgslF32Literal, wgslHelpers } from '../../../src/dsl/emit/wgsl.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { literals, withLiterals } from '../../../src/dsl/program.ts';
import { arbitraryProgram, arbitraryRenamed, arbitraryWithDeadStatements } from '../../support/arbitrary.ts';

const horner = parseProgram(`def f(x):
  y = x * 0.055504108664821576
  y = y + 0.2402265069591007
  y = y * x
  unused = sin(y)
  y = y + 1
  return y
`);

describe('emitWgslFunction', () => {
  it('emits SSA lets with literals read from the constants buffer, dead statements left out', () => {
    const f = emitWgslFunction(horner, { name: 'cand' });
    expect(f.code).toMatchInlineSnapshot(`
      "fn cand(x: f32, base: u32) -> f32 {
        let c0 = sd_consts[base + 0u];
        let s0: f32 = (x * c0);
        let c1 = sd_consts[base + 1u];
        let s1: f32 = (s0 + c1);
        let s2: f32 = (s1 * x);
        let c2 = sd_consts[base + 2u];
        let s3: f32 = (s2 + c2);
        return s3;
      }"
    `);
    expect(f.literals).toEqual([0.055504108664821576, 0.2402265069591007, 1]);
    expect(f.liveOps).toBe(4);
    expect(f.params).toEqual(['x', 'base']);
  });

  it('spells literals as f32 literals in inline mode and binds named constants to lets', () => {
    const p = parseProgram(`def f(x):
  a = x * pi
  b = arcsin(a)
  c = b + -0.5
  d = log(c)
  y = max(d, 1e-45)
  return y
`);
    expect(programToWgsl(p)).toMatchInlineSnapshot(`
      "fn sd_nan() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }

      fn f(x: f32) -> f32 {
        let n_pi: f32 = 3.141592653589793;
        let s0: f32 = (x * n_pi);
        let s1: f32 = select(sd_nan(), asin(s0), abs(s0) <= 1.0);
        let c0: f32 = -0.5f;
        let s2: f32 = (s1 + c0);
        let s3: f32 = select(sd_nan(), log(abs(s2)), abs(s2) > 0.0);
        let c1: f32 = 1e-45f;
        let s4: f32 = max(s3, c1);
        return s4;
      }"
    `);
  });

  it('returns an array for the optimizer domain and reads every input by its name', () => {
    const p = parseProgram(`def train(w, g, m, v, lr):
  m = interp(g, m, 0.9)
  update = sign(m)
  update = update * lr
  return update, m, v
`);
    const f = emitWgslFunction(p, { name: 'step' });
    expect(f.code).toMatchInlineSnapshot(`
      "fn step(w: f32, g: f32, m: f32, v: f32, lr: f32, t: f32, base: u32) -> array<f32, 3> {
        let c0 = sd_consts[base + 0u];
        let s0: f32 = mix(g, m, c0);
        let s1: f32 = sign(s0);
        let s2: f32 = (s1 * lr);
        return array<f32, 3>(s2, s0, v);
      }"
    `);
    expect(f.returnType).toBe('array<f32, 3>');
  });

  it('adds trace stores after every statement when asked', () => {
    const f = emitWgslFunction(horner, { name: 't', traceBuffer: 'sd_trace' });
    expect(f.params).toEqual(['x', 'base', 'trace']);
    expect(f.code.match(/sd_trace\[trace \+ \du\] = s\d;/g)).toHaveLength(4);
  });

  it('gives programs that differ only in literal values the same structure', () => {
    fc.assert(
      fc.property(arbitraryProgram('function', { maxStatements: 10 }), fc.double({ min: -10, max: 10, noNaN: true }), (p, shift) => {
        const moved = withLiterals(p, literals(p).map((x) => x + shift));
        expect(emitWgslFunction(moved).structure).toBe(emitWgslFunction(p).structure);
      }),
    );
  });

  it('is invariant under renaming variables and adding dead statements', () => {
    const renamedOrPadded = arbitraryProgram('optimizer', { maxStatements: 8 }).chain((p) =>
      fc.tuple(fc.constant(p), fc.oneof(arbitraryRenamed(p), arbitraryWithDeadStatements(p, { min: 1, max: 3 }))),
    );
    fc.assert(
      fc.property(renamedOrPadded, ([p, q]) => {
        expect(emitWgslFunction(q).structure).toBe(emitWgslFunction(p).structure);
      }),
    );
  });

  it('lists each helper once across functions', () => {
    const a = emitWgslFunction(parseProgram('def f(x):\n  y = log(x)\n  y = arcsin(y)\n  return y\n'));
    const b = emitWgslFunction(parseProgram('def f(x):\n  y = power(x, 2)\n  return y\n'));
    const helpers = wgslHelpers([a, b]);
    expect(new Set(helpers).size).toBe(helpers.length);
    expect(helpers.filter((h) => h.includes('fn sd_nan()'))).toHaveLength(1);
    expect(helpers.some((h) => h.includes('fn sd_pow('))).toBe(true);
  });
});

describe('wgslF32Literal', () => {
  it('spells the shortest decimal that rounds to the same float32', () => {
    expect(wgslF32Literal(0.9)).toBe('0.9f');
    expect(wgslF32Literal(1)).toBe('1.0f');
    expect(wgslF32Literal(-0)).toBe('-0.0f');
    expect(wgslF32Literal(1e-8)).toBe('1e-8f');
    expect(wgslF32Literal(3e38)).toBe('3e38f');
    expect(wgslF32Literal(1e39)).toBe('bitcast<f32>(0x7f800000u)');
    expect(wgslF32Literal(-1e39)).toBe('bitcast<f32>(0xff800000u)');
  });

  it('round-trips every finite float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = wgslF32Literal(x);
        expect(Object.is(Math.fround(Number(text.replace(/f$/, ''))), Math.fround(x))).toBe(true);
      }),
    );
  });
});
