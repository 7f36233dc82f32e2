/**
 * The functional-equivalence cache: results keyed by structural hash + behavioural fingerprint,
 * so a child that computes what an already scored program computes is not evaluated again (the
 * Lion search saved ~10× this way). Bounded, least recently used first out. It is not saved in
 * checkpoints: replaying the journal in order (`set` on an evaluation, `get` on a hit) rebuilds it
 * exactly, evictions included, so a resumed run sees the same hits as an uninterrupted one.
 *
 * Its capacity shapes the search (which children are hits), so it stays large; what is kept per
 * entry is small instead: the key in the Lru maps to a slot number, and a slot is a row of one
 * shared Float64Array (score, then the measures' values), the index of its shape (validity and
 * measure names, interned: a task has a handful), and the fitted text and error, if any (errors
 * interned, since most are a few repeated messages). A result object is built on `get`. Measured
 * (scratch, fn:exp2 entries): ~620 bytes per entry as result objects.
 */
import type { CandidateResult } from '../eval/evaluator.ts';
import { Lru } from '../util/lru.ts';

export function cacheKey(hash: string, fingerprint: string): string {
  return `${hash}:${fingerprint}`;
}

interface Shape {
  readonly valid: boolean;
  readonly names: readonly string[];
}

export class EquivalenceCache {
  private readonly slots: Lru<string, number>;
  private readonly free: number[] = [];
  private used = 0;
  /** Doubles per slot: the score and the widest measure list seen. */
  private stride = 1;
  private numbers = new Float64Array(0);
  private shapeOf = new Uint32Array(0);
  private readonly fitted: (string | undefined)[] = [];
  private readonly errors: (string | undefined)[] = [];
  private readonly shapes: Shape[] = [];
  private readonly shapeIds = new Map<string, number>();
  private readonly errorTexts = new Lru<string, string>(1024);

  constructor(readonly capacity = 500_000) {
    this.slots = new Lru(capacity, (_key, slot) => {
      this.fitted[slot] = undefined;
      this.errors[slot] = undefined;
      this.free.push(slot);
    });
  }

  get size(): number {
    return this.slots.size;
  }

  /** Slots allocated (at most the capacity + 1): what the cache's arrays are sized by. */
  get slotCount(): number {
    return this.used;
  }

  /** The cached result, marking it recently used. */
  get(key: string): CandidateResult | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.read(slot);
  }

  set(key: string, result: CandidateResult): void {
    const existing = this.slots.peek(key);
    const names = Object.keys(result.measures);
    if (1 + names.length > this.stride) this.widen(1 + names.length);
    const slot = existing ?? this.take();
    const base = slot * this.stride;
    this.numbers[base] = result.score;
    names.forEach((n, j) => (this.numbers[base + 1 + j] = result.measures[n]));
    this.shapeOf[slot] = this.shapeId(result.valid, names);
    this.fitted[slot] = result.program;
    this.errors[slot] = result.error === undefined ? undefined : this.intern(result.error);
    this.slots.set(key, slot);
  }

  private read(slot: number): CandidateResult {
    const shape = this.shapes[this.shapeOf[slot]];
    const base = slot * this.stride;
    const measures: Record<string, number> = {};
    shape.names.forEach((n, j) => (measures[n] = this.numbers[base + 1 + j]));
    const error = this.errors[slot];
    const program = this.fitted[slot];
    return {
      score: this.numbers[base],
      valid: shape.valid,
      measures,
      ...(error !== undefined ? { error } : {}),
      ...(program !== undefined ? { program } : {}),
    };
  }

  /**
   * A free slot, growing the arrays (doubling) when none is. A full cache takes the new entry's
   * slot before the Lru evicts (and frees) the oldest, so there are at most capacity + 1 slots.
   */
  private take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.used++;
    if (slot >= this.shapeOf.length) this.grow(Math.min(this.capacity + 1, Math.max(1024, 2 * this.shapeOf.length)));
    return slot;
  }

  private grow(slots: number): void {
    const numbers = new Float64Array(slots * this.stride);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const shapeOf = new Uint32Array(slots);
    shapeOf.set(this.shapeOf);
    this.shapeOf = shapeOf;
  }

  /** Re-lays the rows out `stride` wide (a result with more measures than any before). */
  private widen(stride: number): void {
    const slots = this.shapeOf.length;
    const numbers = new Float64Array(slots * stride);
    for (let s = 0; s < slots; s++) numbers.set(this.numbers.subarray(s * this.stride, (s + 1) * this.stride), s * stride);
    this.numbers = numbers;
    this.stride = stride;
  }

  /** Shapes are few (a task's measure lists, valid or not), so they are kept for good. */
  private shapeId(valid: boolean, names: readonly string[]): number {
    const key = `${valid ? 1 : 0}${JSON.stringify(names)}`;
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push({ valid, names: [...names] });
      this.shapeIds.set(key, id);
    }
    return id;
  }

  private intern(error: string): string {
    const known = this.errorTexts.get(error);
    if (known !== undefined) return known;
    this.errorTexts.set(error, error);
    return error;
  }
}
