/**
 * Trains a rule on a family's instances at every learning rate of the family's grid for their sizing, all in one
 * trainer batch: `results[k][i]` is grid lr k on instance i (the layout fitness.ts reads).
 */
import type { CompiledProgram } from '../../../dsl/compile.ts';
import type { OptFamily, OptInstance } from './family.ts';
import { trainBatch } from './trainer.ts';
import type { TrainingResult, TrainOptions } from './trainer.ts';

/** The grid for these instances' sizing (all instances of one call share one sizing). */
export function gridFor(family: OptFamily, instances: readonly OptInstance[]): readonly number[] {
  const sizing = instances[0]?.sizing ?? 'search';
  if (instances.some((inst) => inst.sizing !== sizing)) throw new Error('trainGrid: instances of different sizings');
  return family.lrGrid[sizing];
}

export function trainGrid(rule: CompiledProgram, family: OptFamily, instances: readonly OptInstance[], options: TrainOptions = {}): TrainingResult[][] {
  const grid = gridFor(family, instances);
  const flat = trainBatch(rule, grid.flatMap((lr) => instances.map((instance) => ({ instance, lr }))), options);
  return grid.map((_, k) => flat.slice(k * instances.length, (k + 1) * instances.length));
}
