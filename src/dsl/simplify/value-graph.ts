/**
 * The simplifier's working form of a program: a value graph in SSA style. Every statement becomes
 * a node whose operands refer to values (an input as given, a literal, a named constant, or an
 * earlier node), so reassigned variables need no care while rewriting. A node rewritten into a
 * copy of another value gets an `alias`; readers look through aliases with `resolve`.
 *
 * The graph is mutable but private to one simplification: `buildGraph` copies the program in and
 * `lowerGraph` (lower.ts) writes a new immutable program out.
 */
import { getOp } from '../ops/table.ts';
import type { Operand, Program } from '../program.ts';
import { allInputs, type Domain, SIGNATURES } from '../signature.ts';

export type Value =
  | { readonly kind: 'input'; readonly name: string }
  | { readonly kind: 'lit'; readonly value: number }
  | { readonly kind: 'const'; readonly name: string }
  | { readonly kind: 'node'; readonly id: number };

export interface GraphNode {
  readonly id: number;
  op: string;
  args: Value[];
  /** The variable the source statement assigned; lowering keeps it when it can. */
  readonly name: string;
  /** 1-based index of the source statement, for messages. */
  readonly line: number;
  /** Set when the node was rewritten into a copy of another value. */
  alias?: Value;
}

/**
 * What an output returns: a value, or `unobserved` for an optimizer state output whose input the
 * program never reads (its value cannot influence anything, so lowering returns whatever the
 * variable holds at the end).
 */
export type OutputValue = Value | { readonly kind: 'unobserved' };

export interface ValueGraph {
  readonly domain: Domain;
  /** Index = node id; source order, which is a valid evaluation order. */
  readonly nodes: GraphNode[];
  readonly outputs: OutputValue[];
  /** The returned variable names of the source program. */
  readonly outputNames: readonly string[];
  /** Every name the source program mentions, so invented names avoid them. */
  readonly names: ReadonlySet<string>;
}

export function inputValue(name: string): Value {
  return { kind: 'input', name };
}

export function litValue(value: number): Value {
  return { kind: 'lit', value };
}

export function nodeValue(id: number): Value {
  return { kind: 'node', id };
}

/** Builds the graph of a valid program; throws (a bug in the caller) on a read before assignment. */
export function buildGraph(p: Program): ValueGraph {
  const env = new Map<string, Value>(allInputs(p.domain).map((name) => [name, inputValue(name)]));
  const names = new Set<string>(allInputs(p.domain));
  const nodes: GraphNode[] = [];
  const read = (a: Operand, line: number): Value => {
    if (a.kind === 'lit') return litValue(a.value);
    if (a.kind === 'const') return { kind: 'const', name: a.name };
    const value = env.get(a.name);
    if (!value) throw new Error(`simplify: statement ${line} reads '${a.name}' before it is assigned`);
    return value;
  };
  p.body.forEach((s, index) => {
    const node: GraphNode = { id: nodes.length, op: s.op, args: s.args.map((a) => read(a, index + 1)), name: s.target, line: index + 1 };
    nodes.push(node);
    env.set(s.target, nodeValue(node.id));
    names.add(s.target);
  });
  const outputs = p.outputs.map((name): Value => {
    const value = env.get(name);
    if (!value) throw new Error(`simplify: output '${name}' is never assigned`);
    names.add(name);
    return value;
  });
  return { domain: p.domain, nodes, outputs, outputNames: [...p.outputs], names };
}

/** A deep copy, so a rewrite can be tried and abandoned. */
export function cloneGraph(g: ValueGraph): ValueGraph {
  return {
    ...g,
    nodes: g.nodes.map((n) => ({ ...n, args: [...n.args] })),
    outputs: [...g.outputs],
  };
}

/** The value `v` stands for, looking through aliases. */
export function resolve(g: ValueGraph, v: Value): Value {
  let current = v;
  for (let guard = 0; current.kind === 'node'; guard++) {
    const alias = g.nodes[current.id].alias;
    if (!alias) return current;
    if (guard > g.nodes.length) throw new Error('simplify: alias cycle');
    current = alias;
  }
  return current;
}

/** Whether two values are the same value (after resolving aliases); literals by `Object.is`. */
export function sameValue(g: ValueGraph, a: Value, b: Value): boolean {
  const x = resolve(g, a);
  const y = resolve(g, b);
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'lit':
      return Object.is(x.value, (y as typeof x).value);
    case 'node':
      return x.id === (y as typeof x).id;
    default:
      return x.name === (y as typeof x).name;
  }
}

/** The numeric value of a literal or named constant, or undefined for anything else. */
export function constantOf(g: ValueGraph, v: Value): number | undefined {
  const r = resolve(g, v);
  if (r.kind === 'lit') return r.value;
  if (r.kind === 'const') return getOp(r.name).f64();
  return undefined;
}

/**
 * Optimizer state (an output that is also an input, `m` and `v`): the output's value is fed back
 * as the input of the next step. Returns, per output position, the input name it feeds, if any.
 */
export function stateInputs(domain: Domain): readonly (string | undefined)[] {
  const signature = SIGNATURES[domain];
  return signature.outputs.map((name) => (signature.inputs.includes(name) ? name : undefined));
}

/** Node ids whose value reaches an output, through resolved operands. */
export function liveNodes(g: ValueGraph): Set<number> {
  const live = new Set<number>();
  const stack: Value[] = g.outputs.filter((o): o is Value => o.kind !== 'unobserved');
  while (stack.length > 0) {
    const v = resolve(g, stack.pop() as Value);
    if (v.kind !== 'node' || live.has(v.id)) continue;
    live.add(v.id);
    for (const a of g.nodes[v.id].args) stack.push(a);
  }
  return live;
}
