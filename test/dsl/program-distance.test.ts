import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/dsl/parse.ts';
import { lit, program, statement, v } from '../../src/dsl/program.ts';
import type { Program } from '../../src/dsl/program.ts';
import { lineEditDistance, programDistance } from '../../src/dsl/program-distance.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { arbitraryAnyProgram, arbitraryWithDeadStatements } from '../support/arbitrary.ts';

/**
 * Chains `t0 = x OP c0; t1 = t0 OP c1; ...; y = ...` with positive literals: every statement is
 * live, none folds (each reads the previous value) and no two are equal, so the display leaves
 * them as written and a change to one statement is exactly one changed line.
 */
function chain(ops: readonly ('add' | 'mul' | 'sub')[], values: readonly number[]): Program {
  const body = ops.map((op, i) => statement(i === ops.length - 1 ? 'y' : `t${i}`, op, [v(i === 0 ? 'x' : `t${i - 1}`), lit(values[i])]));
  return program('function', body, ['y']);
}

const arbitraryChain = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    ops: fc.array(fc.constantFrom('add' as const, 'mul' as const, 'sub' as const), { minLength: n, maxLength: n }),
    values: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
    at: fc.nat({ max: n - 1 }),
    change: fc.constantFrom('literal' as const, 'op' as const),
  }),
);

describe('programDistance', () => {
  it('is 0 from a program to itself, and to itself with dead statements added', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram().chain((p) => fc.tuple(fc.constant(p), arbitraryWithDeadStatements(p))), ([p, padded]) => {
        expect(programDistance(p, p)).toBe(0);
        expect(programDistance(p, padded)).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram(), arbitraryAnyProgram(), (a, b) => {
        expect(programDistance(a, b)).toBe(programDistance(b, a));
        expect(programDistance(a, b, 'f32')).toBe(programDistance(b, a, 'f32'));
      }),
      { numRuns: 200 },
    );
  });

  it('is 1 for a change to one statement (a literal or an op)', () => {
    fc.assert(
      fc.property(arbitraryChain, ({ ops, values, at, change }) => {
        const p = chain(ops, values);
        const changedOps = change === 'op' ? ops.map((o, i) => (i === at ? (o === 'mul' ? 'add' : 'mul') : o)) : ops;
        const changedValues = change === 'literal' ? values.map((x, i) => (i === at ? x + 1 : x)) : values;
        expect(programDistance(p, chain(changedOps, changedValues))).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('counts inserted and deleted statements', () => {
    const p = chain(['add', 'mul', 'sub'], [1, 2, 3]);
    const longer = program('function', [...p.body.slice(0, 2), statement('u', 'mul', [v('t1'), lit(5)]), statement('y', 'sub', [v('u'), lit(3)])], ['y']);
    expect(programDistance(p, longer)).toBe(2);
    expect(lineEditDistance(['a', 'b', 'c'], ['a', 'c'])).toBe(1);
    expect(lineEditDistance([], ['a', 'b'])).toBe(2);
  });

  it('puts AdamW without weight decay at 2 from AdamW, and a retuned beta at 1', () => {
    const adamw = loadSeed('adamw');
    const noDecay = parseProgram(['def train(w, g, m, v, lr):', '  g2 = square(g)', '  m = interp(g, m, 0.9)', '  v = interp(g2, v, 0.999)', '  sqrt_v = sqrt(v)', '  update = m / sqrt_v', '  lr = lr * 0.001', '  update = update * lr', '  return update, m, v', ''].join('\n'));
    expect(programDistance(adamw, noDecay)).toBe(2);
    const beta = parseProgram(['def train(w, g, m, v, lr):', '  g2 = square(g)', '  m = interp(g, m, 0.8)', '  v = interp(g2, v, 0.999)', '  sqrt_v = sqrt(v)', '  update = m / sqrt_v', '  wd = w * 0.01', '  update = update + wd', '  lr = lr * 0.001', '  update = update * lr', '  return update, m, v', ''].join('\n'));
    expect(programDistance(adamw, beta)).toBe(1);
    expect(programDistance(adamw, loadSeed('lion'))).toBeGreaterThan(3);
  });
});
