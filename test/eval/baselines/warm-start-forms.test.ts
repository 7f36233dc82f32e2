import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printProgram } from '../../../src/dsl/print.ts';
import { loadSeed, seedText } from '../../../src/dsl/seeds/index.ts';
import { warmStartForms } from '../../../src/eval/baselines/warm-start-forms.ts';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';
import { makeVocabulary } from '../../../src/evolve/vocabulary.ts';
import { resolveWarmStart } from '../../../src/evolve/warm-start.ts';

describe('warm starts from structure', () => {
  it('start a function search from the odd polynomials of sin, besides the seeds and random programs', () => {
    const task = getTask('fn:sin', { precision: 'f64' }) as FunctionTask;
    const forms = warmStartForms(task);
    expect(forms.some((t) => t.startsWith('def f(x):\n  t = x * x\n'))).toBe(true);
    const space = task.searchSpace;
    expect(space.warmStart.forms?.()).toEqual(forms);
    const warm = resolveWarmStart(undefined, 'function', '1', space.warmStart, makeVocabulary(space.vocabulary));
    for (const t of forms) expect(warm.programs).toContain(t);
    expect(warm.programs).toContain(printProgram(loadSeed('exp2_taylor2')));
    expect(warm.label).toBe('default');
  });

  it('take any program as --warm-start, f10 included, by seed name or file', () => {
    const space = getTask('fn:exp2').searchSpace;
    const vocab = makeVocabulary(space.vocabulary);
    const f10 = printProgram(loadSeed('exp2_f10'));
    expect(resolveWarmStart('exp2_f10', 'function', '1', space.warmStart, vocab).programs).toEqual([f10]);
    const file = join(mkdtempSync(join(tmpdir(), 'symdisc-warm-')), 'f10.sym');
    writeFileSync(file, seedText('exp2_f10'));
    expect(resolveWarmStart(file, 'function', '1', space.warmStart, vocab).programs).toEqual([f10]);
  });
});
