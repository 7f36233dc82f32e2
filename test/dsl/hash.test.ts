import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/dsl/fingerprint.ts';
import { structuralHash } from '../../src/dsl/hash.ts';
import { getOp } from '../../src/dsl/ops/table.ts';
import { lit, named, program, statement as s, v, withBody } from '../../src/dsl/program.ts';
import type { Program } from '../../src/dsl/program.ts';
import { arbitraryAnyProgram, arbitraryProgram, arbitraryRenamed, arbitraryWithDeadStatements } from '../support/arbitrary.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';

/** The AdamW seed, exactly as ANCHORS.md writes it. */
const adamw: Program = loadSeed('adamw');

const fn = (...body: ReturnType<typeof s>[]): Program => program('function', body, ['y']);

/** `p` with the operands of every commutative op reversed. */
function commuted(p: Program): Program {
  return withBody(p, p.body.map((st) => (getOp(st.op).facts.commutative ? s(st.target, st.op, [...st.args].reverse()) : st)));
}

describe('structuralHash', () => {
  it('is 16 hex digits and deterministic', () => {
    expect(structuralHash(adamw)).toMatch(/^[0-9a-f]{16}$/);
    expect(structuralHash(adamw)).toBe(structuralHash(program('optimizer', [...adamw.body], [...adamw.outputs])));
  });

  it('is stable: stored hashes (journals, caches) stay valid across runs and processes', () => {
    // If this changes on purpose, every stored hash is invalidated: say so in the change.
    expect(structuralHash(adamw)).toBe('807838c5e57d575c');
    expect(structuralHash(fn(s('y', 'exp2', [v('x')])))).toBe('395b3de465c08bb5');
  });

  it('is invariant under consistent renaming of non-input variables', () => {
    fc.assert(
      fc.property(
        arbitraryAnyProgram().chain((p) => fc.tuple(fc.constant(p), arbitraryRenamed(p))),
        ([p, renamed]) => {
          expect(structuralHash(renamed)).toBe(structuralHash(p));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is invariant under inserted dead statements', () => {
    fc.assert(
      fc.property(
        arbitraryAnyProgram().chain((p) => fc.tuple(fc.constant(p), arbitraryWithDeadStatements(p))),
        ([p, padded]) => {
          expect(structuralHash(padded)).toBe(structuralHash(p));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is invariant under swapping the operands of commutative ops', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram(), (p) => {
        expect(structuralHash(commuted(p))).toBe(structuralHash(p));
      }),
      { numRuns: 500 },
    );
  });

  it('equal hashes mean equal behaviour: no collision between different functions in a large sample', () => {
    const seen = new Map<string, string>();
    const programs = fc.sample(arbitraryAnyProgram({ maxStatements: 8 }), { numRuns: 3000, seed: 7 });
    let distinct = 0;
    for (const p of programs) {
      const h = structuralHash(p);
      const f = fingerprint(p);
      const before = seen.get(h);
      if (before === undefined) {
        seen.set(h, f);
        distinct++;
      } else expect(before, `hash ${h} shared by programs that behave differently`).toBe(f);
    }
    expect(distinct).toBeGreaterThan(1000);
  });

  it('ignores a statement whose result is overwritten before it is read', () => {
    const plain = fn(s('y', 'exp', [v('x')]));
    const overwritten = fn(s('y', 'sin', [v('x')]), s('y', 'exp', [v('x')]));
    expect(structuralHash(overwritten)).toBe(structuralHash(plain));
  });

  it('reads through reassigned inputs: the same DAG written differently hashes the same', () => {
    const a = fn(s('x', 'exp', [v('x')]), s('y', 'add', [v('x'), lit(1)]));
    const b = fn(s('t0', 'exp', [v('x')]), s('y', 'add', [lit(1), v('t0')]));
    expect(structuralHash(a)).toBe(structuralHash(b));
  });

  it('changes when a literal, op, input, constant or output order changes', () => {
    const base = structuralHash(adamw);
    const replace = (target: string, st: ReturnType<typeof s>): Program => withBody(adamw, adamw.body.map((x) => (x.target === target ? st : x)));
    const variants: Program[] = [
      replace('m', s('m', 'interp', [v('g'), v('m'), lit(0.9000000000000001)])),
      replace('sqrt_v', s('sqrt_v', 'cbrt', [v('v')])),
      replace('wd', s('wd', 'mul', [v('g'), lit(0.01)])),
      replace('m', s('m', 'interp', [v('m'), v('g'), lit(0.9)])), // interp is not commutative
      program('optimizer', adamw.body, ['update', 'v', 'm']),
    ];
    const hashes = variants.map(structuralHash);
    for (const h of hashes) expect(h).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);

    expect(structuralHash(fn(s('y', 'mul', [v('x'), lit(0)])))).not.toBe(structuralHash(fn(s('y', 'mul', [v('x'), lit(-0)]))));
    expect(structuralHash(fn(s('y', 'add', [v('x'), named('pi')])))).not.toBe(structuralHash(fn(s('y', 'add', [v('x'), lit(Math.PI)]))));
    expect(structuralHash(fn(s('y', 'add', [v('x'), named('pi')])))).not.toBe(structuralHash(fn(s('y', 'add', [v('x'), named('e')]))));
    expect(structuralHash(fn(s('y', 'sub', [v('x'), lit(1)])))).not.toBe(structuralHash(fn(s('y', 'sub', [lit(1), v('x')]))));
    expect(structuralHash(program('function', [], ['x']))).not.toBe(structuralHash(fn(s('y', 'add', [v('x'), lit(0)]))));
  });

  it('changes when a literal on the path to an output changes (property)', () => {
    fc.assert(
      fc.property(arbitraryProgram('function'), fc.double({ noNaN: true, min: 1e-6, max: 1e6 }), (p, value) => {
        const ending = (c: number): Program => program('function', [...p.body, s('y', 'add', [v(p.outputs[0]), lit(c)])], ['y']);
        expect(structuralHash(ending(value))).not.toBe(structuralHash(ending(value * 2)));
      }),
      { numRuns: 300 },
    );
  });

  it('throws for a program that reads a variable before assigning it', () => {
    expect(() => structuralHash(fn(s('y', 'add', [v('z'), v('x')])))).toThrow(/reads 'z' before it is assigned/);
  });
});
