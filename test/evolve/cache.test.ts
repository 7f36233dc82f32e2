import { describe, expect, it } from 'vitest';
import { EquivalenceCache, cacheKey } from '../../src/evolve/cache.ts';

const result = (score: number) => ({ score, valid: true, measures: {} });

describe('EquivalenceCache', () => {
  it('returns stored results by key', () => {
    const cache = new EquivalenceCache();
    cache.set(cacheKey('h', 'f'), result(1));
    expect(cache.get(cacheKey('h', 'f'))?.score).toBe(1);
    expect(cache.get(cacheKey('h', 'g'))).toBeUndefined();
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new EquivalenceCache(2);
    cache.set('a', result(1));
    cache.set('b', result(2));
    cache.get('a'); // a is now more recent than b
    cache.set('c', result(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.score).toBe(1);
    expect(cache.get('c')?.score).toBe(3);
    expect(cache.size).toBe(2);
  });
});
