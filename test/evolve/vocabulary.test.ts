import { describe, expect, it } from 'vitest';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { mutate } from '../../src/evolve/mutate/index.ts';
import { Rng } from '../../src/evolve/rng.ts';
import { VocabularyError, makeVocabulary, resolveOps } from '../../src/evolve/vocabulary.ts';
import { spaceFor } from './support/spaces.ts';

describe('makeVocabulary', () => {
  it('resolves the task kinds\' op names against the op table', () => {
    expect(makeVocabulary(spaceFor('function').vocabulary).ops.map((op) => op.name)).toEqual(['add', 'sub', 'mul', 'div', 'sqrt', 'fma', 'mul2', 'div2', 'mul4', 'div4']);
    expect(makeVocabulary(spaceFor('optimizer').vocabulary).ops.length).toBeGreaterThan(30);
  });

  it('draws constants as the distribution says: N(0,1) to 4 digits, or signed log-uniform at full precision', () => {
    const normal = makeVocabulary(spaceFor('optimizer').vocabulary);
    const logUniform = makeVocabulary(spaceFor('function').vocabulary);
    const rng = Rng.fromSeed('constants');
    const a = Array.from({ length: 500 }, () => normal.roundConstant(normal.newConstant(rng)));
    expect(a.every((x) => Number(x.toPrecision(4)) === x)).toBe(true);
    const b = Array.from({ length: 500 }, () => logUniform.newConstant(rng));
    expect(b.every((x) => Math.abs(x) >= 1e-6 && Math.abs(x) < 1e6)).toBe(true);
    expect(b.some((x) => x < 0) && b.some((x) => x > 0)).toBe(true);
    expect(b.some((x) => Math.abs(x) < 1e-3) && b.some((x) => Math.abs(x) > 1e3)).toBe(true);
  });

  it('applies --ops and --max-statements: mutations write only those ops and stop growing there', () => {
    const vocab = makeVocabulary(spaceFor('function').vocabulary, { ops: ['add', 'mul'], maxStatements: 4 });
    const rng = Rng.fromSeed('override');
    const retries = { invalid: 0, identical: 0 };
    let p = loadSeed('exp2_taylor2');
    const before = new Set(p.body.map((s) => s.op));
    for (let i = 0; i < 300; i++) {
      p = mutate(p, rng, vocab, retries).program;
      expect(p.body.length).toBeLessThanOrEqual(Math.max(4, loadSeed('exp2_taylor2').body.length));
      for (const s of p.body) expect(before.has(s.op) || s.op === 'add' || s.op === 'mul', s.op).toBe(true);
    }
  });

  it('rejects an unknown op with a suggestion, a named constant, an empty list and a bad length', () => {
    expect(() => resolveOps(['add', 'sqr'])).toThrow(/^--ops: unknown op 'sqr'; did you mean 'sqrt'\?/);
    expect(() => resolveOps(['pi'])).toThrow(/'pi' is a named constant/);
    expect(() => resolveOps([])).toThrow(VocabularyError);
    expect(() => makeVocabulary(spaceFor('function').vocabulary, { maxStatements: 0 })).toThrow(/--max-statements/);
    expect(resolveOps(['add', 'add', 'mul']).map((op) => op.name)).toEqual(['add', 'mul']);
  });
});
