import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/dsl/fingerprint.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { literals } from '../../../src/dsl/program.ts';
import type { Program } from '../../../src/dsl/program.ts';
import { loadSeed } from '../../../src/dsl/seeds/index.ts';
import { isValid } from '../../../src/dsl/validate.ts';
import { MUTATIONS, applyMutation, mutate } from '../../../src/evolve/mutate/index.ts';
import type { MutationKind, RetryCounts } from '../../../src/evolve/mutate/index.ts';
import { Rng } from '../../../src/evolve/rng.ts';
import { vocabularyFor } from '../support/spaces.ts';

const SEEDS = ['adamw', 'lion', 'sgd', 'rmsprop', 'exp2_taylor2', 'exp2_taylor5'] as const;

function differences(a: Program, b: Program): { ops: number; operands: number; literalsChanged: number } {
  let ops = 0;
  let operands = 0;
  a.body.forEach((s, i) => {
    const t = b.body[i];
    if (s.op !== t.op) ops++;
    s.args.forEach((x, j) => {
      if (JSON.stringify(x) !== JSON.stringify(t.args[j])) operands++;
    });
  });
  const la = literals(a);
  const lb = literals(b);
  return { ops, operands, literalsChanged: la.filter((x, i) => x !== lb[i]).length };
}

describe('mutate', () => {
  it('always yields a valid child that behaves differently from its parent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.integer(), fc.integer({ min: 1, max: 15 }), (seedName, seed, steps) => {
        let parent = loadSeed(seedName);
        const vocab = vocabularyFor(parent.domain);
        const rng = Rng.fromSeed(seed);
        const retries: RetryCounts = { invalid: 0, identical: 0 };
        for (let i = 0; i < steps; i++) {
          const { program: child, kind } = mutate(parent, rng, vocab, retries);
          expect(isValid(child)).toBe(true);
          if (kind !== 'none') expect(fingerprint(child)).not.toBe(fingerprint(parent));
          expect(child.body.length).toBeLessThanOrEqual(vocab.maxStatements);
          // Function programs stay within the AutoNumerics vocabulary.
          if (parent.domain === 'function') for (const s of child.body) expect(vocab.ops.map((o) => o.name)).toContain(s.op);
          parent = child;
        }
      }),
      { numRuns: 120 },
    );
  });

  it('exercises every kind and counts both kinds of retry', () => {
    const seen = new Set<string>();
    const retries: RetryCounts = { invalid: 0, identical: 0 };
    for (const seedName of SEEDS) {
      const parent = loadSeed(seedName);
      const rng = Rng.fromSeed(seedName);
      for (let i = 0; i < 150; i++) seen.add(mutate(parent, rng, vocabularyFor(parent.domain), retries).kind);
    }
    for (const m of MUTATIONS) expect(seen).toContain(m.kind);
    expect(retries.invalid).toBeGreaterThan(0);
    expect(retries.identical).toBeGreaterThan(0);
  });

  it('is deterministic for a given RNG state', () => {
    const parent = loadSeed('adamw');
    const run = (): string[] => {
      const rng = Rng.fromSeed('same');
      const retries = { invalid: 0, identical: 0 };
      return Array.from({ length: 30 }, () => JSON.stringify(mutate(parent, rng, vocabularyFor('optimizer'), retries).program));
    };
    expect(run()).toEqual(run());
  });

  it('returns the parent, marked none, when no valid different child exists within the attempts', () => {
    const parent = parseProgram('def f(x):\n  y = x * 2\n  return y\n');
    const rng = Rng.fromSeed(1);
    const retries = { invalid: 0, identical: 0 };
    const result = mutate(parent, rng, vocabularyFor('function'), retries, { maxAttempts: 0 });
    expect(result.kind).toBe('none');
    expect(result.program).toBe(parent);
  });
});

describe('mutation operators', () => {
  const cases: [MutationKind, (parent: Program, child: Program) => void][] = [
    ['insert', (p, c) => expect(c.body.length).toBe(p.body.length + 1)],
    ['delete', (p, c) => expect(c.body.length).toBe(p.body.length - 1)],
    [
      'argument',
      (p, c) => {
        expect(c.body.length).toBe(p.body.length);
        expect(differences(p, c).ops).toBe(0);
        expect(differences(p, c).operands).toBeLessThanOrEqual(1);
      },
    ],
    [
      'op',
      (p, c) => {
        expect(c.body.length).toBe(p.body.length);
        expect(differences(p, c).ops).toBe(1);
      },
    ],
    [
      'constant',
      (p, c) => {
        expect(c.body.length).toBe(p.body.length);
        expect(differences(p, c).ops).toBe(0);
        expect(literals(c).length).toBe(literals(p).length);
        expect(differences(p, c).literalsChanged).toBeLessThanOrEqual(1);
      },
    ],
  ];
  for (const [kind, check] of cases) {
    it(`${kind} changes what it says`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...SEEDS), fc.integer(), (seedName, seed) => {
          const parent = loadSeed(seedName);
          const child = applyMutation(kind, parent, Rng.fromSeed(seed), vocabularyFor(parent.domain));
          check(parent, child);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('perturbs constants by a factor 2^N(0,1) or replaces them with N(0,1)', () => {
    const parent = parseProgram('def train(w, g, m, v, lr):\n  update = g * 0.5\n  return update, m, v\n');
    const rng = Rng.fromSeed('perturb');
    const values = Array.from({ length: 400 }, () => literals(applyMutation('constant', parent, rng, vocabularyFor('optimizer')))[0]);
    const ratios = values.map((x) => Math.log2(Math.abs(x / 0.5)));
    // Most draws are multiplicative and within a few octaves; some are fresh N(0,1) values of either sign.
    expect(ratios.filter((r) => Math.abs(r) < 3).length).toBeGreaterThan(300);
    expect(values.some((x) => x < 0)).toBe(true);
  });
});
