/** Every optimizer proxy-task family, in a fixed order (the order scores and reports use). */
import type { OptFamily } from '../family.ts';
import { ackley } from './ackley.ts';
import { beale } from './beale.ts';
import { charlm } from './charlm.ts';
import { digits } from './digits.ts';
import { iris } from './iris.ts';
import { logistic } from './logistic.ts';
import { mlp } from './mlp.ts';
import { mlp2 } from './mlp2.ts';
import { quadratic } from './quadratic.ts';
import { rosenbrock } from './rosenbrock.ts';
import { softmax } from './softmax.ts';

export const FAMILIES: readonly OptFamily[] = Object.freeze([quadratic, rosenbrock, beale, logistic, softmax, mlp, iris, digits, charlm, ackley, mlp2]);

/** Families the search scores on (`opt:suite`). */
export const SEARCH_FAMILIES: readonly OptFamily[] = Object.freeze(FAMILIES.filter((f) => !f.heldOut));

export function findFamily(id: string): OptFamily | undefined {
  return FAMILIES.find((f) => f.id === id);
}

export function getFamily(id: string): OptFamily {
  const f = findFamily(id);
  if (!f) throw new Error(`unknown optimizer task family '${id}' (known: ${FAMILIES.map((x) => x.id).join(', ')})`);
  return f;
}
