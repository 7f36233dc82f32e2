/**
 * A user-defined task kind from one file outside src (examples/csv-target/csv-target.ts), loaded
 * with --task-module: it registers, its tasks score in this thread and in CPU worker threads
 * (which load it from the TaskRef), and a short search runs on it end to end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { UsageError } from '../../../src/errors.ts';
import { evaluateOnCpu } from '../../../src/eval/backends/cpu/cpu-backend.ts';
import { createEvaluator } from '../../../src/eval/create-evaluator.ts';
import type { PoolBackedEvaluator } from '../../../src/eval/create-evaluator.ts';
import { gpuSupports, getTask, listTaskIds, taskKind } from '../../../src/eval/tasks/registry.ts';
import { loadTaskModule, withTaskModule } from '../../../src/eval/tasks/task-module.ts';
import { search } from '../../../src/search.ts';

const MODULE = resolve('examples/csv-target/csv-target.ts');
const open: PoolBackedEvaluator[] = [];
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
});

const program = (body: string): string => `def f(x):\n${body
  .split(';')
  .map((s) => `  ${s.trim()}`)
  .join('\n')}\n  return y\n`;

describe('--task-module', () => {
  it('registers the example kind: csv:log1p from the CSV beside it, scored on its rows', async () => {
    const kinds = await loadTaskModule(MODULE);
    expect(kinds.map((k) => k.name)).toEqual(['csv-target']);
    expect(listTaskIds()).toContain('csv:log1p');
    const task = getTask('csv:log1p');
    expect(task).toMatchObject({ kind: 'csv-target', domain: 'function', objectives: ['maxAbsError', 'cost'] });
    expect(taskKind(task).name).toBe('csv-target');
    expect(gpuSupports(task)).toBe(false); // no GPU scorer: CPU threads
    // y = x against log1p(x) on [0, 1]: the largest gap is at x = 1, 1 - ln 2.
    const [linear, bad] = await evaluateOnCpu(task, [program('y = x * 1'), 'def f(x):\n  y = (x\n  return y\n']);
    expect(linear.valid).toBe(true);
    expect(linear.measures.maxAbsError).toBeCloseTo(1 - Math.LN2, 9);
    expect(linear.measures.cost).toBe(1);
    expect(bad).toMatchObject({ valid: false, score: Infinity });
  });

  it('workers load the module from the TaskRef and score as this thread does', async () => {
    const evaluator = await createEvaluator({ backend: 'cpu', workers: 2 });
    open.push(evaluator);
    const ref = withTaskModule({ id: 'csv:log1p' }, MODULE);
    expect(ref.module).toBe(MODULE);
    const texts = [program('y = x * 0.9'), program('y = x * x; y = y * -0.3; y = fma(x, 0.99, y)')];
    const { results, backend } = await evaluator.evaluateBatch(ref, texts);
    expect(backend.backend).toBe('cpu');
    expect(results).toEqual(await evaluateOnCpu(getTask('csv:log1p'), texts));
    expect(results[1].measures.maxAbsError).toBeLessThan(results[0].measures.maxAbsError);
  });

  it('a short search runs on it and records the module in the run config', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'symdisc-task-module-')), 'run');
    const summary = await search({ task: withTaskModule({ id: 'csv:log1p' }, MODULE), seed: 'csv', budget: 200, backend: 'cpu', workers: 1, out: dir, settings: { population: 24, batchSize: 16 } });
    expect(summary.evaluations).toBeGreaterThanOrEqual(200);
    const best = Math.min(...summary.front.map((e) => e.score));
    expect(best).toBeLessThan(1 - Math.LN2); // better than y = x
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).task).toEqual({ id: 'csv:log1p', module: MODULE });
  }, 120_000);

  it('a missing file or one without a TaskKind default export is one UsageError line', async () => {
    await expect(loadTaskModule('examples/csv-target/nope.ts')).rejects.toThrow(UsageError);
    const file = join(mkdtempSync(join(tmpdir(), 'symdisc-task-module-')), 'not-a-kind.mjs');
    writeFileSync(file, 'export default { name: 42 };\n');
    await expect(loadTaskModule(file)).rejects.toThrow(/default export must be a TaskKind/);
  });
});

describe('csv-target rows', () => {
  it('rejects a malformed row with file:line', async () => {
    await loadTaskModule(MODULE);
    const file = join(mkdtempSync(join(tmpdir(), 'symdisc-csv-')), 'bad.csv');
    writeFileSync(file, 'x,y\n0,1\n0.5,abc\n');
    expect(() => getTask('csv:log1p', { file })).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: expected 'x,y'`));
    expect(parseProgram(program('y = x * 1')).domain).toBe('function');
  });
});
