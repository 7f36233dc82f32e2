/**
 * Program -> WGSL function, built only from the op table's `wgsl` emitters and `helpers.wgsl`.
 *
 * Every live statement becomes one `let` with a generated identifier (SSA), so reassigned
 * variables and inputs read after reassignment need no care, and no name ever comes from program
 * text. Literals are data (DESIGN principle 6): by default each literal occurrence is read from a
 * constants buffer at `base + slot`, so programs that differ only in literal values emit the same
 * text and share one compiled pipeline; `literals: 'inline'` spells them out instead (export).
 *
 * Literals and named constants are first bound to `let`s: an expression made only of WGSL
 * literals is a const-expression, and a const-expression out of an op's domain (asin(3.14), an
 * f32 overflow) is a shader-creation error, while the same value through a `let` is just data.
 *
 *   fn sd_f(x: f32, base: u32) -> f32 {
 *     let c0 = sd_consts[base + 0u];
 *     let s0 = (x * c0);
 *     return s0;
 *   }
 */
import { getOp } from '../ops/table.ts';
import type { Program } from '../program.ts';
import { allInputs, SIGNATURES } from '../signature.ts';
import { liveStatements } from '../liveness.ts';

export interface WgslFunctionOptions {
  /** Function name; default `sd_program`. */
  readonly name?: string;
  /** `buffer` (default): literals read from `constantsBuffer[base + slot]`; `inline`: spelled as f32 literals. */
  readonly literals?: 'buffer' | 'inline';
  /** Name of the `array<f32>` the literals are read from; default `sd_consts`. */
  readonly constantsBuffer?: string;
  /**
   * Also store every live statement's value, in order, to `traceBuffer[trace + k]` (a
   * read_write `array<f32>`; the function gets a final `trace: u32` parameter). For differential
   * tests and debugging: they see each op's result on the device.
   */
  readonly traceBuffer?: string;
}

export interface WgslFunction {
  readonly name: string;
  /** The function's source text (helpers not included). */
  readonly code: string;
  /** Helper definitions the function calls, each once, in first-use order. */
  readonly helpers: readonly string[];
  /** Buffer mode: the literal value of each slot, in slot order (live statements only). Inline: empty. */
  readonly literals: readonly number[];
  /**
   * The function's text with its name replaced by a placeholder: equal for programs that differ
   * only in literal values, variable names or dead statements (buffer mode). Cache pipelines by it.
   */
  readonly structure: string;
  /** WGSL parameter names: `allInputs(domain)` order, then `base: u32` (buffer mode), then `trace: u32` (tracing). */
  readonly params: readonly string[];
  /** `f32` for one output, `array<f32, N>` for N outputs (signature order). */
  readonly returnType: string;
  /** Number of live statements (ops the function evaluates). */
  readonly liveOps: number;
}

const NAME_PLACEHOLDER = '__SD_NAME__';


/**
 * An f32 literal in WGSL spelling: the shortest decimal that rounds to the same float32, with the
 * `f` suffix; values that are not finite in f32 are spelled by their bit pattern.
 */
export function wgslF32Literal(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) {
    const bits = new Uint32Array(new Float32Array([f]).buffer)[0];
    return `bitcast<f32>(0x${bits.toString(16).padStart(8, '0')}u)`;
  }
  if (Object.is(f, -0)) return '-0.0f';
  let text = String(f);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = f.toPrecision(digits);
    if (Math.fround(Number(candidate)) === f) {
      text = candidate;
      break;
    }
  }
  text = String(Number(text)).replace('e+', 'e'); // drops toPrecision's trailing zeros
  if (!/[.e]/.test(text)) text += '.0';
  return `${text}f`;
}

