/** Mutation: insert one random statement at a random position (Lion's "insert"). */
import { freshName, statement, withBody } from '../../dsl/program.ts';
import type { Program, Statement } from '../../dsl/program.ts';
import { SIGNATURES } from '../../dsl/signature.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { randomOperand, readableAt } from './operands.ts';

export function canInsert(p: Program, vocab: Vocabulary): boolean {
  return p.body.length < vocab.maxStatements;
}

/** A random statement that may sit before statement `index` of `p`. */
export function randomStatement(p: Program, index: number, rng: Rng, vocab: Vocabulary): Statement {
  const readable = readableAt(p, index);
  const op = rng.pick(vocab.ops);
  const args = Array.from({ length: op.arity }, () => randomOperand(rng, vocab, readable));
  // A new variable, or overwrite an existing one (an output or a state variable such as `m`).
  const implicit = SIGNATURES[p.domain].implicit;
  const assignable = [...new Set([...p.outputs, ...readable.filter((n) => !implicit.includes(n))])];
  const target = assignable.length === 0 || rng.chance(0.5) ? freshName(p) : rng.pick(assignable);
  return statement(target, op.name, args);
}

export function insertStatement(p: Program, rng: Rng, vocab: Vocabulary): Program {
  const index = rng.int(p.body.length + 1);
  const body = [...p.body];
  body.splice(index, 0, randomStatement(p, index, rng, vocab));
  return withBody(p, body);
}
