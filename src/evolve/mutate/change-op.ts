/**
 * Mutation: replace the op of one statement with another op of the vocabulary. Operands are kept
 * where the new op has room for them; missing ones are drawn at random.
 */
import { statement, withBody } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { randomOperand, readableAt } from './operands.ts';

export function canChangeOp(p: Program, vocab: Vocabulary): boolean {
  return p.body.length > 0 && vocab.ops.length > 1;
}

export function changeOp(p: Program, rng: Rng, vocab: Vocabulary): Program {
  const index = rng.int(p.body.length);
  const s = p.body[index];
  // Prefer an op of the same arity (keeps the data flow); sometimes any op.
  const sameArity = vocab.ops.filter((op) => op.arity === s.args.length && op.name !== s.op);
  const others = vocab.ops.filter((op) => op.name !== s.op);
  const op = sameArity.length > 0 && rng.chance(0.75) ? rng.pick(sameArity) : rng.pick(others);
  const readable = readableAt(p, index);
  const args = Array.from({ length: op.arity }, (_, j) => (j < s.args.length ? s.args[j] : randomOperand(rng, vocab, readable)));
  const body = p.body.map((t, i) => (i === index ? statement(s.target, op.name, args) : t));
  return withBody(p, body);
}
