import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { printProgram } from '../../../src/dsl/print.ts';
import { simplify } from '../../../src/dsl/simplify/simplify.ts';
import { unobservedStateOutputs } from '../../../src/dsl/simplify/unused-state.ts';
import { buildGraph } from '../../../src/dsl/simplify/value-graph.ts';
import { arbitraryRun, observe, sameObservations } from './equivalence.ts';

const opt = (body: string, ret = 'update, m, v') => parseProgram(`def train(w, g, m, v, lr):\n${body.trim().split('\n').map((l) => `  ${l.trim()}\n`).join('')}  return ${ret}\n`);

describe('unused optimizer state', () => {
  it('finds a state the program overwrites before reading', () => {
    expect(unobservedStateOutputs(buildGraph(opt('m = g * 2\nv = m * m\nupdate = v * lr')))).toEqual([1, 2]);
  });

  it('keeps a state read through another state (v reads m, update reads v)', () => {
    expect(unobservedStateOutputs(buildGraph(opt('m2 = interp(g, m, 0.9)\nv = interp(m, v, 0.5)\nupdate = v * lr\nm = m2 + 0')))).toEqual([]);
  });

  it('drops the statements computing only an unread state, and keeps every update', () => {
    const p = opt('m = g * 2\nupdate = m * lr\nm = cosh(update)\nv = exp(m)');
    const s = simplify(p).program;
    expect(printProgram(s)).toBe('def train(w, g, m, v, lr):\n  m = g * 2\n  update = m * lr\n  return update, m, v\n');
    fc.assert(
      fc.property(arbitraryRun('optimizer', fc.double({ min: -5, max: 5, noNaN: true })), (run) => {
        expect(sameObservations(observe(s, run), observe(p, run))).toBe(true);
      }),
    );
  });

  it('changes nothing for a function', () => {
    const p = parseProgram('def f(x):\n  y = exp(x)\n  return y\n');
    expect(unobservedStateOutputs(buildGraph(p))).toEqual([]);
  });
});
