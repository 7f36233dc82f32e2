/**
 * `--backend auto` by measurement: tasks the GPU does not score go to cpu with no probe; a GPU
 * task is probed on the real webgpu backend (llvmpipe here) and on CPU threads, the decision is
 * cached per machine and task, and a second choice reads the cache instead of probing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { backendCacheFile, chooseBackend } from '../../src/eval/backend-choice.ts';
import { createEvaluator, NoAdapterError } from '../../src/eval/create-evaluator.ts';
import { gpuIt } from './support/gpu.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-backend-'));
  dirs.push(dir);
  return join(dir, 'backend-choice.json');
}
const neverOpen = async (): Promise<never> => {
  throw new Error('the probe must not run here');
};
const FUNCTION_PROGRAMS = ['def f(x):\n  y = x * 0.5\n  y = y + 1\n  return y\n', 'def f(x):\n  y = x * x\n  y = y + x\n  return y\n'];

describe('chooseBackend', () => {
  it('sends a task the GPU does not score (f64, fitted) to cpu without probing', async () => {
    const decision = await chooseBackend({ id: 'fn:exp2', options: { precision: 'f64', fit: 'lm-minimax' } }, { programs: FUNCTION_PROGRAMS, open: neverOpen, cacheFile: cacheFile() });
    expect(decision.backend).toBe('cpu');
    expect(decision.reason).toMatch(/GPU does not score fn:exp2/);
  });

  it('takes cpu when there is no adapter, and remembers it', async () => {
    const file = cacheFile();
    const ref = { id: 'fn:exp2', options: { precision: 'f32', points: 256 } };
    const open = async (backend: 'cpu' | 'webgpu') => {
      if (backend === 'webgpu') throw new NoAdapterError(['no adapter in this test']);
      return createEvaluator({ backend, workers: 1 });
    };
    const first = await chooseBackend(ref, { programs: FUNCTION_PROGRAMS, open, cacheFile: file });
    expect(first.backend).toBe('cpu');
    expect(first.reason).toMatch(/no WebGPU adapter.*measured now/);
    const again = await chooseBackend(ref, { programs: FUNCTION_PROGRAMS, open: neverOpen, cacheFile: file });
    expect(again.backend).toBe('cpu');
    expect(again.reason).toMatch(/measured 20\d\d-/);
  });

  gpuIt('probes both backends on a GPU task, caches the faster per machine and task, and reuses it', async () => {
    const file = cacheFile();
    const ref = { id: 'fn:exp2', options: { precision: 'f32', points: 256 } };
    const first = await chooseBackend(ref, { programs: FUNCTION_PROGRAMS, open: (backend) => createEvaluator({ backend, workers: 1 }), cacheFile: file });
    expect(['cpu', 'webgpu']).toContain(first.backend);
    expect(first.reason).toMatch(/probe of 32 programs: cpu \d+ ms, webgpu \d+ ms .*measured now/);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { backend: string; cpuMs: number; gpuMs: number }>;
    const [entry] = Object.values(cached);
    expect(Object.keys(cached)).toHaveLength(1);
    expect(entry.backend).toBe(entry.gpuMs < entry.cpuMs ? 'webgpu' : 'cpu');
    const again = await chooseBackend(ref, { programs: FUNCTION_PROGRAMS, open: neverOpen, cacheFile: file });
    expect(again.backend).toBe(first.backend);
    // Another task is measured on its own.
    await expect(chooseBackend({ id: 'fn:exp2', options: { precision: 'f32', points: 512 } }, { programs: FUNCTION_PROGRAMS, open: neverOpen, cacheFile: file })).rejects.toThrow(/must not run/);
  }, 120_000);

  gpuIt('does not time an optimizer task on a software adapter: its kind prefers cpu threads there', async () => {
    const file = cacheFile();
    const programs = [printProgram(loadSeed('adamw'))];
    let cpuOpened = false;
    const open = async (backend: 'cpu' | 'webgpu') => {
      if (backend === 'cpu') cpuOpened = true;
      return createEvaluator({ backend, workers: 1 });
    };
    const probe = await createEvaluator({ backend: 'webgpu', workers: 1 });
    const software = probe.info.details.software === true;
    await probe.close();
    const decision = await chooseBackend({ id: 'opt:quadratic' }, { programs, open, cacheFile: file });
    if (software) {
      expect(decision.backend).toBe('cpu');
      expect(decision.reason).toMatch(/software adapter, slower than cpu threads for optimizer tasks \(no probe\)/);
      expect(cpuOpened).toBe(false);
    } else {
      // A hardware adapter is timed against cpu threads like any GPU task.
      expect(decision.reason).toMatch(/probe of 32 programs/);
    }
  }, 120_000);

  it('keeps its cache under SYMDISC_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(backendCacheFile({ SYMDISC_CACHE_DIR: '/c' })).toBe('/c/backend-choice.json');
    expect(backendCacheFile({ XDG_CACHE_HOME: '/x' })).toBe('/x/symdisc/backend-choice.json');
    expect(backendCacheFile({})).toMatch(/\.cache\/symdisc\/backend-choice\.json$/);
  });
});
