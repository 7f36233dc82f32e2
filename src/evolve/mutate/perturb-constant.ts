/**
 * Mutation: perturb one numeric literal, as in the Lion search: replace it with a N(0,1) draw
 * (with the vocabulary's `replaceChance`), or multiply it by 2^a with a ~ N(0,1). A task whose
 * constants are fitted afterwards sets a low chance, so children inherit and perturb their
 * constants as AutoNumerics-Zero's do.
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
  let seen = 0;
  const body = p.body.map((s) => {
    if (!s.args.some((a) => a.kind === 'lit')) return s;
    const args = s.args.map((a) => {
      if (a.kind !== 'lit' || seen++ !== k) return a;
      const next = rng.chance(vocab.replaceChance) ? rng.normal() : a.value * 2 ** rng.normal();
      return lit(vocab.roundConstant(next));
    });
    return statement(s.target, s.op, args);
  });
  return withBody(p, body);
}
