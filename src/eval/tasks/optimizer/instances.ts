/**
 * Instances by (family, seed, index, sizing), built once per process: every worker rebuilds the
 * same instances from these four values, so only they cross worker boundaries.
 */
import type { OptInstance, Sizing } from './family.ts';
import { getFamily } from './families/index.ts';

const cache = new Map<string, OptInstance>();

export function buildInstance(family: string, seed: number, index: number, sizing: Sizing): OptInstance {
  const key = `${family}/${sizing}/${seed}/${index}`;
  let inst = cache.get(key);
  if (!inst) {
    inst = getFamily(family).instance(seed, index, sizing);
    cache.set(key, inst);
  }
  return inst;
}

/** Instances 0..count-1 of a family. */
export function buildInstances(family: string, seed: number, count: number, sizing: Sizing): OptInstance[] {
  return Array.from({ length: count }, (_, i) => buildInstance(family, seed, i, sizing));
}
