/**
 * The op table, one op at a time: f64 semantics against an independent definition built from
 * Math.* on a grid that includes every domain edge, f32 semantics as Math.fround of that, the
 * `ts` emitter against op.f64 bit for bit, and the shape of every emitter. Each check runs
 * it.each over OPS, so a new op without a reference definition here fails until one is written.
 */
import { describe, expect, it } from 'vitest';
import { applyF32, OPS } from '../../src/dsl/ops/table.ts';
import type { EmitTarget, OpSpec } from '../../src/dsl/ops/table.ts';

const TARGETS: readonly EmitTarget[] = ['wgsl', 'ts', 'c', 'numpy', 'torch', 'latex'];

type Fn = (...a: number[]) => number;

/** What each op is documented to compute, written independently of the op table. */
const DEFINITION: Readonly<Record<string, Fn>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => (b === 0 ? 0 : a / b),
  reciprocal: (a) => (a === 0 ? 0 : 1 / a),
  negative: (a) => -a,
  square: (a) => a * a,
  cube: (a) => a * a * a,
  max: Math.max,
  min: Math.min,
  fma: (a, b, c) => a * b + c,
  mul2: (a) => a * 2,
  mul4: (a) => a * 4,
  div2: (a) => a / 2,
  div4: (a) => a / 4,
  exp: Math.exp,
  exp2: (a) => Math.pow(2, a),
  expm1: Math.expm1,
  log: (a) => Math.log(Math.abs(a)),
  log2: (a) => Math.log2(Math.abs(a)),
  log1p: (a) => (a <= -1 ? NaN : Math.log1p(a)),
  sqrt: (a) => Math.sqrt(Math.abs(a)),
  cbrt: Math.cbrt,
  power: (a, b) => Math.pow(Math.abs(a), b),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsinh: Math.asinh,
  arctanh: Math.atanh,
  abs: Math.abs,
  sign: Math.sign,
  clip: (a, c) => Math.min(Math.max(a, -Math.abs(c)), Math.abs(c)),
  interp: (x, y, a) => (1 - a) * x + a * y,
  pi: () => Math.PI,
  e: () => Math.E,
  eps: () => 1e-8,
};

/** Documented behaviour at the edges, spelled out per op: [operands, expected]. */
const EDGES: Readonly<Record<string, readonly (readonly [readonly number[], number])[]>> = {
  add: [[[1, 2], 3], [[-0, 0], 0], [[Infinity, -Infinity], NaN]],
  sub: [[[1, 2], -1], [[0, 0], 0]],
  mul: [[[3, -2], -6], [[0, Infinity], NaN]],
  div: [[[1, 0], 0], [[-1, 0], 0], [[1, -0], 0], [[0, 0], 0], [[6, 3], 2], [[1, Infinity], 0]],
  reciprocal: [[[0], 0], [[-0], 0], [[4], 0.25], [[-2], -0.5]],
  negative: [[[2], -2], [[0], -0]],
  square: [[[-3], 9], [[1e200], Infinity]],
  cube: [[[-2], -8], [[3], 27]],
  max: [[[1, 2], 2], [[NaN, 1], NaN]],
  min: [[[1, 2], 1], [[-Infinity, 1], -Infinity]],
  fma: [[[2, 3, 4], 10], [[-1, 1, 1], 0]],
  mul2: [[[3], 6], [[-0.75], -1.5]],
  mul4: [[[3], 12], [[Number.MAX_VALUE], Infinity]],
  div2: [[[3], 1.5], [[Number.MIN_VALUE], 0]],
  div4: [[[3], 0.75], [[-1], -0.25]],
  exp: [[[0], 1], [[1], Math.E], [[-Infinity], 0], [[710], Infinity]],
  exp2: [[[0], 1], [[10], 1024], [[-1], 0.5], [[1024], Infinity]],
  expm1: [[[0], 0], [[1e-20], 1e-20], [[-Infinity], -1]],
  log: [[[-Math.E], 1], [[Math.E], 1], [[1], 0], [[0], -Infinity], [[-0], -Infinity]],
  log2: [[[-8], 3], [[8], 3], [[0], -Infinity]],
  log1p: [[[0], 0], [[-1], NaN], [[-2], NaN], [[1e-20], 1e-20]],
  sqrt: [[[-4], 2], [[4], 2], [[0], 0], [[-Infinity], Infinity]],
  cbrt: [[[-8], -2], [[27], 3], [[0], 0]],
  power: [[[-2, 3], 8], [[-8, 1 / 3], 2], [[2, -1], 0.5], [[0, -1], Infinity], [[0, 0], 1], [[-3, 0], 1]],
  sin: [[[0], 0], [[Math.PI / 2], 1], [[Infinity], NaN]],
  cos: [[[0], 1], [[Math.PI], -1]],
  tan: [[[0], 0], [[-0], -0], [[Infinity], NaN]],
  arcsin: [[[1], Math.PI / 2], [[-1], -Math.PI / 2], [[1.5], NaN], [[-1.0000001], NaN]],
  arccos: [[[1], 0], [[-1], Math.PI], [[-1.5], NaN], [[1.0000001], NaN]],
  arctan: [[[1], Math.PI / 4], [[Infinity], Math.PI / 2]],
  sinh: [[[0], 0], [[1000], Infinity]],
  cosh: [[[0], 1], [[-1000], Infinity]],
  tanh: [[[0], 0], [[1000], 1], [[-1000], -1]],
  arcsinh: [[[0], 0], [[-Infinity], -Infinity]],
  arctanh: [[[0], 0], [[1], Infinity], [[-1], -Infinity], [[2], NaN], [[-1.5], NaN]],
  abs: [[[-3], 3], [[-0], 0]],
  sign: [[[-3], -1], [[5], 1], [[0], 0], [[-0], -0], [[NaN], NaN]],
  clip: [[[5, 2], 2], [[5, -2], 2], [[-5, 2], -2], [[-5, -2], -2], [[1, 2], 1], [[1, 0], 0]],
  interp: [[[1, 3, 0.25], 1.5], [[1, 3, 0], 1], [[1, 3, 1], 3], [[2, 4, 2], 6]],
  pi: [[[], Math.PI]],
  e: [[[], Math.E]],
  eps: [[[], 1e-8]],
};

