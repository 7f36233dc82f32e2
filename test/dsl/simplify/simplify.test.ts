import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { printProgram } from '../../../src/dsl/print.ts';
import type { Program } from '../../../src/dsl/program.ts';
import { simplify } from '../../../src/dsl/simplify/simplify.ts';
import { isValid } from '../../../src/dsl/validate.ts';
import { arbitraryAnyProgram, arbitraryProgram, arbitraryWithDeadStatements } from '../../support/arbitrary.ts';
import { arbitraryRun, computesInRange, observe, type Run, sameObservations } from './equivalence.ts';
import { arbitraryRewriteRichProgram } from './rewrite-rich.ts';

const indent = (body: string): string => body.trim().split('\n').map((l) => `  ${l.trim()}\n`).join('');
const fn = (body: string): Program => parseProgram(`def f(x):\n${indent(body)}  return y\n`);
const opt = (body: string): Program => parseProgram(`def train(w, g, m, v, lr):\n${indent(body)}  return update, m, v\n`);
const text = (p: Program): string => printProgram(p).split('\n').slice(1, -1).map((l) => l.trim()).join('\n');
const simplified = (p: Program, options?: Parameters<typeof simplify>[1]): string => text(simplify(p, options).program);

const specialDoubles = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-310, 1e308, 0.5),
);
const moderateDoubles = fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, 1, -1, 0.5, 2));

/** Programs from the shared generator, and programs in which rewrites fire often. */
const programs = fc.oneof(arbitraryAnyProgram(), arbitraryRewriteRichProgram('function'), arbitraryRewriteRichProgram('optimizer'));

