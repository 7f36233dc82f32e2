/**
 * Rewrite patterns as data: `div(x, sqrt(mul(x, x)))` is an op application over pattern variables
 * (`x`, `y`, ...) and numbers. A pattern matches a value of the graph when the ops agree node by
 * node (commutative binary ops in either order), each number matches a literal or named constant
 * of that value, and every occurrence of a variable binds the same value.
 */
import { findOp, getOp } from '../ops/table.ts';
import { constantOf, resolve, sameValue, type Value, type ValueGraph } from './value-graph.ts';

export type Pattern =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'app'; readonly op: string; readonly args: readonly Pattern[] };

export type Bindings = ReadonlyMap<string, Value>;

/** Parses pattern text; throws on a malformed pattern (rule tables are code, not user input). */
export function parsePattern(text: string): Pattern {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]*)?(?:e-?[0-9]+)?|[(),]/g) ?? [];
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`pattern '${text}': ${why}`);
  };
  const term = (): Pattern => {
    const t = tokens[pos++] ?? fail('unexpected end');
    if (/^-?[0-9]/.test(t)) return { kind: 'num', value: Number(t) };
    if (tokens[pos] !== '(') {
      if (findOp(t)) fail(`'${t}' is an op name; pattern variables must not be`);
      return { kind: 'var', name: t };
    }
    pos++;
    const op = findOp(t) ?? fail(`unknown op '${t}'`);
    const args: Pattern[] = [term()];
    while (tokens[pos] === ',') {
      pos++;
      args.push(term());
    }
    if (tokens[pos++] !== ')') fail('expected )');
    if (args.length !== op.arity) fail(`${op.name} takes ${op.arity} operands`);
    return { kind: 'app', op: op.name, args };
  };
  const p = term();
  if (pos !== tokens.length) fail('trailing text');
  return p;
}

/** The pattern printed back (for messages and rule listings). */
export function printPattern(p: Pattern): string {
  if (p.kind === 'var') return p.name;
  if (p.kind === 'num') return String(p.value);
  return `${p.op}(${p.args.map(printPattern).join(', ')})`;
}

/** Pattern variables in first-occurrence order. */
export function patternVariables(p: Pattern): string[] {
  if (p.kind === 'var') return [p.name];
  if (p.kind === 'num') return [];
  return [...new Set(p.args.flatMap(patternVariables))];
}

/** Bindings under which `pattern` matches `value`, or undefined. */
export function matchPattern(g: ValueGraph, pattern: Pattern, value: Value, bindings: Bindings = new Map()): Bindings | undefined {
  const v = resolve(g, value);
  switch (pattern.kind) {
    case 'num':
      return constantOf(g, v) === pattern.value ? bindings : undefined;
    case 'var': {
      const bound = bindings.get(pattern.name);
      if (bound) return sameValue(g, bound, v) ? bindings : undefined;
      return new Map([...bindings, [pattern.name, v]]);
    }
    case 'app': {
      if (v.kind !== 'node') return undefined;
      const node = g.nodes[v.id];
      if (node.op !== pattern.op || node.args.length !== pattern.args.length) return undefined;
      const inOrder = matchAll(g, pattern.args, node.args, bindings);
      if (inOrder || pattern.args.length !== 2 || !getOp(node.op).facts.commutative) return inOrder;
      return matchAll(g, pattern.args, [node.args[1], node.args[0]], bindings);
    }
  }
}

function matchAll(g: ValueGraph, patterns: readonly Pattern[], values: readonly Value[], bindings: Bindings): Bindings | undefined {
  let current: Bindings | undefined = bindings;
  for (let i = 0; i < patterns.length && current; i++) current = matchPattern(g, patterns[i], values[i], current);
  return current;
}

/** The value of a pattern leaf (variable or number) under `bindings`. */
export function leafValue(p: Pattern, bindings: Bindings): Value {
  if (p.kind === 'num') return { kind: 'lit', value: p.value };
  if (p.kind === 'var') {
    const bound = bindings.get(p.name);
    if (!bound) throw new Error(`pattern variable '${p.name}' is unbound`);
    return bound;
  }
  throw new Error('leafValue: not a leaf');
}

/** Evaluates a pattern on numbers with the op table's semantics (f64, or f32 via `apply`). */
export function evaluatePattern(p: Pattern, env: ReadonlyMap<string, number>, apply: (op: string, args: number[]) => number): number {
  if (p.kind === 'num') return p.value;
  if (p.kind === 'var') {
    const x = env.get(p.name);
    if (x === undefined) throw new Error(`pattern variable '${p.name}' has no value`);
    return x;
  }
  return apply(p.op, p.args.map((a) => evaluatePattern(a, env, apply)));
}