/** Grid over the real line with every edge the ops care about (0, ±1, domain walls, overflow). */
const GRID: readonly number[] = [
  -Infinity, -1e300, -1000, -710, -100, -10, -4, -Math.PI, -2, -1 - 2 ** -52, -1, -0.999, -0.5, -1e-8, -Number.MIN_VALUE,
  -0, 0, Number.MIN_VALUE, 1e-310, 1e-8, 0.25, 0.5, 0.9, 0.999, 1, 1 + 2 ** -52, 1.5, 2, Math.E, Math.PI, 4, 10, 100,
  709.5, 710, 1000, 1e300, Infinity, NaN,
];
/** Coarser grid for binary and ternary ops (the full product would be large for ternary ones). */
const GRID2: readonly number[] = [-Infinity, -10, -2, -1, -0.5, -0, 0, 1e-8, 0.5, 1, 2, 3, 1e300, Infinity, NaN];
const GRID3: readonly number[] = [-Infinity, -2, -1, -0, 0, 0.5, 0.9, 1, 2, NaN];

function pointsFor(arity: number): number[][] {
  if (arity === 0) return [[]];
  if (arity === 1) return GRID.map((x) => [x]);
  const axis = arity === 2 ? GRID2 : GRID3;
  let out: number[][] = [[]];
  for (let k = 0; k < arity; k++) out = out.flatMap((p) => axis.map((x) => [...p, x]));
  return out;
}

/** Same double, with NaN equal to NaN and -0 distinct from 0. */
function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

function mismatches(points: readonly number[][], got: Fn, want: Fn): string[] {
  const bad: string[] = [];
  for (const p of points) {
    const g = got(...p);
    const w = want(...p);
    if (!same(g, w)) bad.push(`(${p.join(', ')}): got ${g}, want ${w}`);
  }
  return bad;
}

const named = OPS.map((op) => [op.name, op] as const);

