import { describe, expect, it } from 'vitest';
import { emitWgslFunction } from '../../../../../src/dsl/emit/wgsl.ts';
import { loadSeed } from '../../../../../src/dsl/seeds/index.ts';
import { FAMILIES } from '../../../../../src/eval/tasks/optimizer/families/index.ts';
import { buildInstance } from '../../../../../src/eval/tasks/optimizer/instances.ts';
import { lateWindow } from '../../../../../src/eval/tasks/optimizer/trainer.ts';
import { familiesWgsl, familyCode, HEADER_WORDS, instanceHeader, loopIterationsPerStep } from '../../../../../src/eval/tasks/optimizer/wgsl/families-wgsl.ts';
import { trainingKernelSource } from '../../../../../src/eval/tasks/optimizer/wgsl/training-kernel.ts';

describe('WGSL instance headers', () => {
  it('carry family code, sizes, stream, offsets and the late window of every family', () => {
    for (const family of FAMILIES) {
      for (const sizing of ['search', 'meta'] as const) {
        const inst = buildInstance(family.id, 0, 0, sizing);
        const h = instanceHeader(inst, 123, 456);
        expect(h.length).toBe(HEADER_WORDS);
        expect(Array.from(h.slice(0, 7))).toEqual([familyCode(family.id), inst.dim, inst.steps, inst.stream, 123, 456, lateWindow(inst.steps)]);
        expect(loopIterationsPerStep(inst)).toBeGreaterThan(inst.dim);
      }
    }
    const quad = buildInstance('quadratic', 0, 1, 'search');
    const h = instanceHeader(quad, 0, 0);
    expect(h[7]).toBe(quad.shape.d);
    expect(new Float32Array(h.buffer, 8 * 4, 1)[0]).toBe(quad.shape.noise);
    const mlp2 = buildInstance('mlp2', 0, 0, 'meta');
    expect(Array.from(instanceHeader(mlp2, 0, 0).slice(7, 14))).toEqual([mlp2.shape.n, mlp2.shape.batch, 3, 2, 16, 16, 3]);
  });
});

describe('WGSL training kernel source', () => {
  it('includes each family function once and one update case per candidate function', () => {
    const fam = familiesWgsl(['quadratic', 'softmax', 'mlp', 'mlp2']);
    expect(fam.code.match(/fn sd_lg_mlp\(/g)).toHaveLength(1);
    expect(fam.code).toContain('fn sd_lg_quadratic(');
    expect(fam.code).not.toContain('fn sd_lg_beale(');
    expect(fam.switchCases.split('\n')).toHaveLength(4);
    const fns = ['adamw', 'lion'].map((n, i) => emitWgslFunction(loadSeed(n), { name: `sd_cand_${i}` }));
    const src = trainingKernelSource(fns, [], ['quadratic'], 100);
    expect(src).toContain('case 0u: {');
    expect(src).toContain('case 1u: {');
    expect(src).toContain('sd_cand_1(w, sd_state[gs + p]');
    expect(src).toContain('100.0 * max(sd_res[ro], 0.001)');
  });
});
