/**
 * The SIMD128 WebAssembly evaluator against the reference interpreter, bit for bit (NaN payloads
 * aside: any NaN equals any NaN), in f64 and f32: every op alone on edge inputs, then random
 * programs over every op (fast-check), several per module, with constants and reassignments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitWasmModule } from '../../../src/dsl/emit/wasm.ts';
import { interpretBatch } from '../../../src/dsl/interpret.ts';
import { APPLICABLE_OPS, NAMED_CONSTANTS } from '../../../src/dsl/ops/table.ts';
import type { Precision } from '../../../src/dsl/ops/table.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { lit, named, program, statement, v } from '../../../src/dsl/program.ts';
import type { Operand, Program } from '../../../src/dsl/program.ts';
import { WasmColumns } from '../../../src/eval/backends/wasm/column-kernels.ts';
import { wasm } from '../../../src/eval/backends/wasm/wasm-api.ts';

const PRECISIONS: readonly Precision[] = ['f64', 'f32'];

/** Inputs that hit every protected domain edge, signed zeros, non-finite values, subnormals. */
const EDGES = [
  0, -0, 1, -1, 2, -2, 0.5, -0.5, 1e-8, -1e-8, 3, -3, 0.75, 1 - 2 ** -24, -(1 - 2 ** -24), 1e30, -1e30, 1e300, 5e-324, -5e-324, 1e-40,
  Infinity, -Infinity, NaN, Math.PI, 1e-3, 10, 100, -100, 0.999, -0.999, 7.25,
];

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) return i;
  }
  return -1;
}

function column(xs: readonly number[], precision: Precision): Float64Array {
  return Float64Array.from(xs, (x) => (precision === 'f32' ? Math.fround(x) : x));
}

/** Runs every program through one module and compares each with interpretBatch; returns the first mismatch. */
function mismatch(programs: readonly Program[], xs: Float64Array, precision: Precision, unroll: number): string | undefined {
  const batch = new WasmColumns(xs, precision, unroll).compile(programs);
  for (let k = 0; k < programs.length; k++) {
    const ys = batch.run(k);
    const [expected] = interpretBatch(programs[k], { x: xs }, precision);
    const i = sameBits(ys, expected);
    if (i >= 0) return `program ${k} at x = ${xs[i]}: wasm ${ys[i]}, interpreter ${expected[i]}`;
  }
  return undefined;
}

/** For op `f` of arity k: y = f(x, c1, ...) and y = f(c1, x, ...) and with x in every slot. */
function opPrograms(opName: string, arity: number, constants: readonly number[]): Program[] {
  const out: Program[] = [];
  for (const c of constants) {
    for (let slot = 0; slot < arity; slot++) {
      const args: Operand[] = Array.from({ length: arity }, (_, j) => (j === slot ? v('x') : lit(c)));
      out.push(program('function', [statement('y', opName, args)], ['y']));
    }
    out.push(program('function', [statement('y', opName, Array.from({ length: arity }, () => v('x')))], ['y']));
  }
  return out;
}

describe('wasm emitter', () => {
  it('emits modules that validate, with one export per candidate', () => {
    const p = parseProgram('def f(x):\n  a = x * -0.5\n  b = exp2(a)\n  y = fma(b, x, 0.25)\n  return y\n', 't.sym');
    for (const precision of PRECISIONS) {
      const m = emitWasmModule([p, p, p], { precision, unroll: 2 });
      expect(wasm.validate(m.bytes)).toBe(true);
      expect(m.exports).toEqual(['c0', 'c1', 'c2']);
      // exp2 is imported once for the three candidates: its f64 semantics, called per lane.
      expect(Object.keys(m.imports)).toEqual(['f0']);
      expect(m.stride).toBe(32);
    }
  });

  it('encodes a one-op program to these bytes', () => {
    const p = parseProgram('def f(x):\n  y = x + 1.5\n  return y\n', 't.sym');
    const hex = Buffer.from(emitWasmModule([p], { precision: 'f64', unroll: 1 }).bytes).toString('hex');
    expect(hex).toMatchInlineSnapshot(`"0061736d0100000001080160047f7f7f7f00020f0103656e76066d656d6f72790200010302010007060102633000000a4c014a01037bfd0c000000000000f83f000000000000f83f2105024003402000fd000400210420042005fdf001210620012006fd0b0400200141106a2101200041106a22002002490d000b0b0b"`);
  });

  it('rejects programs it cannot run', () => {
    const opt = parseProgram('def train(w, g, m, v, lr):\n  update = g * lr\n  return update, m, v\n', 'o.sym');
    expect(() => emitWasmModule([opt], { precision: 'f64' })).toThrow(/only function programs/);
  });
});

describe('wasm evaluator = interpreter, bit for bit', () => {
  for (const precision of PRECISIONS) {
    it.each(APPLICABLE_OPS.map((op) => [op.name, op.arity] as const))(`${precision} %s on edge inputs and constants`, (name, arity) => {
      const programs = opPrograms(name, arity, [0, -0, 1, -1, 0.5, 2.5, -3, 1e-8, NaN, Infinity]);
      const xs = column(EDGES, precision);
      for (const unroll of [1, 2]) expect(mismatch(programs, xs, precision, unroll)).toBeUndefined();
    });

    it(`${precision} named constants`, () => {
      const programs = NAMED_CONSTANTS.map((c) => program('function', [statement('y', 'add', [named(c.name), v('x')])], ['y']));
      expect(mismatch(programs, column(EDGES, precision), precision, 1)).toBeUndefined();
    });
  }

  /** Random programs: each statement applies a random op to defined variables, literals or constants; some reassign. */
  type Arg = { readonly kind: 'var'; readonly pick: number } | Operand;
  const arg: fc.Arbitrary<Arg> = fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: 'var' as const, pick })) },
    { weight: 2, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }).map(lit) },
    { weight: 1, arbitrary: fc.constantFrom(...NAMED_CONSTANTS.map((c) => named(c.name))) },
  );
  const step = fc.tuple(fc.constantFrom(...APPLICABLE_OPS), fc.array(arg, { minLength: 3, maxLength: 3 }), fc.nat());
  const randomProgram: fc.Arbitrary<Program> = fc.array(step, { minLength: 1, maxLength: 12 }).map((steps) => {
    const defined = ['x'];
    const body = steps.map(([op, args, target], i) => {
      const operands = args.slice(0, op.arity).map((a) => ('pick' in a ? v(defined[a.pick % defined.length]) : a));
      // One statement in four reassigns a variable already defined.
      const name = target % 4 === 0 ? defined[target % defined.length] : `t${i}`;
      if (!defined.includes(name)) defined.push(name);
      return statement(name, op.name, operands);
    });
    return program('function', [...body, statement('y', 'add', [v(body[body.length - 1].target), lit(0)])], ['y']);
  });
  const points = fc.array(fc.oneof(fc.double({ min: -10, max: 10 }), fc.constantFrom(...EDGES)), { minLength: 1, maxLength: 37 });

  for (const precision of PRECISIONS) {
    it(`${precision}: random programs over every op, several per module`, () => {
      fc.assert(
        fc.property(fc.array(randomProgram, { minLength: 1, maxLength: 6 }), points, fc.constantFrom(1, 2, 4), (programs, xs, unroll) => {
          expect(mismatch(programs, column(xs, precision), precision, unroll)).toBeUndefined();
        }),
        { numRuns: 60 },
      );
    });
  }
});
