/**
 * Cost measures of a program, from the op table's costs: `cost` counts the live ops (those some
 * output depends on), `interactions` only the live ops that depend on an input, as
 * AutoNumerics-Zero counts them (a subexpression of constants alone is free: it folds away).
 */
import { getOp } from '../dsl/ops/table.ts';
import type { Program } from '../dsl/program.ts';
import { allInputs } from '../dsl/signature.ts';
import { liveStatements } from '../dsl/liveness.ts';


export interface ProgramCost {
  /** Sum of the op-table cost of every live statement. */
  readonly cost: number;
  /** Sum of the op-table cost of the live statements that depend on an input. */
  readonly interactions: number;
  /** Number of live statements. */
  readonly liveOps: number;
}

export function programCost(p: Program): ProgramCost {
  const isLive = liveStatements(p);
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
