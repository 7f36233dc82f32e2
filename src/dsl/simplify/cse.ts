/**
 * Common-subexpression elimination: a statement computing the same op over the same values as an
 * earlier one becomes a copy of it (commutative operands compared as a set).
 */
import { getOp } from '../ops/table.ts';
import { resolve, type GraphNode, type Value, type ValueGraph } from './value-graph.ts';

function valueKey(v: Value): string {
  switch (v.kind) {
    case 'input':
      return `i:${v.name}`;
    case 'node':
      return `n:${v.id}`;
    case 'const':
      return `c:${v.name}`;
    case 'lit':
      return Object.is(v.value, -0) ? 'l:-0' : `l:${v.value}`;
  }
}

/** The key two nodes share exactly when they compute the same value. */
export function expressionKey(g: ValueGraph, node: GraphNode): string {
  const args = node.args.map((a) => valueKey(resolve(g, a)));
  if (args.length === 2 && getOp(node.op).facts.commutative) args.sort();
  return `${node.op}(${args.join(',')})`;
}