describe('simplify: properties over generated programs', () => {
  it('at level bitwise computes exactly what the program computes, on any input, and is never longer', () => {
    fc.assert(
      fc.property(programs.chain((p) => fc.tuple(fc.constant(p), fc.array(arbitraryRun(p.domain, specialDoubles), { minLength: 4, maxLength: 4 }))), ([p, runs]) => {
        const s = simplify(p, { level: 'bitwise', fold: false }).program;
        expect(isValid(s)).toBe(true);
        expect(s.body.length).toBeLessThanOrEqual(p.body.length);
        for (const run of runs) expect(sameObservations(observe(s, run), observe(p, run))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('at the default level computes what the program computes wherever it neither overflows nor underflows', () => {
    let compared = 0;
    fc.assert(
      fc.property(programs.chain((p) => fc.tuple(fc.constant(p), fc.array(arbitraryRun(p.domain, moderateDoubles), { minLength: 6, maxLength: 6 }))), ([p, runs]) => {
        const s = simplify(p).program;
        expect(isValid(s)).toBe(true);
        expect(s.body.length).toBeLessThanOrEqual(p.body.length);
        for (const run of runs as Run[]) {
          if (!computesInRange(p, run)) continue;
          compared++;
          expect(sameObservations(observe(s, run), observe(p, run))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  it('removes every inserted dead statement', () => {
    fc.assert(
      fc.property(
        arbitraryProgram('function', { maxStatements: 6 }).chain((p) => fc.tuple(fc.constant(p), arbitraryWithDeadStatements(p))),
        ([p, withDead]) => {
          expect(simplify(withDead).program.body.length).toBeLessThanOrEqual(simplify(p).program.body.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is a fixed point: simplifying twice changes nothing more', () => {
    fc.assert(
      fc.property(programs, (p) => {
        const once = simplify(p).program;
        const twice = simplify(once);
        expect(twice.program.body.length).toBe(once.body.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('simplify: passes', () => {
  it('drops statements whose value never reaches an output, and statements overwritten before use', () => {
    const r = simplify(fn('a = exp(x)\nb = sin(x)\nb = cos(x)\ny = a + b'));
    expect(text(r.program)).toBe('a = exp(x)\nb = cos(x)\ny = a + b\nreturn y');
    expect(r.steps).toEqual([expect.objectContaining({ rule: 'dead-code', line: 2, before: 'b = sin(x)', after: '(removed)' })]);
  });

  it('folds constant statements in f64, named constants included', () => {
    const r = simplify(fn('c = pi * 2\nd = c + 1\ny = x * d'));
    expect(text(r.program)).toBe(`y = x * ${String(Math.PI * 2 + 1)}\nreturn y`);
    expect(r.steps.filter((s) => s.rule === 'fold')).toHaveLength(2);
  });

  it('does not fold a constant statement whose value is not finite (the program stays invalid)', () => {
    expect(simplified(fn('c = arcsin(2)\ny = c + x'))).toBe('c = arcsin(2)\ny = c + x\nreturn y');
  });

  it('propagates copies: after x * 1 -> x, readers read x', () => {
    const r = simplify(fn('a = x * 1\nb = a + 0\ny = sin(b)'));
    expect(text(r.program)).toBe('y = sin(x)\nreturn y');
    expect(r.steps.map((s) => s.rule)).toEqual(['identity:mul', 'identity:add']);
    expect(r.steps[0].after).toBe('a is x (copy propagated)');
  });

  it('returns an input directly when an output becomes a copy of it', () => {
    expect(simplified(fn('y = x * 1'))).toBe('return x');
    expect(simplified(opt('update = g * 1'))).toBe('return g, m, v');
  });

  it('writes a copy statement when an output becomes a constant', () => {
    expect(simplified(fn('y = 2 * 3'))).toBe('y = 6 + 0\nreturn y');
  });

  it('eliminates common subexpressions, commutative operands in either order', () => {
    const r = simplify(fn('a = x * 3\nb = 3 * x\ny = a - b'));
    // a - a is 0 (finite), so everything folds away at the default level; bitwise keeps the subtraction.
    expect(text(simplify(fn('a = x * 3\nb = 3 * x\ny = a - b'), { level: 'bitwise' }).program)).toBe('a = x * 3\ny = a - a\nreturn y');
    expect(r.steps.map((s) => s.rule)).toContain('cse');
  });

  it('orders commutative operands canonically: variables, then constants, then literals', () => {
    expect(simplified(fn('a = 0.5 * x\nb = pi * a\ny = max(2, b)'))).toBe('a = x * 0.5\nb = a * pi\ny = max(b, 2)\nreturn y');
  });

  it('applies involution (negative) and idempotence (abs, sign, max)', () => {
    expect(simplified(fn('a = -x\ny = -a'))).toBe('return x');
    expect(simplified(fn('a = abs(x)\ny = abs(a)'))).toBe('y = abs(x)\nreturn y');
    expect(simplified(fn('a = sign(x)\ny = sign(a)'))).toBe('y = sign(x)\nreturn y');
    expect(simplified(fn('a = exp(x)\ny = max(a, a)'))).toBe('y = exp(x)\nreturn y');
  });

  it('keeps reciprocal(reciprocal(x)) unless asked for real-number rewrites: rounding makes it inexact', () => {
    const p = fn('a = reciprocal(x)\ny = reciprocal(a)');
    expect(simplify(p).program.body).toHaveLength(2);
    expect(simplified(p, { level: 'real' })).toBe('return x');
  });

  it('rewrites 0 * x to 0 only at the default level (it is NaN for infinite x)', () => {
    const p = fn('a = exp(x)\ny = a * 0');
    expect(simplified(p)).toBe('y = 0 + 0\nreturn y');
    expect(simplified(p, { level: 'bitwise' })).toBe('a = exp(x)\ny = a * 0\nreturn y');
  });

  it('renames a value rather than clobber one still needed', () => {
    // After copy propagation `y` would need the name `x` while the input x is still read.
    const p = fn('a = x * 1\nx = sin(x)\ny = a + x');
    const s = simplify(p).program;
    expect(text(s)).toBe('x_2 = sin(x)\ny = x_2 + x\nreturn y');
  });
});

describe('simplify: the Lion search program (ANCHORS.md)', () => {
  const lion = parseProgram(readFileSync(new URL('./fixtures/lion-search.sym', import.meta.url), 'utf8'), 'lion-search.sym');

  it('loses the dead cosh and turns m / sqrt(m*m) into sign(m)', () => {
    const r = simplify(lion);
    expect(printProgram(r.program)).toBe(
      [
        'def train(w, g, m, v, lr):',
        '  g = clip(g, lr)',
        '  g = arcsin(g)',
        '  m = interp(g, v, 0.899)',
        '  v = interp(g, m, 1.109)',
        '  update = sign(m)',
        '  wd = w * 0.4602',
        '  update = update + wd',
        '  lr = lr * 0.0002',
        '  update = update * lr',
        '  return update, m, v',
        '',
      ].join('\n'),
    );
    expect(r.steps.map((s) => `${s.line} ${s.rule}`)).toEqual(['4 dead-code', '6 dead-code', '7 lion-sign', '11 unused-state']);
  });

  it('keeps the sequence of updates exactly', () => {
    const simplifiedLion = simplify(lion).program;
    fc.assert(
      fc.property(arbitraryRun('optimizer', fc.double({ min: -0.5, max: 0.5, noNaN: true })), (run) => {
        const small = run.map((point) => ({ ...point, lr: Math.abs(point.lr) + 0.01 }));
        if (!computesInRange(lion, small)) return;
        expect(sameObservations(observe(simplifiedLion, small), observe(lion, small))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
