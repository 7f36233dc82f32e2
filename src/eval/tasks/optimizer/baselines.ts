/**
 * Tuned AdamW per family and instance set, the yardstick of fitness.ts. Deterministic (AdamW's seed
 * program, compiled for float32, on seeded instances), computed once per process and cached: the
 * first candidate a worker scores on a task pays one extra candidate's worth of training.
 */
import { compileProgram } from '../../../dsl/compile.ts';
import type { CompiledProgram } from '../../../dsl/compile.ts';
import { loadSeed } from '../../../dsl/seeds/index.ts';
import type { Sizing } from './family.ts';
import { getFamily } from './families/index.ts';
import { tuneBaseline } from './fitness.ts';
import type { Baseline } from './fitness.ts';
import { trainGrid } from './grid.ts';
import { buildInstances } from './instances.ts';

/** The seed every score is relative to. */
export const BASELINE_SEED = 'adamw';

let adamwRule: CompiledProgram | undefined;
const cache = new Map<string, Baseline>();

/** Tuned AdamW on instances 0..count-1 of `family` with this seed and sizing. */
export function adamwBaseline(family: string, seed: number, count: number, sizing: Sizing): Baseline {
  const key = `${family}/${sizing}/${seed}/${count}`;
  let b = cache.get(key);
  if (!b) {
    adamwRule ??= compileProgram(loadSeed(BASELINE_SEED), 'f32');
    const fam = getFamily(family);
    const results = trainGrid(adamwRule, fam, buildInstances(family, seed, count, sizing));
    b = tuneBaseline(fam.lrGrid[sizing], results, fam.lossFloor);
    cache.set(key, b);
  }
  return b;
}
