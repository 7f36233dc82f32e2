import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/dsl/parse.ts';
import { getTask } from '../../src/eval/tasks/registry.ts';
import { makeVocabulary } from '../../src/evolve/vocabulary.ts';
import { WarmStartError, resolveWarmStart } from '../../src/evolve/warm-start.ts';

const opsOf = (text: string): string[] => parseProgram(text).body.map((s) => s.op);

describe('resolveWarmStart under --ops', () => {
  const task = getTask('fn:exp2');
  const space = task.searchSpace;

  it('keeps only the default programs within the ops (the rational and powered forms divide: left out)', () => {
    const all = resolveWarmStart(undefined, 'function', '1', space.warmStart, makeVocabulary(space.vocabulary));
    expect(all.programs.some((t) => opsOf(t).includes('div'))).toBe(true);
    const ops = ['add', 'mul', 'fma'];
    const restricted = resolveWarmStart(undefined, 'function', '1', space.warmStart, makeVocabulary(space.vocabulary, { ops }), ops);
    expect(restricted.programs.length).toBeGreaterThan(3);
    for (const t of restricted.programs) expect(opsOf(t).every((op) => ops.includes(op)), t).toBe(true);
  });

  it('fills in random programs when no default program is within the ops', () => {
    const ops = ['sin'];
    const r = resolveWarmStart(undefined, 'function', '1', space.warmStart, makeVocabulary(space.vocabulary, { ops }), ops);
    expect(r.programs.length).toBeGreaterThan(0);
    for (const t of r.programs) expect(opsOf(t).every((op) => op === 'sin'), t).toBe(true);
  });

  it('rejects a named program that uses an op --ops leaves out, naming the op', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'symdisc-warm-')), 'div.sym');
    writeFileSync(file, 'def f(x):\n  y = x / 3\n  return y\n');
    const vocab = makeVocabulary(space.vocabulary, { ops: ['add', 'mul'] });
    expect(() => resolveWarmStart(file, 'function', '1', space.warmStart, vocab, ['add', 'mul'])).toThrow(WarmStartError);
    expect(() => resolveWarmStart(file, 'function', '1', space.warmStart, vocab, ['add', 'mul'])).toThrow(`--warm-start: '${file}' uses div, which --ops leaves out (--ops add,mul)`);
    expect(resolveWarmStart(file, 'function', '1', space.warmStart, vocab).programs).toHaveLength(1);
  });
});
