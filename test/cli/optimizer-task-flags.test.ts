import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withOptimizerTaskFlags } from '../../src/cli/optimizer-task-flags.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { readJournal } from '../../src/run/journal.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { symdiscSync } from '../support/cli.ts';

const symdisc = (...args: string[]) => symdiscSync(args);

describe('--families and --gain-cap', () => {
  it('set the optimizer task options and refuse function tasks', () => {
    expect(withOptimizerTaskFlags('search', { id: 'opt:suite' }, { families: 'iris,charlm' })).toEqual({ id: 'opt:suite', options: { families: 'iris,charlm' } });
    expect(withOptimizerTaskFlags('search', { id: 'opt:suite', options: { instances: 2 } }, {})).toEqual({ id: 'opt:suite', options: { instances: 2 } });
    expect(withOptimizerTaskFlags('select', { id: 'opt:meta-validation' }, { gainCap: '0.25', families: 'iris' })).toEqual({ id: 'opt:meta-validation', options: { families: 'iris', gainCap: 0.25 } });
    expect(() => withOptimizerTaskFlags('search', { id: 'fn:exp2' }, { families: 'iris' })).toThrow(new UsageError('search: --families applies to optimizer tasks (opt:*), not fn:exp2'));
    expect(() => withOptimizerTaskFlags('search', { id: 'fn:exp2' }, { gainCap: '0.2' })).toThrow(new UsageError('search: --gain-cap applies to optimizer tasks (opt:*), not fn:exp2'));
    for (const bad of ['-0.1', 'big', '']) {
      expect(() => withOptimizerTaskFlags('search', { id: 'opt:suite' }, { gainCap: bad })).toThrow(new UsageError(`search: --gain-cap must be a number >= 0 (log loss ratio; 0 = off), got '${bad}'`));
    }
  });

  it('bad ids: one line naming the family and the known ones, exit 2', () => {
    const r = symdisc('search', '--task', 'opt:suite', '--families', 'iris,cifar', '--budget', '1');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^symdisc: search: --task: task opt:suite: unknown family 'cifar' in families \(families: quadratic, .*charlm, ackley, mlp2\)$/)]);
    const f = symdisc('select', '/nonexistent', '--families', 'iris', '--task', 'fn:exp2');
    expect(f.status).toBe(2);
  });

  it('a search scores on the chosen families only, with the chosen cap, and its run records both', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'symdisc-families-')), 'run');
    const r = symdisc('search', '--task', 'opt:suite', '--families', 'iris', '--gain-cap', '0.2', '--warm-start', 'adamw', '--budget', '8', '--batch', '8', '--hurdle', 'off', '--backend', 'cpu', '--workers', '1', '--no-progress', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(RunDirectory.open(out).config().task).toEqual({ id: 'opt:suite', options: { families: 'iris', gainCap: 0.2 } });
    const evaluated = readJournal(out).filter((e) => e.valid);
    expect(evaluated.length).toBeGreaterThan(0);
    for (const e of evaluated) {
      expect(Object.keys(e.measures).filter((k) => k.startsWith('family.'))).toEqual(['family.iris']);
      const s = e.measures['family.iris'];
      expect(e.score).toBe(Math.fround(s < 0 ? Math.max(s, -0.2 * Math.tanh(-s / 0.2)) : s));
    }
  }, 120_000);
});
