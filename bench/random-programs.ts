/**
 * Seeded random function-domain programs for the benchmark: every statement is live (each one
 * feeds the next), so a program of k statements costs exactly k node-evaluations per point.
 */
import seedrandom from 'seedrandom';
import { APPLICABLE_OPS } from '../src/dsl/ops/table.ts';
import type { OpSpec } from '../src/dsl/ops/table.ts';
import { lit, program, statement, v } from '../src/dsl/program.ts';
import type { Operand, Program } from '../src/dsl/program.ts';

export function randomPrograms(count: number, minOps: number, maxOps: number, seed: string, ops: readonly OpSpec[] = APPLICABLE_OPS): Program[] {
  const rng = seedrandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const out: Program[] = [];
  for (let c = 0; c < count; c++) {
    const k = minOps + Math.floor(rng() * (maxOps - minOps + 1));
    const body = [];
    const vars = ['x'];
    for (let i = 0; i < k; i++) {
      const op = pick(ops);
      const args: Operand[] = [v(vars[vars.length - 1])];
      for (let j = 1; j < op.arity; j++) args.push(rng() < 0.4 ? lit(Math.round((rng() * 4 - 2) * 1000) / 1000) : v(pick(vars)));
      const target = i === k - 1 ? 'y' : `t${i}`;
      body.push(statement(target, op.name, args));
      vars.push(target);
    }
    out.push(program('function', body, ['y']));
  }
  return out;
}
