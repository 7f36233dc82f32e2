/**
 * The GPU child processes die alone: a child killed with SIGKILL mid-batch costs only a re-run of
 * its batch, and a program that kills its process every time is isolated and reported invalid
 * while the rest of its batch is scored.
 */
import { afterEach, describe, expect } from 'vitest';
import { printProgram } from '../../../src/dsl/print.ts';
import { loadSeed } from '../../../src/dsl/seeds/index.ts';
import { literals, withLiterals } from '../../../src/dsl/program.ts';
import { createEvaluator } from '../../../src/eval/create-evaluator.ts';
import type { PoolBackedEvaluator } from '../../../src/eval/create-evaluator.ts';
import { gpuIt } from '../support/gpu.ts';

/** Taylor polynomials with perturbed coefficients: + and * only, so every run gives identical bits. */
function batch(size: number, salt: number): string[] {
  const seeds = ['exp2_taylor2', 'exp2_taylor3', 'exp2_taylor4', 'exp2_taylor5', 'exp2_taylor6'].map(loadSeed);
  return Array.from({ length: size }, (_, i) => {
    const p = seeds[i % seeds.length];
    return printProgram(withLiterals(p, literals(p).map((c, j) => c * (1 + 1e-3 * Math.sin(i * 7 + j + salt)))));
  });
}

const open: PoolBackedEvaluator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  delete process.env.SYMDISC_TEST_CRASH_MARKER;
});

async function gpuEvaluator(workers: number): Promise<PoolBackedEvaluator> {
  const evaluator = await createEvaluator({ backend: 'webgpu', workers });
  open.push(evaluator);
  expect(evaluator.info.backend).toBe('webgpu');
  return evaluator;
}

describe('GPU child processes', () => {
  gpuIt('a child killed with SIGKILL mid-batch costs a re-run, not a result', async () => {
    const programs = batch(40, 1);
    const reference = await (await gpuEvaluator(1)).evaluate({ id: 'fn:exp2' }, programs);
    expect(reference.every((r) => r.valid)).toBe(true);

    const evaluator = await gpuEvaluator(2);
    const supervisor = evaluator.supervisor!;
    const pids = supervisor.childPids();
    expect(pids).toHaveLength(2);
    const pending = evaluator.evaluate({ id: 'fn:exp2' }, programs);
    // Both chunks were sent as evaluate() returned: the child dies with its chunk in flight
    // (a fast GPU could finish a chunk within any delay we waited here).
    expect(supervisor.busyPids()).toContain(pids[0]);
    process.kill(pids[0], 'SIGKILL');
    const results = await pending;
    expect(supervisor.restarts).toBeGreaterThanOrEqual(1);
    expect(supervisor.childPids()).not.toContain(pids[0]);
    expect(results).toEqual(reference);
  });

  gpuIt('a program that crashes its process every time is rejected alone', async () => {
    const marker = 'crash_here_every_time';
    process.env.SYMDISC_TEST_CRASH_MARKER = marker;
    const programs = batch(6, 2);
    const poisoned = 4;
    // A dead statement carries the marker: same scores, but the child dies on seeing it.
    programs[poisoned] = programs[poisoned].replace('  return y', `  ${marker} = x + 1\n  return y`);
    const evaluator = await gpuEvaluator(1);
    const results = await evaluator.evaluate({ id: 'fn:exp2' }, programs);
    expect(results).toHaveLength(programs.length);
    results.forEach((r, i) => {
      if (i === poisoned) {
        expect(r.valid).toBe(false);
        expect(r.error).toMatch(/crashed the webgpu process twice \(SIGKILL\)/);
      } else expect(r.valid).toBe(true);
    });
    expect(evaluator.supervisor!.restarts).toBeGreaterThanOrEqual(2);
    // The evaluator is still usable afterwards.
    const again = await evaluator.evaluate({ id: 'fn:exp2' }, programs.slice(0, 2));
    expect(again.every((r) => r.valid)).toBe(true);
  });
});
