import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunDirectory } from '../../src/run/run-directory.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('checkpoint file', () => {
  it('reads the uncompressed checkpoint.json of a run written before, and replaces it by a compressed one several times smaller', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'symdisc-checkpoint-')), 'run');
    dirs.push(dir);
    cpSync('results/examples/opt-suite-s1-v2', dir, { recursive: true });
    const run = RunDirectory.open(dir);
    const old = run.checkpoint();
    expect(old?.state.candidates).toBe(1120);
    const before = statSync(join(dir, 'checkpoint.json')).size;
    run.writeCheckpoint(old!.state, old!.journalBytes);
    expect(existsSync(join(dir, 'checkpoint.json'))).toBe(false);
    expect(statSync(join(dir, 'checkpoint.json.br')).size * 4).toBeLessThan(before);
    expect(RunDirectory.open(dir).checkpoint()).toEqual({ version: 1, journalBytes: old!.journalBytes, state: old!.state });
  });
});
