/**
 * Optimizer tasks on both backends through the pool (createEvaluator): the CPU backend equals the
 * optimizer scorer, the webgpu backend (GPU child processes) agrees with the CPU within the
 * tolerance documented in src/eval/tasks/optimizer/README.md, and `auto` on a software adapter
 * scores optimizer tasks on CPU threads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { printProgram } from '../../../src/dsl/print.ts';
import { loadSeed, seedText } from '../../../src/dsl/seeds/index.ts';
import { adamwBaseline, baselineVariants, withWeightDecay } from '../../../src/eval/tasks/optimizer/baselines.ts';
import { evaluateOnCpu } from '../../../src/eval/backends/cpu/cpu-backend.ts';
import { gpuSupports } from '../../../src/eval/backends/webgpu/supports.ts';
import { createEvaluator } from '../../../src/eval/create-evaluator.ts';
import type { PoolBackedEvaluator } from '../../../src/eval/create-evaluator.ts';
import type { CandidateResult } from '../../../src/eval/evaluator.ts';
import { BASELINE_SEEDS, scoreOptimizerCpu } from '../../../src/eval/tasks/optimizer/score.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';
import { gpuIt } from '../support/gpu.ts';

const open: PoolBackedEvaluator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
async function evaluator(...args: Parameters<typeof createEvaluator>): Promise<PoolBackedEvaluator> {
  const e = await createEvaluator(...args);
  open.push(e);
  return e;
}

const BASELINE_TEXTS = BASELINE_SEEDS.map(seedText);

describe('optimizer tasks on the backends', () => {
  it('the webgpu backend takes every optimizer task', () => {
    for (const id of ['opt:suite', 'opt:quadratic', 'opt:meta-validation']) expect(gpuSupports(getTask(id))).toBe(true);
  });

  it('cpu backend: equals the optimizer scorer; bad text and function programs are invalid, in place', async () => {
    const task = getTask('opt:quadratic', { instances: 2 });
    // AdamW at the weight decay tuned for this task (baselines.ts) is the yardstick: exactly 0.
    const tunedAdamw = printProgram(withWeightDecay(loadSeed('adamw'), adamwBaseline('quadratic', 0, 2, 'search').weightDecay ?? NaN));
    const texts = [tunedAdamw, 'def train(w, g, m, v, lr):\n  update = nosuchop(g)\n  return update, m, v\n', seedText('lion'), 'def f(x):\n  y = x * 2\n  return y\n'];
    const results = await evaluateOnCpu(task, texts);
    expect(results[0]).toEqual(scoreOptimizerCpu(texts[0], 'opt:quadratic', { instances: 2 }));
    expect(results[0].score).toBe(0);
    expect(results[2]).toEqual(scoreOptimizerCpu(texts[2], 'opt:quadratic', { instances: 2 }));
    expect(results[1]).toMatchObject({ valid: false, score: Infinity, error: expect.stringMatching(/^candidate:2:\d+: /) });
    expect(results[3]).toMatchObject({ valid: false, score: Infinity, error: expect.stringMatching(/scores optimizer programs/) });
  });

  it('cpu pool: results in request order, equal to scoring in one thread', async () => {
    const e = await evaluator({ backend: 'cpu', workers: 2 });
    const ref = { id: 'opt:logistic', options: { instances: 2 } };
    const results = await e.evaluate(ref, BASELINE_TEXTS);
    expect(results).toEqual(BASELINE_TEXTS.map((t) => scoreOptimizerCpu(t, ref.id, ref.options)));
    expect(results.every((r) => r.valid)).toBe(true);
  });

  gpuIt(
    'webgpu pool: agrees with the cpu backend on opt:suite (exactly 0 for AdamW; chaotic families within the documented bound)',
    async () => {
      const cpu = await evaluator({ backend: 'cpu', workers: 2 });
      const gpu = await evaluator({ backend: 'webgpu', gpu: { onlyGles: true } });
      expect(gpu.info.backend).toBe('webgpu');
      const ref = { id: 'opt:suite' };
      const [c, g] = await Promise.all([cpu.evaluate(ref, BASELINE_TEXTS), gpu.evaluate(ref, BASELINE_TEXTS)]);
      const family = (r: CandidateResult, f: string): number => r.measures[`family.${f}`];
      BASELINE_SEEDS.forEach((name, i) => {
        expect(g[i].valid, name).toBe(true);
        // Smooth, non-chaotic families: the same losses to ~1e-6, so the same scores.
        for (const f of ['quadratic', 'logistic']) expect(Math.abs(family(g[i], f) - family(c[i], f)), `${name} ${f}`).toBeLessThan(1e-3);
        // Trainings at large lrs are chaotic (README): measured up to 0.88 (SGD on softmax) on llvmpipe.
        for (const f of ['rosenbrock', 'beale', 'softmax', 'mlp']) expect(Math.abs(family(g[i], f) - family(c[i], f)), `${name} ${f}`).toBeLessThan(1.5);
        expect(Math.abs(g[i].score - c[i].score), `${name} mean`).toBeLessThan(0.3);
      });
      // AdamW's weight decay is tuned per family: on each family its best decay variant scores exactly 0, on both backends.
      const variants = baselineVariants('adamw').map((v) => printProgram(v.program));
      const [cv, gv] = await Promise.all([cpu.evaluate(ref, variants), gpu.evaluate(ref, variants)]);
      for (const f of ['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp']) {
        expect(Math.min(...cv.map((r) => family(r, f))), f).toBe(0);
        expect(Math.min(...gv.map((r) => family(r, f))), f).toBe(0);
      }
      expect(c[0].score).toBeGreaterThanOrEqual(0);
      // Both rank Adam ahead of AdamW, and SGD-momentum and RMSProp behind it.
      for (const r of [c, g]) {
        expect(r[1].score).toBeLessThan(0);
        expect(r[3].score).toBeGreaterThan(0);
        expect(r[4].score).toBeGreaterThan(0);
      }
    },
    600_000,
  );

  gpuIt(
    'auto on a software adapter scores optimizer tasks on cpu threads (same numbers as the cpu backend)',
    async () => {
      const lines: string[] = [];
      const e = await evaluator({ backend: 'auto', log: (l) => lines.push(l) });
      if (e.info.details.software !== true) return; // a hardware GPU scores them itself
      expect(lines.join('\n')).toMatch(/optimizer tasks: cpu threads/);
      // What a search records in config.json, so that resume scores on the same backend.
      expect(e.backendFor({ id: 'opt:suite' }).backend).toBe('cpu');
      expect(e.backendFor({ id: 'fn:exp2', options: { precision: 'f32' } }).backend).toBe(gpuSupports(getTask('fn:exp2', { precision: 'f32' })) ? 'webgpu' : 'cpu');
      const ref = { id: 'opt:quadratic', options: { instances: 2 } };
      const results = await e.evaluate(ref, [seedText('adam'), seedText('lion')]);
      expect(results).toEqual([seedText('adam'), seedText('lion')].map((t) => scoreOptimizerCpu(t, ref.id, ref.options)));
    },
    120_000,
  );
});
