/**
 * Test support: what an exported program must compute, from the reference interpreter, and the
 * tolerance it is held to (relative to max(|expected|, 1)): f64 1e-12; f32 float32-level (2^-17,
 * a few float32 ulps accumulated over the programs' sums).
 */
import { expect } from 'vitest';
import { interpret } from '../../../../src/dsl/interpret.ts';
import type { Precision } from '../../../../src/dsl/ops/table.ts';
import type { Program } from '../../../../src/dsl/program.ts';

export const TOLERANCE: Readonly<Record<Precision, number>> = { f64: 1e-12, f32: 2 ** -17 };

export function functionReference(p: Program, xs: readonly number[], precision: Precision): number[] {
  return xs.map((x) => interpret(p, { x }, precision)[0]);
}

export interface OptimizerRun {
  readonly w0: readonly number[];
  /** Gradients per step, per parameter. */
  readonly grads: readonly (readonly number[])[];
  readonly lr: number;
}

export interface OptimizerState {
  readonly w: number[];
  readonly m: number[];
  readonly v: number[];
}

/**
 * The state after every step of `run`: the interpreter per parameter at `precision`, with the
 * stored values (parameters, m, v) rounded to float32 when `storage` is f32, as a Float32Array does.
 */
export function optimizerReference(p: Program, run: OptimizerRun, precision: Precision, storage: Precision): OptimizerState {
  const store = storage === 'f32' ? Math.fround : (x: number) => x;
  const n = run.w0.length;
  let w = run.w0.map(store);
  let m = new Array<number>(n).fill(0);
  let v = new Array<number>(n).fill(0);
  run.grads.forEach((g, step) => {
    const next = w.map((wi, i) => {
      const [update, mi, vi] = interpret(p, { w: wi, g: store(g[i]), m: m[i], v: v[i], lr: run.lr, t: step + 1 }, precision);
      return [store(wi - update), store(mi), store(vi)];
    });
    w = next.map((x) => x[0]);
    m = next.map((x) => x[1]);
    v = next.map((x) => x[2]);
  });
  return { w, m, v };
}

/** Asserts `actual` agrees with `expected` element-wise within `tolerance` (NaN equals NaN). */
export function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  expected.forEach((e, i) => {
    const a = actual[i];
    if (Number.isNaN(a) && Number.isNaN(e)) return;
    const err = Math.abs(a - e) / Math.max(Math.abs(e), 1);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  });
  expect(worst, `${what}: worst relative error at ${at} (got ${actual[at]}, want ${expected[at]})`).toBeLessThanOrEqual(tolerance);
}
