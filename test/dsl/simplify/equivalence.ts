/**
 * Test support: what "simplify(p) computes what p computes" means, checked with the reference
 * interpreter. Optimizer programs run for several steps (the state they return is fed back), and
 * the sequence of updates is compared: that is what a state output nobody reads may not change.
 */
import fc from 'fast-check';
import { interpret } from '../../../src/dsl/interpret.ts';
import { getOp } from '../../../src/dsl/ops/table.ts';
import type { Program } from '../../../src/dsl/program.ts';
import { allInputs, SIGNATURES } from '../../../src/dsl/signature.ts';
import { sameNumber } from '../../../src/dsl/simplify/exactness.ts';

export const STEPS = 3;

/** One run's inputs: for an optimizer, the start state and per-step w, g, lr; for a function, x. */
export type Run = Readonly<Record<string, number>>[];

/** Inputs for a run of `domain`; `values` draws each number. */
export function arbitraryRun(domain: Program['domain'], values: fc.Arbitrary<number>): fc.Arbitrary<Run> {
  const names = allInputs(domain).filter((n) => n !== 't');
  const point = fc.tuple(...names.map(() => values)).map((xs) => Object.fromEntries(names.map((n, i) => [n, xs[i]])));
  return fc.array(point, { minLength: domain === 'optimizer' ? STEPS : 1, maxLength: domain === 'optimizer' ? STEPS : 1 });
}

/** What a run observes: y for a function; every step's update for an optimizer. */
export function observe(p: Program, run: Run): number[] {
  if (p.domain === 'function') return interpret(p, run[0], 'f64');
  const states = SIGNATURES.optimizer.outputs.map((name) => (SIGNATURES.optimizer.inputs.includes(name) ? name : undefined));
  const carried: Record<string, number> = { m: run[0].m, v: run[0].v };
  const updates: number[] = [];
  run.forEach((point, step) => {
    const outputs = interpret(p, { ...point, ...carried, t: step + 1 }, 'f64');
    outputs.forEach((x, i) => {
      const state = states[i];
      if (state) carried[state] = x;
      else updates.push(x);
    });
  });
  return updates;
}

/**
 * Whether every value `p` computes on the run (each statement, each step) is finite and, when not
 * zero, of moderate magnitude: no overflow or underflow anywhere. Rewrites of exactness `finite`
 * promise equality on such runs.
 */
export function computesInRange(p: Program, run: Run): boolean {
  const inRange = (x: number): boolean => Number.isFinite(x) && (x === 0 || (Math.abs(x) > 2 ** -300 && Math.abs(x) < 2 ** 300));
  const carried: Record<string, number> = p.domain === 'optimizer' ? { m: run[0].m, v: run[0].v } : {};
  for (let step = 0; step < run.length; step++) {
    const vars = new Map<string, number>(Object.entries({ ...run[step], ...carried, ...(p.domain === 'optimizer' ? { t: step + 1 } : {}) }));
    if (![...vars.values()].every(inRange)) return false;
    for (const s of p.body) {
      const args = s.args.map((a) => (a.kind === 'var' ? (vars.get(a.name) as number) : a.kind === 'lit' ? a.value : getOp(a.name).f64()));
      const x = getOp(s.op).f64(...args);
      if (!inRange(x)) return false;
      vars.set(s.target, x);
    }
    if (p.domain === 'optimizer') {
      carried.m = vars.get(p.outputs[1]) as number;
      carried.v = vars.get(p.outputs[2]) as number;
    }
  }
  return true;
}

export function sameObservations(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => sameNumber(x, b[i]));
}
