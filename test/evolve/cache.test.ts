import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateResult } from '../../src/eval/evaluator.ts';
import { EquivalenceCache, cacheKey } from '../../src/evolve/cache.ts';
import { Lru } from '../../src/util/lru.ts';
import { functionSearchSpace } from '../../src/eval/tasks/function/search-space.ts';
import { retainedBytes } from '../support/heap.ts';

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

describe('EquivalenceCache, compact rows', () => {
  const measureNames = ['maxAbsError', 'cost', 'ops'] as const;
  const resultArb = fc.record({
    score: fc.double(),
    valid: fc.boolean(),
    names: fc.subarray([...measureNames]),
    values: fc.array(fc.double(), { minLength: 3, maxLength: 3 }),
    error: fc.option(fc.constantFrom('non-finite output', 'parse error at 1:2'), { nil: undefined }),
    program: fc.option(fc.constantFrom('def f(x):\n  y = x\n  return y\n', 'def f(x):\n  y = x * 2\n  return y\n'), { nil: undefined }),
  }).map(({ score, valid, names, values, error, program }): CandidateResult => ({
    score,
    valid,
    measures: Object.fromEntries(names.map((n, j) => [n, values[j]])),
    ...(error !== undefined ? { error } : {}),
    ...(program !== undefined ? { program } : {}),
  }));
  const opArb = fc.oneof(fc.tuple(fc.constant('get' as const), fc.integer({ min: 0, max: 9 })), fc.tuple(fc.constant('set' as const), fc.integer({ min: 0, max: 9 }), resultArb));

  it('answers exactly as an Lru of result objects would, and never holds more than its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(opArb, { maxLength: 80 }), (capacity, ops) => {
        const cache = new EquivalenceCache(capacity);
        const model = new Lru<string, CandidateResult>(capacity);
        for (const op of ops) {
          const key = `k${op[1]}`;
          if (op[0] === 'set') {
            cache.set(key, op[2]);
            model.set(key, op[2]);
          } else {
            const got = cache.get(key);
            const want = model.get(key);
            // Same values (Object.is: -0 and NaN), same measure order, same optional fields.
            expect(got).toStrictEqual(want);
            if (got && want) expect(Object.keys(got.measures)).toEqual(Object.keys(want.measures));
          }
          expect(cache.size).toBe(model.size);
          expect(cache.size).toBeLessThanOrEqual(capacity);
          expect(cache.slotCount).toBeLessThanOrEqual(capacity + 1);
        }
      }),
    );
  });

  it('keeps its arrays at capacity + 1 slots over a long run', () => {
    const cache = new EquivalenceCache(100);
    for (let i = 0; i < 10_000; i++) cache.set(`k${i}`, { score: i, valid: true, measures: { cost: i } });
    expect(cache.size).toBe(100);
    expect(cache.slotCount).toBeLessThanOrEqual(101);
    expect(cache.get('k9999')).toStrictEqual({ score: 9999, valid: true, measures: { cost: 9999 } });
    expect(cache.get('k9899')).toBeUndefined();
  });
});

describe('EquivalenceCache memory', () => {
  it("holds at most 24 MiB at the function tasks' default capacity, however many results it is given", () => {
    // An hour of fn:exp2 f64 on one thread evaluates ~120k programs (results/examples/README.md);
    // the old capacity (500,000) never filled, so the cache grew all hour. Entries as fn tasks
    // make them: a ~270-character fitted text (their mean) and six measures.
    const capacity = functionSearchSpace(() => 0, 'f64').settings.cacheCapacity;
    const { bytes, value: cache } = retainedBytes(() => {
      const c = new EquivalenceCache(capacity);
      for (let i = 0; i < 100_000; i++) {
        const program = `def f(x):\n  y = x * ${i / 7}\n  y = y + ${i / 3}\n${'  y = y * x\n  y = y + 0.6931471805599453\n'.repeat(6)}  return y\n`;
        c.set(cacheKey(i.toString(16).padStart(16, '0'), (i * 31).toString(16).padStart(16, '0')), {
          score: i / 11,
          valid: true,
          measures: { maxAbsError: i / 11, maxRelError: i / 13, maxUlpError: i / 17, cost: 8, ops: 12, interactions: 8 },
          program,
        });
      }
      return c;
    });
    expect(cache.size).toBe(capacity);
    // Measured: ~22 MiB (~670 bytes an entry, most of it the fitted text); the old capacity kept
    // all 100,000 (~65 MiB).
    expect(bytes).toBeLessThan(24 * 2 ** 20);
  }, 60_000);
});
