/**
 * Cost measures of a program, from the op table's costs: `cost` counts the live ops (those some
 * output depends on), `interactions` only the live ops that depend on an input, as
 * AutoNumerics-Zero counts them (a subexpression of constants alone is free: it folds away).
 */
import { getOp } from '../dsl/ops/table.ts';
import type { Program } from '../dsl/program.ts';
import { allInputs } from '../dsl/signature.ts';

/** For each statement, whether some output depends on it. */
function live(p: Program): boolean[] {
  const out = new Array<boolean>(p.body.length).fill(false);
  const needed = new Set<string>(p.outputs);
  for (let i = p.body.length - 1; i >= 0; i--) {
    const s = p.body[i];
    if (!needed.has(s.target)) continue;
    out[i] = true;
    needed.delete(s.target);
    for (const a of s.args) if (a.kind === 'var') needed.add(a.name);
  }
  return out;
}

export interface ProgramCost {
  /** Sum of the op-table cost of every live statement. */
  readonly cost: number;
  /** Sum of the op-table cost of the live statements that depend on an input. */
  readonly interactions: number;
  /** Number of live statements. */
  readonly liveOps: number;
}

export function programCost(p: Program): ProgramCost {
  const isLive = live(p);
  const dependsOnInput = new Map<string, boolean>(allInputs(p.domain).map((n) => [n, true]));
  let cost = 0;
  let interactions = 0;
  let liveOps = 0;
  p.body.forEach((s, i) => {
    const depends = s.args.some((a) => a.kind === 'var' && dependsOnInput.get(a.name) === true);
    dependsOnInput.set(s.target, depends);
    if (!isLive[i]) return;
    const c = getOp(s.op).cost;
    liveOps++;
    cost += c;
    if (depends) interactions += c;
  });
  return { cost, interactions, liveOps };
}