/** Emits `p` as one WGSL function (see the module comment for its shape). */
export function emitWgslFunction(p: Program, options: WgslFunctionOptions = {}): WgslFunction {
  const name = options.name ?? 'sd_program';
  const mode = options.literals ?? 'buffer';
  const buffer = options.constantsBuffer ?? 'sd_consts';
  const inputs = allInputs(p.domain);
  const live = liveStatements(p);
  const helpers: string[] = [];
  const addHelpers = (hs: readonly string[] | undefined): void => {
    for (const h of hs ?? []) if (!helpers.includes(h)) helpers.push(h);
  };
  const lines: string[] = [];
  const literalValues: number[] = [];
  const binding = new Map<string, string>(inputs.map((n) => [n, n]));
  const namedBindings = new Map<string, string>();
  let statements = 0;

  const operand = (a: Program['body'][number]['args'][number], where: string): string => {
    if (a.kind === 'var') {
      const id = binding.get(a.name);
      if (id === undefined) throw new Error(`emitWgslFunction: ${where} reads '${a.name}' before it is assigned`);
      return id;
    }
    if (a.kind === 'lit') {
      const id = `c${literalValues.length}`;
      const slot = literalValues.length;
      literalValues.push(a.value);
      lines.push(mode === 'buffer' ? `  let ${id} = ${buffer}[base + ${slot}u];` : `  let ${id}: f32 = ${wgslF32Literal(a.value)};`);
      return id;
    }
    const known = namedBindings.get(a.name);
    if (known !== undefined) return known;
    const op = getOp(a.name);
    if (op.arity !== 0) throw new Error(`emitWgslFunction: '${a.name}' is not a named constant`);
    addHelpers(op.helpers?.wgsl);
    const id = `n_${op.name}`;
    lines.push(`  let ${id}: f32 = ${op.emit.wgsl([], 'f32')};`);
    namedBindings.set(a.name, id);
    return id;
  };

  p.body.forEach((s, index) => {
    if (!live[index]) return;
    const where = `statement ${index + 1}`;
    const op = getOp(s.op);
    if (op.arity !== s.args.length) throw new Error(`emitWgslFunction: ${where}: '${op.name}' takes ${op.arity} operands, got ${s.args.length}`);
    addHelpers(op.helpers?.wgsl);
    const args = s.args.map((a) => operand(a, where));
    const id = `s${statements++}`;
    lines.push(`  let ${id}: f32 = ${op.emit.wgsl(args, 'f32')};`);
    if (options.traceBuffer) lines.push(`  ${options.traceBuffer}[trace + ${statements - 1}u] = ${id};`);
    binding.set(s.target, id);
  });

  const outputs = p.outputs.map((o) => {
    const id = binding.get(o);
    if (id === undefined) throw new Error(`emitWgslFunction: output '${o}' is never assigned`);
    return id;
  });
  const count = SIGNATURES[p.domain].outputs.length;
  if (outputs.length !== count) throw new Error(`emitWgslFunction: a ${p.domain} program returns ${count} values, got ${outputs.length}`);
  const returnType = count === 1 ? 'f32' : `array<f32, ${count}>`;
  lines.push(count === 1 ? `  return ${outputs[0]};` : `  return ${returnType}(${outputs.join(', ')});`);

  const params = [...inputs, ...(mode === 'buffer' ? ['base'] : []), ...(options.traceBuffer ? ['trace'] : [])];
  const paramList = [...inputs.map((n) => `${n}: f32`), ...(mode === 'buffer' ? ['base: u32'] : []), ...(options.traceBuffer ? ['trace: u32'] : [])].join(', ');
  const template = [`fn ${NAME_PLACEHOLDER}(${paramList}) -> ${returnType} {`, ...lines, '}'].join('\n');
  return {
    name,
    code: template.replace(NAME_PLACEHOLDER, name),
    helpers,
    literals: mode === 'buffer' ? literalValues : [],
    structure: template,
    params,
    returnType,
    liveOps: statements,
  };
}

/** The helper definitions of several functions, each once, in first-use order. */
export function wgslHelpers(functions: readonly WgslFunction[]): string[] {
  const out: string[] = [];
  for (const f of functions) for (const h of f.helpers) if (!out.includes(h)) out.push(h);
  return out;
}

/** A self-contained WGSL snippet for `p`: helpers then the function, literals inline (for export). */
export function programToWgsl(p: Program, name = 'f'): string {
  const f = emitWgslFunction(p, { name, literals: 'inline' });
  return [...f.helpers, f.code].join('\n\n');
}
