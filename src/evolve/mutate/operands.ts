/** Shared pieces of the mutation operators: which variables a statement can read, new operands. */
import { lit, named, v } from '../../dsl/program.ts';
import type { Operand, Program } from '../../dsl/program.ts';
import { allInputs } from '../../dsl/signature.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';

/** Variables readable just before statement `index`: the inputs and every earlier target. */
export function readableAt(p: Program, index: number): string[] {
  const names = new Set<string>(allInputs(p.domain));
  for (let i = 0; i < index && i < p.body.length; i++) names.add(p.body[i].target);
  return [...names];
}

/** A constant operand: a named constant, an exact literal, or a fresh learnable constant. */
export function randomConstant(rng: Rng, vocab: Vocabulary): Operand {
  const choices = vocab.namedConstants.length + vocab.fixedLiterals.length;
  // Half of the constant draws are fresh numbers, the rest spread over the fixed choices.
  if (choices > 0 && rng.chance(0.5)) {
    const k = rng.int(choices);
    return k < vocab.namedConstants.length ? named(vocab.namedConstants[k]) : lit(vocab.fixedLiterals[k - vocab.namedConstants.length]);
  }
  return lit(vocab.roundConstant(vocab.newConstant(rng)));
}

/** A random operand for a statement that can read `readable`. */
export function randomOperand(rng: Rng, vocab: Vocabulary, readable: readonly string[]): Operand {
  if (readable.length === 0 || rng.chance(vocab.constantOperandChance)) return randomConstant(rng, vocab);
  return v(rng.pick(readable));
}

