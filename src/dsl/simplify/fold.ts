/**
 * Constant folding: a statement whose operands are all literals or named constants becomes the
 * literal it computes. Folding evaluates in f64 (`op.f64`) by default, so in an f32 evaluation the
 * folded literal is rounded once where the original rounded after every op: the two may differ in
 * the last float32 bit; `f32` folds as an f32 evaluation computes (src/dsl/display.ts uses it). Results that are not finite (NaN marks an invalid program; the text has no Infinity)
 * and -0 (kept apart from 0 only by its spelling) are left unfolded.
 */
import { applyF32, getOp } from '../ops/table.ts';
import { constantOf, type GraphNode, type ValueGraph } from './value-graph.ts';

/** The value a node folds to, or undefined when it does not fold. */
export function foldedValue(g: ValueGraph, node: GraphNode, precision: 'f64' | 'f32' = 'f64'): number | undefined {
  const values: number[] = [];
  for (const a of node.args) {
    const c = constantOf(g, a);
    if (c === undefined) return undefined;
    values.push(c);
  }
  const result = precision === 'f32' ? applyF32(getOp(node.op), values) : getOp(node.op).f64(...values);
  return Number.isFinite(result) && !Object.is(result, -0) ? result : undefined;
}
