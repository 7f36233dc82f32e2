/** Mutation: delete one random statement (Lion's "delete"). */
import { withBody } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import type { Rng } from '../rng.ts';

export function canDelete(p: Program): boolean {
  return p.body.length > 1;
}

export function deleteStatement(p: Program, rng: Rng): Program {
  const index = rng.int(p.body.length);
  return withBody(p, p.body.filter((_, i) => i !== index));
}
