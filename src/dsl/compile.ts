/**
 * Compiles a program to a JavaScript closure (the CPU backend's fast path), built only from the op
 * table's `ts` emitters. The generated function loops over all points itself, so V8 optimises one
 * hot loop per program instead of one call per point.
 *
 * Shape of the generated code (f32 wraps every input load and op result in Math.fround):
 *
 *   const in0 = inputs[0], ...; const out0 = outputs[0], ...;
 *   const k0 = 0.9, k1 = Math.PI;                 // literals and named constants, hoisted
 *   for (let i = 0; i < n; i++) {
 *     const v0 = in1[i]; ...                        // inputs the program reads
 *     const v6 = ((1 - k0) * v1 + k0 * v3);         // one const per live statement (SSA)
 *     out0[i] = v6; ...
 *   }
 *
 * Each statement writes a fresh generated name, so reassigned variables (`m = interp(g, m, 0.9)`)
 * and inputs read after being reassigned need no special care. Statements no output depends on
 * are left out: ops are pure, so the results are the same bit for bit. Names never come from
 * program text, so program text cannot inject code.
 */
import { getOp } from './ops/table.ts';
import type { OpSpec, Precision } from './ops/table.ts';
import { literals } from './program.ts';
import type { Operand, Program } from './program.ts';
import { allInputs } from './signature.ts';
import { liveStatements } from './liveness.ts';

/** Inputs in `allInputs(domain)` order, outputs in signature order, all at least `n` long. */
export type CompiledProgram = (inputs: readonly Float64Array[], outputs: readonly Float64Array[], n: number) => void;

/** One point: inputs in `allInputs(domain)` order; outputs in signature order. */
export type CompiledScalar = (...inputs: number[]) => number[];

/**
 * A number spelled as JavaScript source that reads back as exactly the same double: String() is
 * the shortest round-trip spelling, -0 keeps its sign, NaN and ±Infinity are valid expressions
 * (unlike program text, a compiled closure accepts any double, e.g. from a constant optimiser).
 */
function jsNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}


interface Body {
  /** Hoisted constants, `const k0 = ...;` lines. */
  readonly constants: string[];
  /** Indices (into allInputs) of inputs that live code reads. */
  readonly inputsRead: number[];
  /** Per-point lines; input `j` is loaded from the expression `load(j)`. */
  readonly lines: (load: (j: number) => string) => string[];
  /**
   * With `uniform` inputs (generateBody): the lines computed once before the loop (statements
   * that read only uniform inputs and constants; input `j` loaded from `load(j)`, its point 0),
   * and `lines` holds the rest.
   */
  readonly hoisted: (load: (j: number) => string) => string[];
  /** The generated name holding each output. */
  readonly outputs: string[];
  readonly helpers: string[];
}

/**
 * How a literal is spelled: by default hoisted as a number; `literalExpr(k)` (k = the literal's
 * position in `literals(p)` order, dead statements included) may instead return an expression
 * such as `c[3]`, so one compiled function serves every value of the constants.
 */
type LiteralExpr = (k: number) => string | undefined;

