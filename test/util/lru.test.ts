import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/util/lru.ts';

/** The obvious model: an array of keys, most recently used last. */
function model(capacity: number, ops: readonly (readonly ['get' | 'set', number])[]): { keys: number[]; gets: (number | undefined)[] } {
  let keys: number[] = [];
  const values = new Map<number, number>();
  const gets: (number | undefined)[] = [];
  ops.forEach(([op, k], i) => {
    if (op === 'get') {
      if (keys.includes(k)) keys = [...keys.filter((x) => x !== k), k];
      gets.push(keys.includes(k) ? values.get(k) : undefined);
    } else {
      keys = [...keys.filter((x) => x !== k), k];
      values.set(k, i);
      while (keys.length > capacity) keys.shift();
    }
  });
  return { keys, gets };
}

describe('Lru', () => {
  it('evicts the least recently used entry, and get counts as a use', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1).set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect([...lru.keys()]).toEqual(['a', 'c']);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.peek('a')).toBe(1);
    expect([...lru.keys()]).toEqual(['a', 'c']);
  });

  it('agrees with a list model on any sequence of gets and sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.tuple(fc.constantFrom('get' as const, 'set' as const), fc.integer({ min: 0, max: 7 })), { maxLength: 60 }), (capacity, ops) => {
        const lru = new Lru<number, number>(capacity);
        const gets: (number | undefined)[] = [];
        ops.forEach(([op, k], i) => {
          if (op === 'get') gets.push(lru.get(k));
          else lru.set(k, i);
        });
        const expected = model(capacity, ops);
        expect([...lru.keys()]).toEqual(expected.keys);
        expect(gets).toEqual(expected.gets);
        expect(lru.size).toBeLessThanOrEqual(capacity);
      }),
    );
  });

  it('tells onEvict of exactly the entries set pushed out, oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.tuple(fc.constantFrom('get' as const, 'set' as const), fc.integer({ min: 0, max: 7 })), { maxLength: 60 }), (capacity, ops) => {
        const evicted: [number, number][] = [];
        const lru = new Lru<number, number>(capacity, (k, v) => evicted.push([k, v]));
        ops.forEach(([op, k], i) => {
          if (op === 'get') lru.get(k);
          else {
            const before = new Map([...lru.keys()].map((key) => [key, lru.peek(key) as number]));
            const from = evicted.length;
            lru.set(k, i);
            // The entries that were there and are gone (k itself counts as new: set moves it last),
            // then k when the capacity is 0.
            const gone = [...before.keys()].filter((key) => key !== k && !lru.has(key)).map((key) => [key, before.get(key)]);
            expect(evicted.slice(from)).toEqual(lru.has(k) ? gone : [...gone, [k, i]]);
          }
        });
        expect(lru.size).toBeLessThanOrEqual(capacity);
      }),
    );
  });

  it('rejects a negative capacity', () => {
    expect(() => new Lru(-1)).toThrow(RangeError);
  });
});
