/**
 * Optimizer state nobody reads. An optimizer returns `update, m, v`, and the `m` it returns is the
 * `m` it is given at the next step. When the program never reads the `m` it is given (it assigns
 * `m` before any read, as the Lion search's program does), the `m` it returns cannot influence any
 * update: the statements computing only that value are dead across steps (Lion's `m = cosh(update)`).
 *
 * This is the one rewrite that changes a single step's outputs: the returned `m` becomes whatever
 * the variable holds. The sequence of updates (hence of weights) from the zero start is unchanged.
 */
import { resolve, stateInputs, type Value, type ValueGraph } from './value-graph.ts';

/** Input names read by the nodes computing `outputs`, or returned by them directly. */
function inputsReadFor(g: ValueGraph, outputs: readonly Value[]): Set<string> {
  const read = new Set<string>();
  const seen = new Set<number>();
  const stack: Value[] = [...outputs];
  while (stack.length > 0) {
    const v = resolve(g, stack.pop() as Value);
    if (v.kind === 'input') read.add(v.name);
    if (v.kind !== 'node' || seen.has(v.id)) continue;
    seen.add(v.id);
    stack.push(...g.nodes[v.id].args);
  }
  return read;
}

/** Output positions of state outputs whose value no observable output depends on (not yet marked). */
export function unobservedStateOutputs(g: ValueGraph): number[] {
  const states = stateInputs(g.domain);
  const observed = g.outputs.map((o, i) => states[i] === undefined && o.kind !== 'unobserved');
  for (let changed = true; changed; ) {
    changed = false;
    const read = inputsReadFor(g, g.outputs.filter((o, i): o is Value => observed[i] && o.kind !== 'unobserved'));
    g.outputs.forEach((o, i) => {
      const state = states[i];
      if (!observed[i] && o.kind !== 'unobserved' && state !== undefined && read.has(state)) {
        observed[i] = true;
        changed = true;
      }
    });
  }
  return g.outputs.flatMap((o, i) => (!observed[i] && o.kind !== 'unobserved' ? [i] : []));
}
