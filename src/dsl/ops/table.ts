/**
 * The op table: the single source of truth for every op. Interpreter, emitters, simplifier and
 * mutation all read it; adding an op is one entry in one of the files imported here, plus tests.
 */
import { add, cube, div, div2, div4, fma, max, min, mul, mul2, mul4, negative, reciprocal, square, sub } from './arithmetic.ts';
import { e, eps, pi } from './constants.ts';
import { cbrt, exp, exp2, expm1, log, log1p, log2, power, sqrt } from './elementary.ts';
import { abs, clip, interp, sign } from './shaping.ts';
import { arccos, arcsin, arcsinh, arctan, arctanh, cos, cosh, sin, sinh, tan, tanh } from './trig.ts';
import type { OpSpec } from './types.ts';

export type { EmitTarget, Emitter, OpFacts, OpSpec, Precision, WasmBitOp, WasmBuilder, WasmEmitter, WasmLaneOp, WgslAccuracy } from './types.ts';

/**
 * Every op, in a fixed order listed by hand: mutation draws from it, so the order is part of a
 * run's determinism (module namespace objects enumerate differently under different loaders).
 */
export const OPS: readonly OpSpec[] = Object.freeze([
  add, sub, mul, div, max, min, fma, negative, reciprocal, square, cube, mul2, div2, mul4, div4,
  exp, exp2, expm1, log, log2, log1p, sqrt, cbrt, power,
  sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh, arcsinh, arctanh,
  abs, sign, clip, interp,
  pi, e, eps,
]);

const byName: ReadonlyMap<string, OpSpec> = new Map(OPS.map((op) => [op.name, op]));
const byInfix: ReadonlyMap<string, OpSpec> = new Map(OPS.filter((op) => op.infix).map((op) => [op.infix as string, op]));

if (byName.size !== OPS.length) throw new Error('op table: duplicate op names');

/** The op with this name, or undefined. */
export function findOp(name: string): OpSpec | undefined {
  return byName.get(name);
}

/** The op with this name; throws for an unknown name (a bug in the caller, not user input). */
export function getOp(name: string): OpSpec {
  const op = byName.get(name);
  if (!op) throw new Error(`unknown op '${name}'`);
  return op;
}

/** The op spelled by an infix operator (`+ - * /`). */
export function opForInfix(symbol: string): OpSpec | undefined {
  return byInfix.get(symbol);
}

/** Named constants (`pi`, `e`, `eps`): arity-0 ops, used as operands. */
export const NAMED_CONSTANTS: readonly OpSpec[] = OPS.filter((op) => op.arity === 0);

/** Ops that take operands (what a statement can apply). */
export const APPLICABLE_OPS: readonly OpSpec[] = OPS.filter((op) => op.arity > 0);

/** An op applied in float32 semantics: inputs and result rounded to float32 (Math.fround). */
export function applyF32(op: OpSpec, args: readonly number[]): number {
  return Math.fround(op.f64(...args.map(Math.fround)));
}