describe('op table', () => {
  it('has every op of the Lion and AutoNumerics sets and nothing without a reference here', () => {
    expect(OPS.map((op) => op.name).sort()).toEqual(Object.keys(DEFINITION).sort());
  });

  it.each(named)('%s: has a doc, a cost, all six emitters, and f64 of its arity', (_name, op: OpSpec) => {
    expect(op.doc.trim().length).toBeGreaterThan(0);
    expect(op.cost).toBeGreaterThanOrEqual(0);
    for (const t of TARGETS) expect(typeof op.emit[t], `${op.name}.emit.${t}`).toBe('function');
    expect(op.f64.length).toBe(op.arity);
  });

  it.each(named)('%s: f64 semantics equal the documented definition on the grid', (name, op: OpSpec) => {
    const want = DEFINITION[name];
    expect(want, `no reference definition for op '${name}' in ops.test.ts`).toBeDefined();
    expect(mismatches(pointsFor(op.arity), op.f64, want)).toEqual([]);
  });

  it.each(named)('%s: documented edge cases', (name, op: OpSpec) => {
    const edges = EDGES[name];
    expect(edges, `no edge cases for op '${name}' in ops.test.ts`).toBeDefined();
    const bad = edges
      .filter(([args, want]) => !same(op.f64(...args), want))
      .map(([args, want]) => `(${args.join(', ')}): got ${op.f64(...args)}, want ${want}`);
    expect(bad).toEqual([]);
  });

  it.each(named)('%s: f32 semantics are Math.fround of the f64 result on float32 operands', (name, op: OpSpec) => {
    const want = DEFINITION[name];
    const bad: string[] = [];
    for (const p of pointsFor(op.arity)) {
      const got = applyF32(op, p);
      const expected = Math.fround(want(...p.map(Math.fround)));
      if (!same(got, expected) || !same(Math.fround(got), got)) bad.push(`(${p.join(', ')}): got ${got}, want ${expected}`);
    }
    expect(bad).toEqual([]);
  });

  it.each(named)('%s: the ts emitter evaluates to op.f64 exactly', (_name, op: OpSpec) => {
    const params = ['a0', 'a1', 'a2'].slice(0, op.arity);
    const helpers = (op.helpers?.ts ?? []).join('\n');
    const code = `"use strict";\n${helpers}\nreturn (${params.join(', ')}) => ${op.emit.ts(params, 'f64')};`;
    const compiled = new Function(code)() as Fn;
    expect(mismatches(pointsFor(op.arity), compiled, op.f64)).toEqual([]);
    // Emitters receive atomic operands; negative literals must be parenthesised by the caller.
    if (op.arity > 0) {
      const viaLiterals = new Function(`"use strict"; return ${op.emit.ts(params.map(() => '(-0.5)'), 'f64')};`)() as number;
      expect(same(viaLiterals, op.f64(...params.map(() => -0.5)))).toBe(true);
    }
  });

  it.each(named)('%s: every emitter uses each operand and no other', (_name, op: OpSpec) => {
    const placeholders = ['OPERAND_A', 'OPERAND_B', 'OPERAND_C', 'OPERAND_D'];
    const args = placeholders.slice(0, op.arity);
    for (const t of TARGETS) {
      for (const precision of ['f32', 'f64'] as const) {
        const text = op.emit[t](args, precision);
        expect(text.trim().length, `${op.name}.${t}`).toBeGreaterThan(0);
        for (const a of args) expect(text, `${op.name}.${t} ${precision} uses ${a}`).toContain(a);
        for (const unused of placeholders.slice(op.arity)) expect(text).not.toContain(unused);
      }
    }
  });

  const withFacts = named.filter(([, op]) => Object.keys(op.facts).length > 0);
  it.each(withFacts)('%s: algebraic facts hold on the grid', (_name, op: OpSpec) => {
    const { commutative, identity, absorbing, involution, idempotent } = op.facts;
    const finite = GRID.filter(Number.isFinite);
    if (commutative) for (const [a, b] of pointsFor(2)) expect(same(op.f64(a, b), op.f64(b, a)), `${op.name}(${a}, ${b})`).toBe(true);
    if (identity) {
      for (const x of finite) {
        if (x === 0) continue; // -0 + 0 is +0: the identity holds up to the sign of zero.
        expect(op.f64(x, identity.value), `${op.name}(${x}, id)`).toBe(x);
        if (identity.side === 'both') expect(op.f64(identity.value, x), `${op.name}(id, ${x})`).toBe(x);
      }
    }
    if (absorbing !== undefined) for (const x of finite) expect(op.f64(x, absorbing) === absorbing && op.f64(absorbing, x) === absorbing, `${op.name}(${x}, z)`).toBe(true);
    if (involution) for (const x of finite) if (x !== 0 && Math.abs(x) < 1e300) expect(op.f64(op.f64(x)), `${op.name}∘${op.name}(${x})`).toBeCloseTo(x, 12);
    if (idempotent) {
      for (const x of GRID) {
        if (op.arity === 1) expect(same(op.f64(op.f64(x)), op.f64(x)), `${op.name}∘${op.name}(${x})`).toBe(true);
        else expect(same(op.f64(x, x), x), `${op.name}(${x}, ${x})`).toBe(true);
      }
    }
  });
});

describe('exact scalings', () => {
  it.each(['mul2', 'mul4', 'div2', 'div4'])('%s is exact: scaling back recovers the operand', (name) => {
    const op = OPS.find((o) => o.name === name) as OpSpec;
    const factor = op.f64(1);
    for (const x of GRID.filter((g) => Number.isFinite(g) && Math.abs(g) > 1e-300 && Math.abs(g) < 1e300)) expect(op.f64(x) / factor).toBe(x);
  });
});
