/**
 * A bounded map that drops its least recently used entry: `get` and `set` mark an entry used, and
 * a `set` that takes the map past its capacity evicts the oldest entries until it fits. Built on
 * a Map's insertion order (delete + set moves a key to the end), so every operation is O(1).
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  /** `onEvict` is told of each entry `set` pushes out (not of `delete`s), e.g. to free what it points to. */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(capacity >= 0)) throw new RangeError(`Lru capacity must be >= 0, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, marking it recently used. */
  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, hit as V);
    }
    return hit;
  }

  /** The value, leaving the order as it is. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used entry and evicts past the capacity. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const [oldest, old] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldest);
      this.onEvict?.(oldest, old);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
