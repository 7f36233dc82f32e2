import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { loadCheckpoint } from '../../src/evolve/checkpoint.ts';
import { startSearch } from '../../src/evolve/run.ts';
import { defaultSettings } from '../../src/evolve/settings.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from '../evolve/support/toy-evaluator.ts';

const BIN = join(import.meta.dirname, '../../bin/symdisc.js');
const symdisc = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

let dir = '';

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'symdisc-inspect-')), 'run');
  await startSearch({
    evaluator: new ToyEvaluator(),
    task: TOY_FUNCTION_TASK.task,
    domain: 'function',
    objectives: TOY_FUNCTION_TASK.objectives,
    seed: '1',
    settings: { ...defaultSettings('function'), population: 20, batchSize: 16 },
    stop: { budget: 200 },
    initial: [printProgram(loadSeed('exp2_taylor3'))],
    warmStart: 'exp2_taylor3',
    out: dir,
    backend: 'toy',
  });
});

describe('symdisc inspect', () => {
  it('prints the front as JSON: cost, error, hash, program', () => {
    const r = symdisc('inspect', dir, '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { cost: number; error: number; hash: string; program: string }[];
    const archive = loadCheckpoint(dir)?.state.archive ?? [];
    expect(rows).toEqual(archive.map((e) => ({ cost: e.cost, error: e.score, hash: e.hash, program: e.program })));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('prints a table and the counters', () => {
    const r = symdisc('inspect', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/programs on the front \(error = maxAbsError\)/);
    expect(r.stdout).toMatch(/cost\s+error\s+program/);
    expect(r.stdout).toMatch(/cache hits/);
  });

  it('rejects a directory that is not a run and unknown flags with one line, exit 2', () => {
    const notRun = symdisc('inspect', tmpdir());
    expect(notRun.status).toBe(2);
    expect(notRun.stderr.trim().split('\n')).toHaveLength(1);
    expect(notRun.stderr).toMatch(/not a run directory/);
    const badFlag = symdisc('inspect', dir, '--jsn');
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown option '--jsn'; options: --json/);
  });
});
