import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitStandardized } from '../../../../../src/eval/tasks/optimizer/data/table.ts';
import type { LabelledTable } from '../../../../../src/eval/tasks/optimizer/data/table.ts';
import { instanceRng } from '../../../../../src/eval/tasks/optimizer/rng.ts';

/** A table whose first feature is the row index, so rows can be recovered after standardizing. */
function indexedTable(rows: number, features: number): LabelledTable {
  const x = new Float64Array(rows * features);
  for (let r = 0; r < rows; r++) for (let j = 0; j < features; j++) x[r * features + j] = j === 0 ? r : j === 1 ? 5 : Math.sin(r * (j + 1));
  return { x, y: Int32Array.from({ length: rows }, (_, r) => r % 3), rows, features, classes: 3 };
}

describe('splitStandardized', () => {
  it('draws disjoint training and held-out rows, deterministically from the generator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 60 }), fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const table = indexedTable(rows, 3);
        const nTrain = Math.floor(rows / 2);
        const nHeld = rows - nTrain - 1;
        const a = splitStandardized(table, nTrain, nHeld, instanceRng(`s${seed}`));
        const b = splitStandardized(table, nTrain, nHeld, instanceRng(`s${seed}`));
        expect(b).toEqual(a);
        // Undo the standardization of feature 0 (the row index) with the training rows' scale.
        const first = (ds: typeof a.train): number[] => Array.from({ length: ds.n }, (_, r) => ds.x[r * ds.d]);
        const tr = first(a.train);
        const mean = tr.reduce((s, v) => s + v, 0) / tr.length;
        expect(Math.abs(mean)).toBeLessThan(1e-9);
        const ids = (ds: typeof a.train): Set<string> => new Set(first(ds).map((v) => v.toFixed(6)));
        const trainIds = ids(a.train);
        const heldIds = ids(a.holdout);
        expect(trainIds.size).toBe(nTrain);
        expect(heldIds.size).toBe(nHeld);
        for (const id of heldIds) expect(trainIds.has(id)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('standardizes by the training rows: mean 0, standard deviation 1; a constant feature is only centred', () => {
    const table = indexedTable(40, 4);
    const { train, holdout } = splitStandardized(table, 30, 10, instanceRng('std'));
    for (const j of [0, 2, 3]) {
      const col = Array.from({ length: train.n }, (_, r) => train.x[r * train.d + j]);
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(variance).toBeCloseTo(1, 10);
    }
    expect(Array.from({ length: holdout.n }, (_, r) => holdout.x[r * holdout.d + 1])).toEqual(new Array(10).fill(0));
    expect(() => splitStandardized(table, 30, 11, instanceRng('x'))).toThrow(/41 rows requested|30 \+ 11/);
  });
});
