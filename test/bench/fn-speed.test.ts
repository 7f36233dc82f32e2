import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpeedBench, gccAvailable, speedSubjects } from '../../bench/fn-speed.ts';

const gcc = gccAvailable();
if (gcc === undefined) console.warn('fn-speed test: SKIPPED: gcc not found on PATH');

describe.skipIf(gcc === undefined)('fn-speed benchmark', () => {
  it("compiles the exported C of a committed run's front beside degree-6 Horner and glibc, in both precisions", () => {
    const front = JSON.parse(readFileSync('results/examples/fn-exp2-f32-s1/front.json', 'utf8')) as { entries: { cost: number; score: number; program: string }[] };
    for (const precision of ['f32', 'f64'] as const) {
      const subjects = speedSubjects(front.entries, precision, 12);
      expect(subjects.map((s) => s.kind).slice(-2)).toEqual(['horner6', 'glibc']);
      expect(subjects.at(-1)?.name).toBe(precision === 'f32' ? 'exp2f' : 'exp2');
      const dir = mkdtempSync(join(tmpdir(), 'symdisc-fn-speed-test-'));
      try {
        const bin = compileSpeedBench(subjects, precision, dir);
        expect(statSync(bin).size).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
