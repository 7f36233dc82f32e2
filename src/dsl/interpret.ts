/**
 * The reference interpreter: runs a program statement by statement, reading each op's meaning
 * from the op table and nothing else. It is the yardstick the compiled CPU closures and the GPU
 * backend are held to, so it favours plainness over speed.
 *
 * Precision: 'f64' applies `op.f64`; 'f32' rounds every input with Math.fround and applies
 * `applyF32` (operands rounded, result rounded) — i.e. float32 arithmetic after every op.
 */
import { applyF32, getOp } from './ops/table.ts';
import type { OpSpec, Precision } from './ops/table.ts';
import type { Operand, Program } from './program.ts';
import { allInputs } from './signature.ts';

export type { Precision } from './ops/table.ts';

/** One typed-array batch per input name; all of equal length. */
export type BatchInputs = Readonly<Record<string, Float64Array | Float32Array>>;

function applyOp(op: OpSpec, args: readonly number[], precision: Precision): number {
  return precision === 'f32' ? applyF32(op, args) : op.f64(...args);
}

function missingInput(p: Program, name: string): Error {
  return new Error(`interpret: missing input '${name}' (a ${p.domain} program reads ${allInputs(p.domain).join(', ')})`);
}

/** The value of a literal or named constant at this precision. */
function constantValue(a: Operand, precision: Precision): number {
  if (a.kind === 'lit') return precision === 'f32' ? Math.fround(a.value) : a.value;
  if (a.kind === 'const') return applyOp(getOp(a.name), [], precision);
  throw new Error('constantValue: not a constant');
}

function checkArity(op: OpSpec, given: number, index: number): void {
  if (op.arity !== given) throw new Error(`interpret: statement ${index + 1}: '${op.name}' takes ${op.arity} operands, got ${given}`);
}

/** Runs `p` on one point; returns its outputs in signature order. */
export function interpret(p: Program, inputs: Readonly<Record<string, number>>, precision: Precision): number[] {
  const vars = new Map<string, number>();
  for (const name of allInputs(p.domain)) {
    const x = inputs[name];
    if (typeof x !== 'number') throw missingInput(p, name);
    vars.set(name, precision === 'f32' ? Math.fround(x) : x);
  }
  const read = (a: Operand, index: number): number => {
    if (a.kind !== 'var') return constantValue(a, precision);
    const x = vars.get(a.name);
    if (x === undefined) throw new Error(`interpret: statement ${index + 1} reads '${a.name}' before it is assigned`);
    return x;
  };
  p.body.forEach((s, index) => {
    const op = getOp(s.op);
    checkArity(op, s.args.length, index);
    vars.set(s.target, applyOp(op, s.args.map((a) => read(a, index)), precision));
  });
  return p.outputs.map((name) => {
    const x = vars.get(name);
    if (x === undefined) throw new Error(`interpret: output '${name}' is never assigned`);
    return x;
  });
}

type Column = Float64Array | number;

function applyColumns(op: OpSpec, columns: readonly Column[], count: number, precision: Precision): Float64Array {
  const out = new Float64Array(count);
  const args: number[] = new Array<number>(columns.length);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      args[j] = typeof c === 'number' ? c : c[i];
    }
    out[i] = applyOp(op, args, precision);
  }
  return out;
}

/** The column of a constant operand, so that the loops below read every operand alike. */
function column(c: Column, count: number): Float64Array {
  return typeof c === 'number' ? new Float64Array(count).fill(c) : c;
}

/**
 * `applyColumns` in f64 for ops of up to three operands, calling `op.f64` directly: the same
 * calls with the same numbers, without the argument array and spread (the main thread
 * fingerprints every child through here, dsl/fingerprint.ts, while the workers wait).
 */
function applyF64Columns(op: OpSpec, columns: readonly Column[], count: number): Float64Array {
  const f = op.f64;
  const out = new Float64Array(count);
  if (columns.length === 0) {
    out.fill(f());
  } else if (columns.length === 1) {
    const a = column(columns[0], count);
    for (let i = 0; i < count; i++) out[i] = f(a[i]);
  } else if (columns.length === 2) {
    const a = column(columns[0], count);
    const b = column(columns[1], count);
    for (let i = 0; i < count; i++) out[i] = f(a[i], b[i]);
  } else {
    const a = column(columns[0], count);
    const b = column(columns[1], count);
    const c = column(columns[2], count);
    for (let i = 0; i < count; i++) out[i] = f(a[i], b[i], c[i]);
  }
  return out;
}

/**
 * Runs `p` on every point of a batch (typed arrays of equal length, one per input name), one
 * statement at a time over the whole batch. Returns one Float64Array per output, in signature
 * order; in 'f32' mode every stored value is exactly a float32.
 */
export function interpretBatch(p: Program, inputs: BatchInputs, precision: Precision): Float64Array[] {
  const names = allInputs(p.domain);
  let n = -1;
  const vars = new Map<string, Float64Array>();
  for (const name of names) {
    const xs = inputs[name];
    if (!xs) throw missingInput(p, name);
    if (n === -1) n = xs.length;
    else if (xs.length !== n) throw new Error(`interpretBatch: input '${name}' has ${xs.length} points, '${names[0]}' has ${n}`);
    const copy = Float64Array.from(xs);
    if (precision === 'f32') for (let i = 0; i < n; i++) copy[i] = Math.fround(copy[i]);
    vars.set(name, copy);
  }
  const count = Math.max(n, 0);
  p.body.forEach((s, index) => {
    const op = getOp(s.op);
    checkArity(op, s.args.length, index);
    // Each operand is either a column (variable) or one number (constant) for every point.
    const columns = s.args.map((a) => {
      if (a.kind !== 'var') return constantValue(a, precision);
      const xs = vars.get(a.name);
      if (!xs) throw new Error(`interpretBatch: statement ${index + 1} reads '${a.name}' before it is assigned`);
      return xs;
    });
    vars.set(s.target, precision === 'f64' && columns.length <= 3 ? applyF64Columns(op, columns, count) : applyColumns(op, columns, count, precision));
  });
  return p.outputs.map((name) => {
    const xs = vars.get(name);
    if (!xs) throw new Error(`interpretBatch: output '${name}' is never assigned`);
    // Outputs may alias each other or an input; hand back independent arrays.
    return Float64Array.from(xs);
  });
}

