/**
 * Canonical operand order for commutative ops: variables before named constants before literals
 * (`0.01 * w` -> `w * 0.01`); computed values in statement order before inputs in signature order
 * (`lr * m` -> `m * lr`, as the Lion paper writes `update * lr`).
 * Equal programs up to operand order then print alike, and CSE sees `a*b` and `b*a` as one value.
 */
import { getOp } from '../ops/table.ts';
import { allInputs } from '../signature.ts';
import { resolve, type GraphNode, type Value, type ValueGraph } from './value-graph.ts';

function rank(g: ValueGraph, v: Value): [number, number, string] {
  switch (v.kind) {
    case 'node':
      return [0, v.id, ''];
    case 'input':
      return [1, allInputs(g.domain).indexOf(v.name), ''];
    case 'const':
      return [2, 0, v.name];
    case 'lit':
      return [3, v.value, ''];
  }
}

function compare(a: [number, number, string], b: [number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

/** Operands of `node` in canonical order (resolved), or undefined when already canonical. */
export function canonicalOrder(g: ValueGraph, node: GraphNode): Value[] | undefined {
  if (node.args.length !== 2 || !getOp(node.op).facts.commutative) return undefined;
  const [a, b] = node.args.map((x) => resolve(g, x));
  return compare(rank(g, a), rank(g, b)) > 0 ? [b, a] : undefined;
}
