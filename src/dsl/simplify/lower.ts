/**
 * Value graph -> program. The live nodes are emitted in source order; each keeps the variable its
 * source statement assigned unless that would clobber a value still needed, in which case it gets
 * an invented name (`x_2`, ...). Outputs are returned by whatever variable holds their value: a
 * node that computes an output takes the output's name when it can; an output that is an input as
 * given returns the input's name; a literal or named-constant output needs one copy statement
 * (`y = 6 + 0`, the identity element read from the op table), since the language has no copy.
 */
import { OPS } from '../ops/table.ts';
import { lit, named, type Operand, program, type Program, type Statement, statement, v } from '../program.ts';
import { SIGNATURES } from '../signature.ts';
import { isAssignable } from '../validate.ts';
import { resolve, stateInputs, type Value, type ValueGraph } from './value-graph.ts';

/** One statement to emit: a live node, or a copy of a literal or named constant into an output. */
interface Entry {
  readonly op: string;
  readonly args: readonly Value[];
  /** The variable name wanted (the source target, or the output this entry computes). */
  readonly preferred: string;
  /** Node id, or -1 for a copy. */
  readonly node: number;
  /** Output positions whose value this entry computes. */
  readonly outputs: number[];
}

const COPY_OP = OPS.find((op) => op.arity === 2 && op.facts.identity?.side === 'both');

function keyOf(v: Value): string {
  switch (v.kind) {
    case 'input':
      return `i:${v.name}`;
    case 'node':
      return `n:${v.id}`;
    default:
      return '';
  }
}

/** Writes the graph out as a program (see the module comment). */
export function lowerGraph(g: ValueGraph): Program {
  const outputs = g.outputs.map((o) => (o.kind === 'unobserved' ? o : resolve(g, o)));

  // Live nodes from the observed outputs, in source order.
  const live = new Set<number>();
  const stack: Value[] = outputs.filter((o): o is Value => o.kind !== 'unobserved');
  while (stack.length > 0) {
    const value = resolve(g, stack.pop() as Value);
    if (value.kind !== 'node' || live.has(value.id)) continue;
    live.add(value.id);
    stack.push(...g.nodes[value.id].args);
  }
  const entries: Entry[] = [...live]
    .sort((a, b) => a - b)
    .map((id) => ({ op: g.nodes[id].op, args: g.nodes[id].args.map((a) => resolve(g, a)), preferred: g.nodes[id].name, node: id, outputs: [] }));
  const entryOfNode = new Map(entries.map((e, i) => [e.node, i]));

  // Which entry computes each output; copies for constant outputs (one per output name).
  const copies = new Map<string, number>();
  outputs.forEach((o, i) => {
    if (o.kind === 'node') {
      const index = entryOfNode.get(o.id) as number;
      entries[index].outputs.push(i);
      return;
    }
    if (o.kind !== 'lit' && o.kind !== 'const') return;
    const name = g.outputNames[i];
    const existing = copies.get(name);
    if (existing !== undefined) {
      entries[existing].outputs.push(i);
      return;
    }
    if (!COPY_OP?.facts.identity) throw new Error('simplify: the op table has no op with a two-sided identity to copy a constant');
    copies.set(name, entries.length);
    entries.push({ op: COPY_OP.name, args: [o, { kind: 'lit', value: COPY_OP.facts.identity.value }], preferred: name, node: -1, outputs: [i] });
  });
  // An entry computing an output prefers that output's name (the first one, if several).
  const preferred = entries.map((e) => (e.outputs.length === 0 ? e.preferred : g.outputNames[e.outputs[0]]));

  // Liveness: the last position at which each value is read (Infinity: returned).
  const lastUse = new Map<string, number>();
  entries.forEach((e, pos) => {
    for (const a of e.args) {
      const k = keyOf(a);
      if (k) lastUse.set(k, pos);
    }
  });
  for (const o of outputs) if (o.kind === 'input' || o.kind === 'node') lastUse.set(keyOf(o), Infinity);
  entries.forEach((e, pos) => {
    if (e.node === -1) lastUse.set(`c:${pos}`, Infinity);
  });
  const entryKey = (pos: number): string => (entries[pos].node === -1 ? `c:${pos}` : `n:${entries[pos].node}`);
  const lastUseOf = (k: string | undefined): number => (k === undefined ? -Infinity : (lastUse.get(k) ?? -Infinity));

  // Later entries that must write a given name (outputs take their name when they can).
  const reservedAt = new Map<string, number[]>();
  preferred.forEach((name, pos) => {
    if (entries[pos].outputs.length > 0) reservedAt.set(name, [...(reservedAt.get(name) ?? []), pos]);
  });

  const holder = new Map<string, string>(); // variable -> key of the value it holds now
  for (const name of [...SIGNATURES[g.domain].inputs, ...SIGNATURES[g.domain].implicit]) holder.set(name, `i:${name}`);
  const invented = new Set<string>();
  const fresh = (base: string): string => {
    for (let n = 2; ; n++) {
      const name = `${base}_${n}`;
      if (!g.names.has(name) && !invented.has(name) && isAssignable(g.domain, name)) {
        invented.add(name);
        return name;
      }
    }
  };
  const canTake = (name: string, pos: number): boolean => {
    if (!isAssignable(g.domain, name)) return false;
    if (lastUseOf(holder.get(name)) > pos) return false;
    const mine = lastUseOf(entryKey(pos));
    return (reservedAt.get(name) ?? []).every((later) => later <= pos || mine <= later);
  };

  const nameOf = new Map<string, string>(); // value key -> variable holding it
  for (const name of [...SIGNATURES[g.domain].inputs, ...SIGNATURES[g.domain].implicit]) nameOf.set(`i:${name}`, name);
  const operand = (a: Value): Operand => {
    if (a.kind === 'lit') return lit(a.value);
    if (a.kind === 'const') return named(a.name);
    const name = nameOf.get(keyOf(a));
    if (name === undefined) throw new Error('simplify: lowering read a value before computing it');
    return v(name);
  };
  const body: Statement[] = entries.map((e, pos) => {
    const args = e.args.map(operand);
    const name = canTake(preferred[pos], pos) ? preferred[pos] : fresh(preferred[pos]);
    holder.set(name, entryKey(pos));
    nameOf.set(entryKey(pos), name);
    return statement(name, e.op, args);
  });

  const states = stateInputs(g.domain);
  const returned = outputs.map((o, i) => {
    if (o.kind === 'unobserved') return states[i] as string;
    if (o.kind === 'input') return o.name;
    if (o.kind === 'node') return nameOf.get(keyOf(o)) as string;
    return nameOf.get(entryKey(copies.get(g.outputNames[i]) as number)) as string;
  });
  return program(g.domain, body, returned);
}
