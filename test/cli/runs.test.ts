import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatAge, formatBytes, runsTable } from '../../src/cli/runs.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { startSearch } from '../../src/evolve/run.ts';
import type { StartOptions } from '../../src/evolve/run.ts';
import type { RunListing } from '../../src/run/run-list.ts';
import { defaultSettings, spaceFor } from '../evolve/support/spaces.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from '../evolve/support/toy-evaluator.ts';
import { readCheckpointJson, writeCheckpointJson } from '../support/checkpoint-file.ts';
import { symdiscSync } from '../support/cli.ts';
import type { CliResult } from '../support/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'symdisc-runs-'));

function options(out: string, stop: StartOptions['stop'], signal?: AbortSignal): StartOptions {
  return {
    evaluator: new ToyEvaluator(),
    space: spaceFor('function'),
    task: TOY_FUNCTION_TASK.task,
    domain: 'function',
    objectives: TOY_FUNCTION_TASK.objectives,
    seed: '2',
    settings: { ...defaultSettings('function'), population: 16, batchSize: 8 },
    stop,
    initial: ['exp2_taylor2'].map((s) => printProgram(loadSeed(s))),
    warmStart: 'test',
    out,
    backend: 'toy',
    ...(signal ? { signal } : {}),
  };
}

const symdisc = (...args: string[]): CliResult => symdiscSync(args);

beforeAll(async () => {
  await startSearch(options(join(root, 'finished'), { budget: 40 }));
  const controller = new AbortController();
  await startSearch({ ...options(join(root, 'group', 'stopped'), { budget: 1000 }, controller.signal), onProgress: (p) => p.batch === 2 && controller.abort() });
  await startSearch(options(join(root, 'live'), { budget: 16 }));
  // A session holds this one (this very process, so it is alive).
  writeFileSync(join(root, 'live', 'running.pid'), JSON.stringify({ pid: process.pid }));
  // A kill leaves a lock whose process is gone and a checkpoint without an end: stopped.
  const killed = join(root, 'killed');
  await startSearch(options(killed, { budget: 16 }));
  const { end: _, ...checkpoint } = readCheckpointJson<{ end?: unknown }>(killed);
  writeCheckpointJson(killed, checkpoint);
  writeFileSync(join(killed, 'running.pid'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
});

describe('symdisc runs', () => {
  it('lists every run below DIR with task, status, evaluations, best score, size and age (--json)', () => {
    const r = symdisc('runs', root, '--json');
    expect(r.status).toBe(0);
    const runs = JSON.parse(r.stdout) as RunListing[];
    const by = new Map(runs.map((x) => [x.name, x]));
    expect([...by.keys()].sort()).toEqual(['finished', 'group/stopped', 'killed', 'live']);
    expect(by.get('finished')?.status).toBe('finished');
    expect(by.get('finished')?.end).toBe('budget');
    expect(by.get('finished')?.evaluations).toBe(40);
    expect(by.get('group/stopped')?.status).toBe('stopped');
    expect(by.get('group/stopped')?.end).toBe('interrupted');
    expect(by.get('live')?.status).toBe('running');
    expect(by.get('killed')?.status).toBe('stopped');
    for (const x of runs) {
      expect(x.task).toBe(TOY_FUNCTION_TASK.task.id);
      expect(x.bytes).toBeGreaterThan(1000);
      expect(x.ageMs).toBeGreaterThanOrEqual(0);
      expect(typeof x.best).toBe('number');
    }
  });

  it('prints a table, and one line with exit 2 for a missing directory', () => {
    const r = symdisc('runs', root);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+TASK\s+STATUS\s+EVALS\s+BEST\s+SIZE\s+AGE$/);
    expect(lines).toHaveLength(5);
    expect(r.stdout).toMatch(/finished\s+40\s+error/);
    const bad = symdisc('runs', join(root, 'nope'));
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('formats sizes and ages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatAge(59_000)).toBe('59s');
    expect(formatAge(2 * 3600_000 + 5 * 60_000)).toBe('2h05m');
    expect(formatAge(3 * 86400_000)).toBe('3d0h');
    expect(runsTable([])).toEqual(['RUN  TASK  STATUS  EVALS  BEST  SIZE  AGE']);
  });
});
