/**
 * The V8 heap policy of a search process. V8 sizes the heap after each full collection at a
 * multiple of what is live, a multiple it raises (up to 4×) while a thread allocates fast, and a
 * search's main thread allocates fast all the time: in a 60-minute fn:exp2 search the main heap
 * grew to ~1.8× its live size, and kept growing after every bounded structure had filled (the
 * trace in results/bench/memory-fn-exp2-open-60m.json: used ~90 MiB, total 158-197 MiB). A fixed,
 * smaller growing factor keeps resident memory near what is live, for a few more collections: with
 * it (and the smaller journal and cache windows) the main heap stayed at 91-108 MiB total from
 * minute 4 to 60 (results/bench/memory-fn-exp2-open-60m-bounded.json).
 * SYMDISC_HEAP_GROWING_PERCENT overrides the percentage (0: V8's own policy).
 */
import { setFlagsFromString } from 'node:v8';

/** The heap grows to (1 + this / 100) × its live size after a full collection. */
export const HEAP_GROWING_PERCENT = 30;

/** The percentage in effect: SYMDISC_HEAP_GROWING_PERCENT when it is a non-negative integer, else the default. */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.SYMDISC_HEAP_GROWING_PERCENT;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : HEAP_GROWING_PERCENT;
}

/** Applies the policy to this process (V8 flags are process-wide: worker threads started later share it). */
export function limitHeapGrowth(percent: number = heapGrowingPercent()): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
