/**
 * Mutation: perturb one numeric literal, as in the Lion search: replace it with a N(0,1) draw, or
 * multiply it by 2^a with a ~ N(0,1). Function programs (whose constants are fitted afterwards)
 * mostly take the multiplicative step, as AutoNumerics-Zero's children inherit and perturb theirs.
 */
import { lit, literals, statement, withBody } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';

export function canPerturbConstant(p: Program): boolean {
  return literals(p).length > 0;
}

export function perturbConstant(p: Program, rng: Rng, vocab: Vocabulary): Program {
  const k = rng.int(literals(p).length);
  const replaceChance = vocab.domain === 'optimizer' ? 0.5 : 0.1;
  let seen = 0;
  const body = p.body.map((s) => {
    if (!s.args.some((a) => a.kind === 'lit')) return s;
    const args = s.args.map((a) => {
      if (a.kind !== 'lit' || seen++ !== k) return a;
      const next = rng.chance(replaceChance) ? rng.normal() : a.value * 2 ** rng.normal();
      return lit(vocab.roundConstant(next));
    });
    return statement(s.target, s.op, args);
  });
  return withBody(p, body);
}
