import { describe, expect, it } from 'vitest';
import { exportProgram } from '../../../src/dsl/emit/index.ts';
import { makeNamer, namesUsedByOps } from '../../../src/dsl/emit/identifiers.ts';
import { lit, program, statement, v } from '../../../src/dsl/program.ts';

describe('identifiers in exported code', () => {
  it('keep plain names and rename keywords, library names and duplicates', () => {
    const name = makeNamer('c', ['expf']);
    expect(name('update')).toBe('update');
    expect(name('double')).toBe('double_');
    expect(name('expf')).toBe('expf_');
    expect(name('update')).toBe('update');
    expect(name('double_')).toBe('double__');
    expect(name('bad name;')).toBe('bad_name_');
    expect(name('__x')).toBe('v___x');
  });

  it('know the library names the ops emit, so no variable shadows one', () => {
    const p = program('function', [statement('y', 'exp', [v('x')])], ['y']);
    expect(namesUsedByOps(p, 'c', 'f32')).toContain('expf');
    expect(namesUsedByOps(p, 'numpy', 'f64')).toContain('np');
  });

  it('never copy a program name that would be a keyword or clash with the generated code', () => {
    // Built in code: names the parser accepts but targets reserve.
    const p = program(
      'function',
      [statement('float', 'mul', [v('x'), lit(2)]), statement('np', 'add', [v('float'), lit(1)]), statement('Math', 'sin', [v('np')]), statement('y', 'add', [v('Math'), v('float')])],
      ['y'],
    );
    expect(exportProgram(p, 'c', { precision: 'f32' })).toContain('float_ = (x * 2.0f);');
    expect(exportProgram(p, 'numpy')).toContain('np_ = (float_ + 1.0)');
    expect(exportProgram(p, 'ts')).toContain('const Math_ = Math.sin(np);');
  });
});
