/**
 * A small, deterministic, in-process evaluator for engine tests: function programs are scored by
 * their max abs error against 2^x on 17 points of [0, 1] (with the op-count cost), optimizer
 * programs by the loss after 20 steps on a 4-d quadratic. It runs the real compiled programs, so
 * scores are real; it only avoids worker pools and GPU timing.
 */
import { compileProgram } from '../../../src/dsl/compile.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from '../../../src/eval/evaluator.ts';
import { programCost } from '../../../src/eval/program-cost.ts';

const XS = Float64Array.from({ length: 17 }, (_, i) => i / 16);

function scoreFunction(text: string): CandidateResult {
  const p = parseProgram(text);
  const out = new Float64Array(XS.length);
  compileProgram(p, 'f64')([XS], [out], XS.length);
  let err = 0;
  for (let i = 0; i < XS.length; i++) err = Math.max(err, Math.abs(out[i] - 2 ** XS[i]));
  const { cost } = programCost(p);
  if (!Number.isFinite(err)) return { score: Infinity, valid: false, measures: { maxAbsError: Infinity, cost }, error: 'non-finite output' };
  return { score: err, valid: true, measures: { maxAbsError: err, cost } };
}

function scoreOptimizer(text: string): CandidateResult {
  const p = parseProgram(text);
  const step = compileProgram(p, 'f64');
  const dims = 4;
  const curvature = [1, 3, 10, 30];
  const w = Float64Array.from([1, -1, 0.5, -0.5]);
  const m = new Float64Array(dims);
  const v = new Float64Array(dims);
  const lr = new Float64Array(dims).fill(1);
  const t = new Float64Array(dims);
  const update = new Float64Array(dims);
  const m2 = new Float64Array(dims);
  const v2 = new Float64Array(dims);
  for (let k = 1; k <= 20; k++) {
    const g = Float64Array.from(w, (x, i) => curvature[i] * x);
    t.fill(k);
    step([w, g, m, v, lr, t], [update, m2, v2], dims);
    for (let i = 0; i < dims; i++) {
      w[i] -= update[i];
      m[i] = m2[i];
      v[i] = v2[i];
    }
  }
  let loss = 0;
  for (let i = 0; i < dims; i++) loss += 0.5 * curvature[i] * w[i] * w[i];
  const { cost } = programCost(p);
  if (!Number.isFinite(loss)) return { score: Infinity, valid: false, measures: { loss: Infinity, cost }, error: 'diverged' };
  return { score: loss, valid: true, measures: { loss, cost } };
}

export class ToyEvaluator implements Evaluator {
  readonly info: BackendInfo = { backend: 'cpu', description: 'toy in-process evaluator (tests)', details: {} };
  /** Every batch of program texts it was asked to score. */
  readonly batches: string[][] = [];

  async evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    signal?.throwIfAborted();
    this.batches.push([...programs]);
    const score = task.id.startsWith('fn:') ? scoreFunction : scoreOptimizer;
    return programs.map(score);
  }

  async close(): Promise<void> {}
}

export const TOY_FUNCTION_TASK = { task: { id: 'fn:toy-exp2' }, domain: 'function', objectives: ['maxAbsError', 'cost'] } as const;
export const TOY_OPTIMIZER_TASK = { task: { id: 'opt:toy-quadratic' }, domain: 'optimizer', objectives: ['loss'] } as const;
