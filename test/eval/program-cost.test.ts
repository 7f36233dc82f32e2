import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/dsl/parse.ts';
import { programCost } from '../../src/eval/program-cost.ts';
import { arbitraryProgram, arbitraryRenamed, arbitraryWithDeadStatements } from '../support/arbitrary.ts';

describe('programCost', () => {
  it('counts live ops, and as interactions only those that depend on an input', () => {
    const p = parseProgram(`def f(x):
  c = exp(2)
  c = c * pi
  dead = sin(x)
  y = x * c
  y = y + 1
  return y
`);
    expect(programCost(p)).toEqual({ cost: 4, interactions: 2, liveOps: 4 });
  });

  it('is unchanged by renaming and by dead statements', () => {
    const pairs = arbitraryProgram('function', { maxStatements: 10 }).chain((p) => fc.tuple(fc.constant(p), fc.oneof(arbitraryRenamed(p), arbitraryWithDeadStatements(p))));
    fc.assert(
      fc.property(pairs, ([p, q]) => {
        expect(programCost(q)).toEqual(programCost(p));
        expect(programCost(p).interactions).toBeLessThanOrEqual(programCost(p).cost);
      }),
    );
  });
});
