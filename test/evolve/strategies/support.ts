/** A breeder that makes children without mutation, for strategy tests: a mutant's text names its parent. */
import { loadSeed } from '../../../src/dsl/seeds/index.ts';
import type { Breeder, Child, Individual, Origin } from '../../../src/evolve/individual.ts';

const PROGRAM = loadSeed('exp2_taylor2');

export const fakeBreeder: Breeder = {
  mutant: (parent: string): Child => ({ program: PROGRAM, text: `mutant of ${parent}`, parent, origin: 'insert' }),
  copy: (program: string, origin: Origin): Child => ({ program: PROGRAM, text: program, parent: null, origin }),
};

let born = 0;

/** Individuals for `texts` with the given objective vectors. */
export function members(texts: readonly string[], objectives: (i: number) => number[]): Individual[] {
  return texts.map((program, i) => ({ program, objectives: objectives(i), born: born++ }));
}
