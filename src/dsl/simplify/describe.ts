/**
 * Statements of the value graph as text, for the list of applied rewrites. Operands are named as
 * the source program named them when they were computed, so a step reads like the source line.
 */
import { lit, named, type Operand, statement, v } from '../program.ts';
import { printOperand, printStatement } from '../print.ts';
import { resolve, type GraphNode, type Value, type ValueGraph } from './value-graph.ts';

export function operandText(g: ValueGraph, value: Value): string {
  return printOperand(toOperand(g, value));
}

function toOperand(g: ValueGraph, value: Value): Operand {
  const r = resolve(g, value);
  switch (r.kind) {
    case 'lit':
      return lit(r.value);
    case 'const':
      return named(r.name);
    case 'input':
      return v(r.name);
    case 'node':
      return v(g.nodes[r.id].name);
  }
}

/** `target = expression` for a node as it stands. */
export function nodeText(g: ValueGraph, node: GraphNode): string {
  return printStatement(statement(node.name, node.op, node.args.map((a) => toOperand(g, a))));
}
