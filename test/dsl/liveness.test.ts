import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/dsl/fingerprint.ts';
import { structuralHash } from '../../src/dsl/hash.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { liveStatements, withoutDeadCode } from '../../src/dsl/liveness.ts';

describe('live statements', () => {
  it('finds the statements the outputs depend on, through reassignments', () => {
    const p = parseProgram('def train(w, g, m, v, lr):\n  a = g * 2\n  m = interp(g, m, 0.9)\n  b = m * m\n  update = m * lr\n  a = w + 1\n  return update, m, v\n');
    expect(liveStatements(p)).toEqual([false, true, false, true, false]);
    const q = withoutDeadCode(p);
    expect(q.body).toHaveLength(2);
    expect(structuralHash(q)).toBe(structuralHash(p));
    expect(fingerprint(q)).toBe(fingerprint(p));
  });
});
