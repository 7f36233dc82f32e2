/**
 * Test support: valid programs in which the simplifier's rewrites fire often. The shared
 * generator (test/support/arbitrary.ts) covers every op and literal, so `x * 1`, `sub(a, a)` or
 * `x / sqrt(x*x)` are rare there; here ops come from the rule table's patterns, literals from the
 * identity and absorbing elements, operands favour recent variables (so patterns nest), and targets
 * reuse a few names (so values are overwritten and renaming is exercised).
 */
import fc from 'fast-check';
import { getOp } from '../../../src/dsl/ops/table.ts';
import { lit, named, type Operand, type Program, program, type Statement, statement, v } from '../../../src/dsl/program.ts';
import { type Domain, SIGNATURES } from '../../../src/dsl/signature.ts';

const OPS = ['add', 'sub', 'mul', 'div', 'sqrt', 'square', 'abs', 'sign', 'negative', 'reciprocal', 'max', 'min', 'interp', 'log', 'power', 'exp', 'sin'];
const LITERALS = [0, 1, -1, 2, 0.5, 3];
const NAMES = ['a', 'b', 'c'];

interface Raw {
  readonly op: number;
  readonly target: number;
  readonly args: readonly { readonly kind: number; readonly n: number }[];
}

const raw: fc.Arbitrary<Raw> = fc.record({
  op: fc.nat(),
  target: fc.nat(),
  args: fc.array(fc.record({ kind: fc.nat({ max: 9 }), n: fc.nat() }), { minLength: 3, maxLength: 3 }),
});

export function arbitraryRewriteRichProgram(domain: Domain): fc.Arbitrary<Program> {
  const signature = SIGNATURES[domain];
  return fc.tuple(fc.array(raw, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { minLength: signature.outputs.length, maxLength: signature.outputs.length })).map(([raws, outs]) => {
    const defined: string[] = [...signature.inputs, ...signature.implicit];
    const recent: string[] = [];
    const body: Statement[] = raws.map((r) => {
      const op = getOp(OPS[r.op % OPS.length]);
      const args = r.args.slice(0, op.arity).map((a): Operand => {
        if (a.kind <= 4 && recent.length > 0) return v(recent[recent.length - 1 - (a.n % Math.min(2, recent.length))]);
        if (a.kind <= 6) return v(defined[a.n % defined.length]);
        if (a.kind === 7) return named('pi');
        return lit(LITERALS[a.n % LITERALS.length]);
      });
      const assignable = [...NAMES, ...signature.inputs];
      const target = assignable[r.target % assignable.length];
      if (!defined.includes(target)) defined.push(target);
      recent.push(target);
      return statement(target, op.name, args);
    });
    return program(domain, body, outs.map((n, i) => (i === 0 || n % 2 === 0 ? recent[recent.length - 1 - (n % Math.min(3, recent.length))] : defined[n % defined.length])));
  });
}
