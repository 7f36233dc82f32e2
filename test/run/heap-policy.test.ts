import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowingPercent } from '../../src/run/heap-policy.ts';

describe('heap policy', () => {
  it('takes SYMDISC_HEAP_GROWING_PERCENT when it is a non-negative integer, the default otherwise', () => {
    expect(heapGrowingPercent({})).toBe(HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent({ SYMDISC_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(heapGrowingPercent({ SYMDISC_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    for (const bad of ['-5', 'x', '', '1.5']) expect(heapGrowingPercent({ SYMDISC_HEAP_GROWING_PERCENT: bad })).toBe(HEAP_GROWING_PERCENT);
  });
});
