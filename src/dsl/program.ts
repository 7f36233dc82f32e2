/**
 * Programs are immutable values: a signature, a list of statements, the returned variables.
 * Each statement applies one op to operands (variables, numeric literals, named constants) and
 * assigns the result to a new or existing variable. Build them with these functions; they freeze.
 */
import { allInputs } from './signature.ts';
import type { Domain } from './signature.ts';

export type Operand =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'lit'; readonly value: number }
  /** A named constant (an arity-0 op such as `pi`). */
  | { readonly kind: 'const'; readonly name: string };

export interface Statement {
  readonly target: string;
  readonly op: string;
  readonly args: readonly Operand[];
}

export interface Program {
  readonly domain: Domain;
  readonly body: readonly Statement[];
  /** Variables returned, in signature order (e.g. `update, m, v`). */
  readonly outputs: readonly string[];
}

export const v = (name: string): Operand => Object.freeze({ kind: 'var', name });
export const lit = (value: number): Operand => Object.freeze({ kind: 'lit', value });
export const named = (name: string): Operand => Object.freeze({ kind: 'const', name });

export function statement(target: string, op: string, args: readonly Operand[]): Statement {
  return Object.freeze({ target, op, args: Object.freeze([...args]) });
}

export function program(domain: Domain, body: readonly Statement[], outputs: readonly string[]): Program {
  return Object.freeze({ domain, body: Object.freeze([...body]), outputs: Object.freeze([...outputs]) });
}

/** A copy of `p` with its body replaced (mutation and simplification build children this way). */
export function withBody(p: Program, body: readonly Statement[]): Program {
  return program(p.domain, body, p.outputs);
}

/** Operand equality: literals by value (NaN never appears in a valid program; -0 and 0 differ). */
export function operandsEqual(a: Operand, b: Operand): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'lit') return Object.is(a.value, (b as { value: number }).value);
  return a.name === (b as { name: string }).name;
}

/** Structural equality of two programs (the same text when printed). */
export function programsEqual(a: Program, b: Program): boolean {
  if (a.domain !== b.domain || a.body.length !== b.body.length || a.outputs.length !== b.outputs.length) return false;
  if (a.outputs.some((o, i) => o !== b.outputs[i])) return false;
  return a.body.every((s, i) => {
    const t = b.body[i];
    return s.target === t.target && s.op === t.op && s.args.length === t.args.length && s.args.every((x, j) => operandsEqual(x, t.args[j]));
  });
}

/** The literal values of a program in statement order: the "constants are data" vector. */
export function literals(p: Program): number[] {
  const out: number[] = [];
  for (const s of p.body) for (const a of s.args) if (a.kind === 'lit') out.push(a.value);
  return out;
}

/** `p` with its literals replaced, in order, by `values` (fitted constants are written back so). */
export function withLiterals(p: Program, values: readonly number[]): Program {
  let i = 0;
  const body = p.body.map((s) =>
    s.args.some((a) => a.kind === 'lit') ? statement(s.target, s.op, s.args.map((a) => (a.kind === 'lit' ? lit(values[i++]) : a))) : s,
  );
  if (i !== values.length) throw new Error(`withLiterals: program has ${i} literals, got ${values.length} values`);
  return withBody(p, body);
}

/**
 * The first name `base1`, `base2`, … not used anywhere in `p` (inputs included); with `bare`,
 * `base` itself first, then `base2`, `base3`, ….
 */
export function freshName(p: Program, base = 's', bare = false): string {
  const used = new Set<string>(allInputs(p.domain));
  for (const s of p.body) used.add(s.target);
  for (const o of p.outputs) used.add(o);
  if (bare && !used.has(base)) return base;
  for (let i = bare ? 2 : 1; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}
