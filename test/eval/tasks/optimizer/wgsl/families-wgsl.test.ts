import { describe, expect, it } from 'vitest';
import { emitWgslFunction } from '../../../../../src/dsl/emit/wgsl.ts';
import { loadSeed } from '../../../../../src/dsl/seeds/index.ts';
import { FAMILIES } from '../../../../../src/eval/tasks/optimizer/families/index.ts';
import { buildInstance } from '../../../../../src/eval/tasks/optimizer/instances.ts';
import { lateWindow } from '../../../../../src/eval/tasks/optimizer/trainer.ts';
import { SOFTWARE_STEP_OVERHEAD, softwareStepOverhead } from '../../../../../src/eval/tasks/optimizer/gpu-scorer.ts';
import { FIELD_BASE } from '../../../../../src/eval/tasks/optimizer/wgsl/common.ts';
import { familiesWgsl, familyCode, HEADER_WORDS, holdoutChunks, instanceHeader, kernelSteps, loopIterationsPerStep } from '../../../../../src/eval/tasks/optimizer/wgsl/families-wgsl.ts';
import { trainingKernelSource } from '../../../../../src/eval/tasks/optimizer/wgsl/training-kernel.ts';

describe('WGSL instance headers', () => {
  it('carry family code, sizes, stream, offsets and the late window of every family', () => {
    for (const family of FAMILIES) {
      for (const sizing of ['search', 'meta'] as const) {
        const inst = buildInstance(family.id, 0, 0, sizing);
        const h = instanceHeader(inst, 123, 456);
        expect(h.length).toBe(HEADER_WORDS);
        expect(Array.from(h.slice(0, 8))).toEqual([familyCode(family.id), inst.dim, inst.steps, inst.stream, 123, 456, lateWindow(inst.steps), holdoutChunks(inst)]);
        expect(Array.from(h.slice(FIELD_BASE, FIELD_BASE + family.wgsl.fields(inst).length))).toEqual(family.wgsl.fields(inst));
        expect(loopIterationsPerStep(inst)).toBeGreaterThan(inst.dim);
        expect(kernelSteps(inst)).toBe(inst.steps + holdoutChunks(inst));
        // Every data family has a holdout, and its chunks cover the held-out split.
        if (family.holdout) expect(holdoutChunks(inst) * inst.shape.batch).toBeGreaterThanOrEqual(inst.shape.nHeldOut);
        else expect(holdoutChunks(inst)).toBe(0);
      }
    }
    const quad = buildInstance('quadratic', 0, 1, 'search');
    const h = instanceHeader(quad, 0, 0);
    expect(h[FIELD_BASE]).toBe(quad.shape.d);
    expect(new Float32Array(h.buffer, (FIELD_BASE + 1) * 4, 1)[0]).toBe(quad.shape.noise);
    const mlp2 = buildInstance('mlp2', 0, 0, 'meta');
    expect(Array.from(instanceHeader(mlp2, 0, 0).slice(FIELD_BASE, FIELD_BASE + 8))).toEqual([mlp2.shape.n, mlp2.shape.batch, mlp2.shape.nHeldOut, 3, 2, 16, 16, 3]);
  });
});

describe('WGSL loop budget', () => {
  it('keeps one kernel step of every family and sizing inside the software rasterisers\' 65535 loop iterations', () => {
    const overhead = softwareStepOverhead(FAMILIES.map((f) => f.id));
    // The masked-loop overhead counts every loop of the kernel's families (two each) on top of the kernel's own.
    expect(overhead).toBeGreaterThan(SOFTWARE_STEP_OVERHEAD + 2 * 40);
    expect(softwareStepOverhead(['quadratic'])).toBeLessThan(overhead);
    for (const family of FAMILIES) {
      for (const sizing of ['search', 'meta'] as const) {
        const inst = buildInstance(family.id, 0, 0, sizing);
        expect(loopIterationsPerStep(inst) + overhead, `${family.id} ${sizing}`).toBeLessThan(65535);
      }
    }
  });
});

describe('WGSL training kernel source', () => {
  it('includes each family function once and one update case per candidate function', () => {
    const fam = familiesWgsl(['quadratic', 'softmax', 'mlp', 'mlp2']);
    expect(fam.code.match(/fn sd_lg_mlp\(/g)).toHaveLength(1);
    expect(fam.code).toContain('fn sd_lg_quadratic(');
    expect(fam.code).not.toContain('fn sd_lg_beale(');
    expect(fam.switchCases.split('\n')).toHaveLength(4);
    expect(fam.holdoutCases.split('\n')).toHaveLength(3);
    expect(fam.holdoutCases).toContain('sd_ho_mlp(h, so, chunk)');
    const fns = ['adamw', 'lion'].map((n, i) => emitWgslFunction(loadSeed(n), { name: `sd_cand_${i}` }));
    const src = trainingKernelSource(fns, [], ['quadratic'], 100);
    expect(src).toContain('case 0u: {');
    expect(src).toContain('case 1u: {');
    expect(src).toContain('sd_cand_1(w, sd_state[gs + p]');
    expect(src).toContain('100.0 * max(sd_res[ro], 0.001)');
  });
});