function generateBody(p: Program, precision: Precision, literalExpr?: LiteralExpr, uniform: ReadonlySet<number> = new Set()): Body {
  const wrap = (expr: string): string => (precision === 'f32' ? `Math.fround(${expr})` : expr);
  const inputNames = allInputs(p.domain);
  const live = liveStatements(p);
  const constants: string[] = [];
  const constantNames = new Map<string, string>();
  const helpers = new Set<string>();
  const inputsRead: number[] = [];
  const steps: ((load: (j: number) => string) => string)[] = [];
  const hoistedSteps: ((load: (j: number) => string) => string)[] = [];
  /** Generated names whose value is the same at every point (uniform inputs and what only they and constants feed). */
  const uniformIds = new Set<string>();
  let counter = 0;

  // Current generated name of each program variable; inputs are loaded lazily on first read.
  const binding = new Map<string, string>();
  const readVar = (name: string, where: string): string => {
    const bound = binding.get(name);
    if (bound !== undefined) return bound;
    const j = inputNames.indexOf(name);
    if (j < 0) throw new Error(`compileProgram: ${where} reads '${name}' before it is assigned`);
    const id = `v${counter++}`;
    inputsRead.push(j);
    const step = (load: (j: number) => string): string => `const ${id} = ${wrap(load(j))};`;
    if (uniform.has(j)) {
      uniformIds.add(id);
      hoistedSteps.push(step);
    } else steps.push(step);
    binding.set(name, id);
    return id;
  };
  const constant = (a: Operand, literalIndex: number): string => {
    let expr: string;
    const variable = a.kind === 'lit' && literalExpr ? literalExpr(literalIndex) : undefined;
    if (variable !== undefined) return precision === 'f32' ? `Math.fround(${variable})` : variable;
    if (a.kind === 'lit') expr = jsNumber(precision === 'f32' ? Math.fround(a.value) : a.value);
    else {
      const op = getOp(a.name);
      if (op.arity !== 0) throw new Error(`compileProgram: '${a.name}' is not a named constant`);
      for (const h of op.helpers?.ts ?? []) helpers.add(h);
      expr = wrap(op.emit.ts([], precision));
    }
    let id = constantNames.get(expr);
    if (id === undefined) {
      id = `k${constantNames.size}`;
      constantNames.set(expr, id);
      constants.push(`const ${id} = ${expr};`);
    }
    return id;
  };

  let literalCount = 0;
  p.body.forEach((s, index) => {
    const firstLiteral = literalCount;
    literalCount += s.args.filter((a) => a.kind === 'lit').length;
    if (!live[index]) return;
    const where = `statement ${index + 1}`;
    const op: OpSpec = getOp(s.op);
    if (op.arity !== s.args.length) throw new Error(`compileProgram: ${where}: '${op.name}' takes ${op.arity} operands, got ${s.args.length}`);
    for (const h of op.helpers?.ts ?? []) helpers.add(h);
    let k = firstLiteral;
    const args = s.args.map((a) => (a.kind === 'var' ? readVar(a.name, where) : constant(a, a.kind === 'lit' ? k++ : -1)));
    const id = `v${counter++}`;
    const line = `const ${id} = ${wrap(op.emit.ts(args, precision))};`;
    // Constants are uniform; a statement of uniform operands is too (ops are pure), so it is hoisted.
    if (uniform.size > 0 && s.args.every((a, k) => a.kind !== 'var' || uniformIds.has(args[k]))) {
      uniformIds.add(id);
      hoistedSteps.push(() => line);
    } else steps.push(() => line);
    binding.set(s.target, id);
  });
  const outputs = p.outputs.map((name) => readVar(name, 'return'));
  return { constants, inputsRead, lines: (load) => steps.map((step) => step(load)), hoisted: (load) => hoistedSteps.map((step) => step(load)), outputs, helpers: [...helpers] };
}

/** The source of the function `compileProgram` builds (for debugging and tests). */
export function compiledSource(p: Program, precision: Precision, literalExpr?: LiteralExpr, uniform: readonly number[] = []): string {
  const b = generateBody(p, precision, literalExpr, new Set(uniform));
  const reads = [...new Set(b.inputsRead)];
  const params = literalExpr ? 'inputs, outputs, n, c' : 'inputs, outputs, n';
  const lines: string[] = ['"use strict";', ...b.helpers, `return function compiledProgram(${params}) {`];
  for (const j of reads) {
    lines.push(`  const in${j} = inputs[${j}];`);
    lines.push(`  if (!in${j} || in${j}.length < n) throw new RangeError('compiled program: input ${j} has fewer than ' + n + ' points');`);
  }
  b.outputs.forEach((_, k) => {
    lines.push(`  const out${k} = outputs[${k}];`);
    lines.push(`  if (!out${k} || out${k}.length < n) throw new RangeError('compiled program: output ${k} has fewer than ' + n + ' points');`);
  });
  for (const c of b.constants) lines.push(`  ${c}`);
  for (const l of b.hoisted((j) => `in${j}[0]`)) lines.push(`  ${l}`);
  lines.push('  for (let i = 0; i < n; i++) {');
  for (const l of b.lines((j) => `in${j}[i]`)) lines.push(`    ${l}`);
  b.outputs.forEach((id, k) => lines.push(`    out${k}[i] = ${id};`));
  lines.push('  }', '};');
  return lines.join('\n');
}

