/**
 * Test support: programs the export tests run, built from the op table so that every op is
 * exported and run (a new op is covered automatically), plus the optimizers users know.
 */
import { readFileSync } from 'node:fs';
import { OPS } from '../../../../src/dsl/ops/table.ts';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { lit, named, type Operand, type Program, program, type Statement, statement, v } from '../../../../src/dsl/program.ts';

/**
 * A function using every op once, each on x or on x and literals (defined for every x in
 * [-0.9, -0.1] and [0.1, 0.9]), the results summed into y; named constants through a term of its own.
 */
export function allOpsFunction(): Program {
  const body: Statement[] = [];
  const terms: string[] = [];
  const extra: readonly Operand[] = [lit(0.375), lit(-0.625)];
  for (const op of OPS) {
    if (op.arity === 0) continue;
    const target = `t_${op.name}`;
    body.push(statement(target, op.name, [v('x'), ...extra.slice(0, op.arity - 1)]));
    terms.push(target);
  }
  body.push(statement('k', 'mul', [v('x'), named('pi')]), statement('k', 'add', [v('k'), named('e')]), statement('k', 'add', [v('k'), named('eps')]));
  terms.push('k');
  body.push(statement('y', 'add', [v(terms[0]), v(terms[1])]));
  for (const t of terms.slice(2)) body.push(statement('y', 'add', [v('y'), v(t)]));
  return program('function', body, ['y']);
}

/** Sample points of `allOpsFunction` (and the small functions): both signs, away from 0. */
export const FUNCTION_POINTS: readonly number[] = Array.from({ length: 41 }, (_, i) => {
  const x = 0.1 + (0.8 * i) / 40;
  return i % 2 === 0 ? x : -x;
});

/** A small function for the inline snapshots. */
export const SMALL_FUNCTION = parseProgram('def f(x):\n  a = x * -0.5\n  b = exp2(a)\n  y = fma(b, x, 0.25)\n  return y\n', 'small.sym');

/** A small optimizer (momentum SGD with bias correction, reads t) for the inline snapshots. */
export const SMALL_OPTIMIZER = parseProgram('def train(w, g, m, v, lr):\n  m = interp(g, m, 0.9)\n  b = power(0.9, t)\n  b = 1 - b\n  update = m / b\n  update = update * lr\n  return update, m, v\n', 'momentum.sym');

/** AdamW as ANCHORS.md writes it. */
export const ADAMW = parseProgram(
  'def train(w, g, m, v, lr):\n  g2 = square(g)\n  m = interp(g, m, 0.9)\n  v = interp(g2, v, 0.999)\n  sqrt_v = sqrt(v)\n  update = m / sqrt_v\n  wd = w * 0.01\n  update = update + wd\n  lr = lr * 0.001\n  update = update * lr\n  return update, m, v\n',
  'adamw.sym',
);

/** The Lion search's program (ANCHORS.md). */
export const LION_SEARCH = parseProgram(readFileSync(new URL('../../simplify/fixtures/lion-search.sym', import.meta.url), 'utf8'), 'lion-search.sym');

/** An optimizer applying every unary op to a scaled gradient (|s| <= 0.45, s != 0), summed, times lr. */
export function allOpsOptimizer(): Program {
  const body: Statement[] = [statement('s', 'mul', [v('g'), lit(0.5)])];
  const terms: string[] = [];
  for (const op of OPS) {
    if (op.arity === 0) continue;
    const target = `u_${op.name}`;
    const args: Operand[] = [v('s'), v('m'), lit(0.25)].slice(0, op.arity);
    body.push(statement(target, op.name, args));
    terms.push(target);
  }
  body.push(statement('update', 'add', [v(terms[0]), v(terms[1])]));
  for (const t of terms.slice(2)) body.push(statement('update', 'add', [v('update'), v(t)]));
  body.push(statement('tt', 'mul', [v('t'), lit(0.001)]), statement('update', 'add', [v('update'), v('tt')]));
  body.push(statement('update', 'mul', [v('update'), v('lr')]));
  body.push(statement('m', 'interp', [v('g'), v('m'), lit(0.9)]), statement('v', 'interp', [v('s'), v('v'), lit(0.5)]));
  return program('optimizer', body, ['update', 'm', 'v']);
}

/** Gradients per step for optimizer runs: |g| in [0.2, 0.9], both signs, per parameter. */
export function gradients(steps: number, n: number): number[][] {
  return Array.from({ length: steps }, (_, s) => Array.from({ length: n }, (_, i) => {
    const x = 0.2 + 0.7 * (((i * 7 + s * 13) % 17) / 16);
    return (i + s) % 3 === 0 ? -x : x;
  }));
}
