import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFamiliesFlag } from '../../src/cli/families-flag.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { readJournal } from '../../src/run/journal.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { symdiscSync } from '../support/cli.ts';

const symdisc = (...args: string[]) => symdiscSync(args);

describe('--families', () => {
  it('sets the optimizer task option and refuses function tasks', () => {
    expect(withFamiliesFlag('search', { id: 'opt:suite' }, 'iris,charlm')).toEqual({ id: 'opt:suite', options: { families: 'iris,charlm' } });
    expect(withFamiliesFlag('search', { id: 'opt:suite', options: { instances: 2 } }, undefined)).toEqual({ id: 'opt:suite', options: { instances: 2 } });
    expect(() => withFamiliesFlag('search', { id: 'fn:exp2' }, 'iris')).toThrow(new UsageError('search: --families applies to optimizer tasks (opt:*), not fn:exp2'));
  });

  it('bad ids: one line naming the family and the known ones, exit 2', () => {
    const r = symdisc('search', '--task', 'opt:suite', '--families', 'iris,cifar', '--budget', '1');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^symdisc: search: --task: task opt:suite: unknown family 'cifar' in families \(families: quadratic, .*charlm, ackley, mlp2\)$/)]);
    const f = symdisc('select', '/nonexistent', '--families', 'iris', '--task', 'fn:exp2');
    expect(f.status).toBe(2);
  });

  it('a search scores on the chosen families only, and its run records them', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'symdisc-families-')), 'run');
    const r = symdisc('search', '--task', 'opt:suite', '--families', 'iris', '--warm-start', 'adamw', '--budget', '8', '--batch', '8', '--hurdle', 'off', '--backend', 'cpu', '--workers', '1', '--no-progress', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(RunDirectory.open(out).config().task).toEqual({ id: 'opt:suite', options: { families: 'iris' } });
    const evaluated = readJournal(out).filter((e) => e.valid);
    expect(evaluated.length).toBeGreaterThan(0);
    for (const e of evaluated) expect(Object.keys(e.measures).filter((k) => k.startsWith('family.'))).toEqual(['family.iris']);
  }, 120_000);
});
