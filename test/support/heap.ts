/**
 * Heap bytes that `build` leaves reachable through what it returns: V8 heap used after a full
 * collection, before and after, with the result still held. For bounds on what a structure keeps
 * (caches, journal windows), with slack for the collector's own bookkeeping.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function retainedBytes<T>(build: () => T): { readonly bytes: number; readonly value: T } {
  const before = heapUsed();
  const value = build();
  const bytes = heapUsed() - before;
  return { bytes, value };
}
