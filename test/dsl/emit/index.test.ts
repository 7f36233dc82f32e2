import { describe, expect, it } from 'vitest';
import { EXPORT_TARGETS, ExportError, exportProgram, exportTargetsFor } from '../../../src/dsl/emit/index.ts';
import { SMALL_FUNCTION, SMALL_OPTIMIZER } from './support/programs.ts';

describe('exportProgram', () => {
  it('exports an optimizer to every target and a function to every target but optax', () => {
    expect(exportTargetsFor('optimizer')).toEqual(EXPORT_TARGETS);
    expect(exportTargetsFor('function')).not.toContain('optax');
    for (const t of exportTargetsFor('function')) expect(exportProgram(SMALL_FUNCTION, t).length).toBeGreaterThan(0);
    for (const t of exportTargetsFor('optimizer')) expect(exportProgram(SMALL_OPTIMIZER, t).length).toBeGreaterThan(0);
  });

  it('refuses optax for a function, f64 WGSL and a name that is not an identifier', () => {
    expect(() => exportProgram(SMALL_FUNCTION, 'optax')).toThrow(ExportError);
    expect(() => exportProgram(SMALL_FUNCTION, 'optax')).toThrow(/exports optimizers only/);
    expect(() => exportProgram(SMALL_FUNCTION, 'wgsl', { precision: 'f64' })).toThrow(/WGSL has no f64/);
    expect(() => exportProgram(SMALL_FUNCTION, 'c', { name: 'x; system("rm")' })).toThrow(/not an identifier/);
    expect(() => exportProgram(SMALL_FUNCTION, 'c', { name: 'double' })).toThrow(/keyword/);
  });

  it('uses the requested name', () => {
    expect(exportProgram(SMALL_FUNCTION, 'c', { name: 'exp2_approx' })).toContain('double exp2_approx(double x)');
    expect(exportProgram(SMALL_OPTIMIZER, 'pytorch', { name: 'Momentum' })).toContain('class Momentum(torch.optim.Optimizer):');
  });
});
