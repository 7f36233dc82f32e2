/**
 * Evaluation stages of an optimizer task (task option `stage`): `full` (the default) scores every
 * family of the task on all its instances; `hurdle` is the cheap first stage of a search with
 * hurdles (src/evolve/hurdle.ts): a subset of the families, half the instances (the first ones, so
 * its trainings are a subset of the full evaluation's), scored against tuned AdamW on the same
 * instances. The subset keeps the families whose scores rank programs most like the full suite
 * per second of training (bench/opt-families.ts measures both), and leaves out the costliest.
 */
export const STAGES = ['full', 'hurdle'] as const;
export type Stage = (typeof STAGES)[number];

/** Families a hurdle stage keeps, where the task has them (a task with none of them keeps all). */
export const HURDLE_FAMILIES: readonly string[] = Object.freeze(['quadratic', 'rosenbrock', 'beale', 'logistic']);

/** The families of `stage` among a task's. */
export function stageFamilies(stage: Stage, families: readonly string[]): string[] {
  if (stage === 'full') return [...families];
  const kept = families.filter((f) => HURDLE_FAMILIES.includes(f));
  return kept.length > 0 ? kept : [...families];
}

/** The instances per family of `stage` for a task with `instances`. */
export function stageInstances(stage: Stage, instances: number): number {
  return stage === 'full' ? instances : Math.ceil(instances / 2);
}
