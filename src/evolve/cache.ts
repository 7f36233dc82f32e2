/**
 * The functional-equivalence cache: results keyed by structural hash + behavioural fingerprint,
 * so a child that computes what an already scored program computes is not evaluated again (the
 * Lion search saved ~10× this way). Bounded, least recently used first out. It is not saved in
 * checkpoints: replaying the journal in order (`set` on an evaluation, `get` on a hit) rebuilds it
 * exactly, evictions included, so a resumed run sees the same hits as an uninterrupted one.
 */
import type { CandidateResult } from '../eval/evaluator.ts';
import { Lru } from '../util/lru.ts';

export function cacheKey(hash: string, fingerprint: string): string {
  return `${hash}:${fingerprint}`;
}

export class EquivalenceCache {
  private readonly entries: Lru<string, CandidateResult>;

  constructor(readonly capacity = 500_000) {
    this.entries = new Lru(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached result, marking it recently used. */
  get(key: string): CandidateResult | undefined {
    return this.entries.get(key);
  }

  set(key: string, result: CandidateResult): void {
    this.entries.set(key, result);
  }
}
