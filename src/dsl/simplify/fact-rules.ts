/**
 * Rewrite rules derived from the op table's algebraic facts, one per fact:
 *   identity e:   op(x, e) -> x   (and op(e, x) -> x when the identity is two-sided)
 *   absorbing z:  op(x, z) -> z   (and op(z, x) -> z)
 * (the mirrored rule only for an op that is not commutative: matching tries both orders anyway)
 *   involution:   op(op(x)) -> x
 *   idempotent:   op(op(x)) -> op(x) (unary), op(x, x) -> x (binary)
 * Commutativity is not a rule: matching tries both orders and `commute` orders operands.
 *
 * A fact is not trusted blindly: each derived rule is measured on numbers (exactness.ts) and gets
 * the exactness it shows. So `0 * x -> 0` is `finite` (0 * Infinity is NaN) and applies by default
 * only to programs that compute without overflow; `reciprocal(reciprocal(x)) -> x` is exact at 0
 * (protected 1/0 = 0 twice) but off by rounding elsewhere, so it is `real` and off by default. A
 * fact the numbers refute is left out and listed in `refuted`.
 */
import { OPS, type OpSpec } from '../ops/table.ts';
import { measureExactness } from './exactness.ts';
import type { Pattern } from './pattern.ts';
import type { RewriteRule } from './rules.ts';

interface Candidate {
  readonly name: string;
  readonly lhs: Pattern;
  readonly rhs: Pattern;
  readonly why: string;
}

const x: Pattern = { kind: 'var', name: 'x' };
const num = (value: number): Pattern => ({ kind: 'num', value });
const app = (op: OpSpec, ...args: Pattern[]): Pattern => ({ kind: 'app', op: op.name, args });

function candidates(op: OpSpec): Candidate[] {
  const out: Candidate[] = [];
  const f = op.facts;
  if (f.identity && op.arity === 2) {
    const e = f.identity.value;
    out.push({ name: `identity:${op.name}`, lhs: app(op, x, num(e)), rhs: x, why: `${e} is the identity of ${op.name}` });
    if (f.identity.side === 'both' && !f.commutative) out.push({ name: `identity:${op.name}:left`, lhs: app(op, num(e), x), rhs: x, why: `${e} is the identity of ${op.name}` });
  }
  if (f.absorbing !== undefined && op.arity === 2) {
    const z = f.absorbing;
    out.push({ name: `absorbing:${op.name}`, lhs: app(op, x, num(z)), rhs: num(z), why: `${z} absorbs ${op.name} (for finite operands)` });
    if (!f.commutative) out.push({ name: `absorbing:${op.name}:left`, lhs: app(op, num(z), x), rhs: num(z), why: `${z} absorbs ${op.name} (for finite operands)` });
  }
  if (f.involution && op.arity === 1) out.push({ name: `involution:${op.name}`, lhs: app(op, app(op, x)), rhs: x, why: `${op.name} undoes itself` });
  if (f.idempotent && op.arity === 1) out.push({ name: `idempotent:${op.name}`, lhs: app(op, app(op, x)), rhs: app(op, x), why: `${op.name} applied twice is ${op.name} once` });
  if (f.idempotent && op.arity === 2) out.push({ name: `idempotent:${op.name}`, lhs: app(op, x, x), rhs: x, why: `${op.name}(x, x) = x` });
  return out;
}

export interface FactRules {
  readonly rules: readonly RewriteRule[];
  /** Facts whose rule the numbers contradict (a bug in the op table). */
  readonly refuted: readonly string[];
}

let cached: FactRules | undefined;

/** The rules implied by the op table's facts, each with its measured exactness. */
export function factRules(): FactRules {
  if (cached) return cached;
  const rules: RewriteRule[] = [];
  const refuted: string[] = [];
  for (const op of OPS) {
    for (const c of candidates(op)) {
      const exactness = measureExactness(c.lhs, c.rhs);
      if (exactness === 'refuted') refuted.push(c.name);
      else rules.push({ ...c, exactness });
    }
  }
  cached = { rules, refuted };
  return cached;
}
