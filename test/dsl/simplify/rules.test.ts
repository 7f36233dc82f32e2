import { describe, expect, it } from 'vitest';
import { interpret } from '../../../src/dsl/interpret.ts';
import { lit, type Operand, program, type Statement, statement, v } from '../../../src/dsl/program.ts';
import { measureExactness, sameNumber } from '../../../src/dsl/simplify/exactness.ts';
import { factRules } from '../../../src/dsl/simplify/fact-rules.ts';
import type { Pattern } from '../../../src/dsl/simplify/pattern.ts';
import { PATTERN_RULES, REWRITE_RULES } from '../../../src/dsl/simplify/rules.ts';
import { simplify } from '../../../src/dsl/simplify/simplify.ts';

/** An optimizer program computing `update = lhs` with pattern variables x, y, z read from g, m, v. */
function programOf(lhs: Pattern) {
  const inputs: Record<string, string> = { x: 'g', y: 'm', z: 'v' };
  const body: Statement[] = [];
  const emit = (p: Pattern): Operand => {
    if (p.kind === 'var') return v(inputs[p.name]);
    if (p.kind === 'num') return lit(p.value);
    const args = p.args.map(emit);
    const target = `t${body.length}`;
    body.push(statement(target, p.op, args));
    return v(target);
  };
  emit(lhs);
  // The root statement computes the update.
  body[body.length - 1] = statement('update', body[body.length - 1].op, body[body.length - 1].args);
  return program('optimizer', body, ['update', 'm', 'v']);
}

describe('rewrite rules', () => {
  it.each(REWRITE_RULES.map((r) => [r.name, r] as const))('%s fires on its own pattern and keeps the value', (_name, rule) => {
    const p = programOf(rule.lhs);
    const r = simplify(p, { level: rule.exactness, fold: false });
    expect(r.steps.map((s) => s.rule)).toContain(rule.name);
    expect(r.program.body.length).toBeLessThanOrEqual(p.body.length);
    const point = { w: 0.25, g: -0.75, m: 0.5, v: 1.5, lr: 0.1, t: 1 };
    const [a] = interpret(p, point, 'f64');
    const [b] = interpret(r.program, point, 'f64');
    if (rule.exactness === 'real') expect(b).toBeCloseTo(a, 12);
    else expect(sameNumber(a, b)).toBe(true); // +0 and -0 count as equal (exactness.ts)
  });

  it.each(PATTERN_RULES.map((r) => [r.name, r] as const))('%s is exactly as exact as the table says', (_name, rule) => {
    expect(measureExactness(rule.lhs, rule.rhs)).toBe(rule.exactness);
  });

  it('has the Lion rewrites and sqrt(square(x)) -> abs(x), sign(sign(x)) -> sign(x)', () => {
    const byName = new Map(REWRITE_RULES.map((r) => [r.name, r]));
    expect(byName.get('lion-sign')).toMatchObject({ exactness: 'finite', rhs: { kind: 'app', op: 'sign' } });
    expect(byName.get('sqrt-of-square')).toMatchObject({ rhs: { kind: 'app', op: 'abs' } });
    expect(byName.get('idempotent:sign')).toMatchObject({ exactness: 'bitwise', rhs: { kind: 'app', op: 'sign' } });
  });

  it('rule names are unique', () => {
    expect(new Set(REWRITE_RULES.map((r) => r.name)).size).toBe(REWRITE_RULES.length);
  });
});

describe('rules from the op table facts', () => {
  it('no fact is refuted by the numbers', () => {
    expect(factRules().refuted).toEqual([]);
  });

  it('measures each fact: identities and involution of negative are bitwise, 0 * x is finite, 1/(1/x) is real', () => {
    const exactness = Object.fromEntries(factRules().rules.map((r) => [r.name, r.exactness]));
    expect(exactness).toMatchObject({
      'identity:add': 'bitwise',
      'identity:sub': 'bitwise',
      'identity:mul': 'bitwise',
      'identity:div': 'bitwise',
      'absorbing:mul': 'finite',
      'involution:negative': 'bitwise',
      'involution:reciprocal': 'real',
      'idempotent:abs': 'bitwise',
      'idempotent:sign': 'bitwise',
      'idempotent:max': 'bitwise',
      'idempotent:min': 'bitwise',
    });
  });

  it('measureExactness refutes a false identity such as power(x, 1) -> x (power is |x|^y)', () => {
    expect(measureExactness({ kind: 'app', op: 'power', args: [{ kind: 'var', name: 'x' }, { kind: 'num', value: 1 }] }, { kind: 'var', name: 'x' })).toBe('refuted');
  });
});
