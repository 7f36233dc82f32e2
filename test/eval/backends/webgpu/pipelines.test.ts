import { describe, expect, it } from 'vitest';
import { addTiming, count, emptyTiming, GpuPipelines, snapshotTiming, timingSince } from '../../../../src/eval/backends/webgpu/pipelines.ts';
import { gpuIt } from '../../support/gpu.ts';

/** A module with one storage buffer; item k writes k (or, for a "bad" item, names an undeclared variable). */
function source(items: readonly string[]): string {
  const lines = items.map((item, k) => (item.startsWith('bad') ? `  out[${k}] = undeclared_${k};` : `  out[${k}] = ${k}u;`));
  return `@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(1)\nfn main() {\n${lines.join('\n')}\n}\n`;
}

function layoutOf(device: GPUDevice): GPUPipelineLayout {
  const group = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
  return device.createPipelineLayout({ bindGroupLayouts: [group] });
}

describe('GpuPipelines', () => {
  gpuIt('caches a module by text and reports a failing one with the compiler\'s line:col message', async (gpu) => {
    const pipelines = new GpuPipelines(gpu.device);
    const layout = layoutOf(gpu.device);
    const good = await pipelines.compile({ code: source(['a', 'b']), layout });
    expect('pipeline' in good).toBe(true);
    const again = await pipelines.compile({ code: source(['a', 'b']), layout });
    expect(again).toBe(good);
    const bad = await pipelines.compile({ code: source(['a', 'bad']), layout });
    expect('error' in bad && bad.error).toMatch(/^\d+:\d+: .*undeclared_1/);
    expect(pipelines.timing).toMatchObject({ modulesCompiled: 2, cacheHits: 1 });
    expect(pipelines.timing.compileMs).toBeGreaterThan(0);
  });

  gpuIt('bisects a batch: every culprit alone with its own message, the rest compiled (concurrent compiles keep their errors apart)', async (gpu) => {
    const pipelines = new GpuPipelines(gpu.device);
    const items = ['a', 'bad1', 'c', 'd', 'e', 'bad5', 'g', 'h'];
    const outcome = await pipelines.bisect(items, source, { layout: layoutOf(gpu.device) });
    expect([...outcome.rejected.keys()].sort()).toEqual(['bad1', 'bad5']);
    // Each culprit's message names its own undeclared variable (index 0: it is alone in its module).
    for (const message of outcome.rejected.values()) expect(message).toMatch(/undeclared_0/);
    expect(outcome.modules.flatMap((m) => m.items).sort()).toEqual(['a', 'c', 'd', 'e', 'g', 'h']);
  });
});

describe('GpuTiming', () => {
  it('adds and subtracts records, scorer counters included', () => {
    const t = emptyTiming();
    t.compileMs = 5;
    count(t, 'trainings', 3);
    const before = snapshotTiming(t);
    t.runMs += 2;
    count(t, 'trainings', 4);
    count(t, 'interpreted', 1);
    const since = timingSince(t, before);
    expect(since).toEqual({ compileMs: 0, runMs: 2, modulesCompiled: 0, cacheHits: 0, counts: { trainings: 4, interpreted: 1 } });
    const sum = emptyTiming();
    addTiming(sum, since);
    addTiming(sum, since);
    expect(sum.counts).toEqual({ trainings: 8, interpreted: 2 });
  });
});
