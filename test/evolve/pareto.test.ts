import { describe, expect, it } from 'vitest';
import { crowdingDistance, dominates, nonDominatedSort, selectSurvivors } from '../../src/evolve/pareto.ts';

describe('dominates', () => {
  it('needs no worse everywhere and better somewhere', () => {
    expect(dominates([1, 1], [2, 2])).toBe(true);
    expect(dominates([1, 2], [2, 2])).toBe(true);
    expect(dominates([2, 2], [2, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2])).toBe(false);
    expect(dominates([1, 1], [Infinity, Infinity])).toBe(true);
    expect(dominates([Infinity, Infinity], [Infinity, Infinity])).toBe(false);
  });
});

describe('nonDominatedSort', () => {
  it('sorts a hand example into fronts', () => {
    //  index: 0       1       2       3       4       5
    const points = [[1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [Infinity, Infinity]];
    expect(nonDominatedSort(points)).toEqual([[0, 1, 2], [3], [4], [5]]);
  });

  it('puts equal points in the same front', () => {
    expect(nonDominatedSort([[1, 1], [1, 1], [2, 0]])).toEqual([[0, 1, 2]]);
  });
});

describe('crowdingDistance', () => {
  it('gives the extremes Infinity and the interior the normalised neighbour gap', () => {
    // Front on a line: (0,4) (1,3) (3,1) (4,0); ranges 4 and 4.
    const points = [[0, 4], [1, 3], [3, 1], [4, 0]];
    const d = crowdingDistance(points, [0, 1, 2, 3]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    // Point 1: neighbours 0 and 2: (3-0)/4 + (4-1)/4 = 1.5; point 2 likewise.
    expect(d[1]).toBeCloseTo(1.5);
    expect(d[2]).toBeCloseTo(1.5);
  });

  it('ignores objectives with no spread and non-finite values', () => {
    const d = crowdingDistance([[1, 2], [1, 3], [1, Infinity]], [0, 1, 2]);
    expect(d.every((x) => !Number.isNaN(x))).toBe(true);
  });
});

describe('selectSurvivors', () => {
  it('keeps whole fronts, then the least crowded of the next', () => {
    const points = [[0, 4], [1, 3], [3, 1], [4, 0], [1.5, 3.5], [3.5, 1.5], [2.5, 3.2]];
    const { survivors, rank } = selectSurvivors(points, 5);
    expect(survivors.slice(0, 4).sort()).toEqual([0, 1, 2, 3]);
    expect(rank).toEqual([0, 0, 0, 0, 1]);
    // Second front is {4, 5, 6}: the extremes 4 and 5 have Infinity crowding; 4 wins the tie by index.
    expect(survivors[4]).toBe(4);
  });
});
