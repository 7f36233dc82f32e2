/**
 * Measures how to compile a batch of candidates for the GPU: one module per batch (a switch over
 * every structure), several modules (`groupSize` structures each), or one pipeline per
 * candidate; at several batch sizes. Compile time includes the driver's deferred code generation
 * (the scorer's warm-up dispatch). Mesa's on-disk shader cache is disabled so every compile is
 * paid. Writes results/bench/compile-strategy.json.
 *
 *   npx tsx bench/compile-strategy.ts [--batches 16,64,256] [--groups 1,8,32,0,-1] [--points 4096,65536]
 *
 * (group 0 = one module for the whole batch; -1 = the interpreter, no compile per candidate)
 */
process.env.MESA_SHADER_CACHE_DISABLE = 'true';

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireDevice, describeDevice } from '../src/eval/backends/webgpu/device.ts';
import { FunctionGpuScorer } from '../src/eval/tasks/function/gpu-scorer.ts';
import type { GpuTiming } from '../src/eval/tasks/function/gpu-scorer.ts';
import type { FunctionTask } from '../src/eval/tasks/function/task.ts';
import { getTask } from '../src/eval/tasks/registry.ts';
import { randomPrograms } from './random-programs.ts';

const arg = (name: string, fallback: string): number[] =>
  (process.argv.find((a, i) => process.argv[i - 1] === `--${name}`) ?? fallback).split(',').map(Number);
const batches = arg('batches', '16,64,256');
const groups = arg('groups', '1,8,32,0,-1');
const pointCounts = arg('points', '4096,65536');

const gpu = await acquireDevice();
if (!('device' in gpu)) throw new Error(`no adapter: ${gpu.missing.join('; ')}`);
console.log(describeDevice(gpu));
const rows: Record<string, number | string>[] = [];
for (const batch of batches) {
  for (const group of groups) {
    // Fresh programs per cell, so no cell profits from another's compiled pipelines.
    const programs = randomPrograms(batch, 5, 30, `strategy/${batch}/${group}`);
    const ops = programs.reduce((n, p) => n + p.body.length, 0);
    const scorer = new FunctionGpuScorer(gpu, group < 0 ? { strategy: 'interpreter' } : { strategy: 'compiled', groupSize: group === 0 ? Infinity : group });
    const t: GpuTiming = { compileMs: 0, runMs: 0, modulesCompiled: 0, cacheHits: 0 };
    if (group < 0) await scorer.prepare(); // the interpreter compiles once per process, not per batch
    await scorer.score(getTask('fn:exp2', { points: pointCounts[0] }) as FunctionTask, programs, t);
    const row: Record<string, number | string> = { batch, groupSize: group < 0 ? 'interpreter' : group === 0 ? 'batch' : group, modules: t.modulesCompiled, compileMs: Math.round(t.compileMs), compileMsPerCandidate: +(t.compileMs / batch).toFixed(1) };
    for (const points of pointCounts) {
      const r: GpuTiming = { compileMs: 0, runMs: 0, modulesCompiled: 0, cacheHits: 0 };
      await scorer.score(getTask('fn:exp2', { points }) as FunctionTask, programs, r); // cached pipelines: run only
      row[`runMs@${points}`] = +r.runMs.toFixed(1);
      row[`nodeEvalsPerSec@${points}`] = Math.round((ops * points) / (r.runMs / 1000));
    }
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../results/bench/compile-strategy.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ benchmark: 'compile-strategy', date: new Date().toISOString(), adapter: describeDevice(gpu), rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
process.exit(0);