/**
 * Compiles `p` to a closure that evaluates it on `n` points: `inputs[j][i]` is input
 * `allInputs(domain)[j]` at point i, results go to `outputs[k][i]` (signature order). Results
 * equal `interpretBatch` bit for bit, in both precisions.
 */
export function compileProgram(p: Program, precision: Precision): CompiledProgram {
  return new Function(compiledSource(p, precision))() as CompiledProgram;
}

/**
 * compileProgram for callers whose inputs `uniform` (indices into allInputs) hold one value at
 * every point (the optimizer trainer's `t`): what depends only on them and on constants (Adam's
 * bias corrections, `pow(0.9, t)`) is computed once per call, from point 0, instead of at every
 * point. The results equal compileProgram's bit for bit when those inputs are uniform.
 */
export function compileProgramUniform(p: Program, precision: Precision, uniform: readonly number[]): CompiledProgram {
  return new Function(compiledSource(p, precision, undefined, uniform))() as CompiledProgram;
}

/** Compiles `p` to a function of one point: inputs in `allInputs(domain)` order, outputs in signature order. */
export function compileScalar(p: Program, precision: Precision): CompiledScalar {
  const b = generateBody(p, precision);
  const params = allInputs(p.domain).map((_, j) => `in${j}`);
  const lines = ['"use strict";', ...b.helpers, ...b.constants, `return function compiledScalar(${params.join(', ')}) {`];
  for (const l of b.hoisted((j) => `in${j}`)) lines.push(`  ${l}`);
  for (const l of b.lines((j) => `in${j}`)) lines.push(`  ${l}`);
  lines.push(`  return [${b.outputs.join(', ')}];`, '};');
  return new Function(lines.join('\n'))() as CompiledScalar;
}


/** A compiled program whose fitted literals are read from an array at each call. */
export type CompiledWithConstants = (inputs: readonly Float64Array[], outputs: readonly Float64Array[], n: number, constants: Float64Array) => void;

export interface ParametricProgram {
  readonly run: CompiledWithConstants;
  /** Positions (in `literals(p)` order) of the literals read from `constants`, in array order. */
  readonly positions: readonly number[];
  /** Their values in `p` (the starting point of a fit). */
  readonly initial: Float64Array;
}

/** The literals of `p`, the literal indices `fitted` selects, and each one's slot in the constants array. */
export function fittedSlots(p: Program, fitted: (value: number) => boolean): { values: number[]; positions: number[]; slot: Map<number, number> } {
  const values = [...literals(p)];
  const positions: number[] = [];
  const slot = new Map<number, number>();
  values.forEach((value, k) => {
    if (!fitted(value)) return;
    slot.set(k, positions.length);
    positions.push(k);
  });
  return { values, positions, slot };
}

/**
 * Compiles `p` once with the literals that `fitted(value)` selects read from a constants array:
 * a constant fitter calls it hundreds of times with different constants, where compileProgram
 * would bake the literals in and compile a new function for every trial. With the constants set
 * to the literals' values the results equal compileProgram's bit for bit.
 */
export function compileWithConstants(p: Program, precision: Precision, fitted: (value: number) => boolean = () => true): ParametricProgram {
  const { values, positions, slot } = fittedSlots(p, fitted);
  const source = compiledSource(p, precision, (k) => {
    const j = slot.get(k);
    return j === undefined ? undefined : `c[${j}]`;
  });
  const run = new Function(source)() as CompiledWithConstants;
  return { run, positions, initial: Float64Array.from(positions, (k) => values[k]) };
}
