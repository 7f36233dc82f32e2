/** Mutation: replace one operand of one statement with a random variable or constant (Lion's "modify"). */
import { operandsEqual, statement, withBody } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import type { Rng } from '../rng.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { randomOperand, readableAt } from './operands.ts';

export function canChangeArgument(p: Program): boolean {
  return p.body.some((s) => s.args.length > 0);
}

export function changeArgument(p: Program, rng: Rng, vocab: Vocabulary): Program {
  const candidates = p.body.flatMap((s, i) => (s.args.length > 0 ? [i] : []));
  const index = rng.pick(candidates);
  const s = p.body[index];
  const k = rng.int(s.args.length);
  const readable = readableAt(p, index);
  let operand = randomOperand(rng, vocab, readable);
  // One more draw if it came out unchanged; the caller's retry loop handles the rest.
  if (operandsEqual(operand, s.args[k])) operand = randomOperand(rng, vocab, readable);
  const args = s.args.map((a, j) => (j === k ? operand : a));
  const body = p.body.map((t, i) => (i === index ? statement(s.target, s.op, args) : t));
  return withBody(p, body);
}
