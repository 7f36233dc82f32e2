import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { startSearch } from '../../src/evolve/run.ts';
import { defaultSettings, spaceFor } from '../evolve/support/spaces.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from '../evolve/support/toy-evaluator.ts';
import { lastSegment } from '../run/support/journal-files.ts';
const loadCheckpoint = (dir: string) => RunDirectory.open(dir).checkpoint();

const BIN = join(import.meta.dirname, '../../bin/symdisc.js');
const symdisc = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

let dir = '';

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'symdisc-inspect-')), 'run');
  await startSearch({
    space: spaceFor('function'),
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
  it('prints the front as JSON: cost, error, PySR score, hash, candidate, program, display', () => {
    const r = symdisc('inspect', dir, '--json');
    expect(r.status).toBe(0);
    const { front: rows } = JSON.parse(r.stdout) as { front: { cost: number; error: number; hash: string; program: string; display: string }[] };
    const archive = loadCheckpoint(dir)?.state.archive ?? [];
    expect(rows).toEqual(archive.map((e) => ({ cost: e.cost, error: e.score, pysrScore: expect.any(Number), hash: e.hash, candidate: e.candidate, program: e.program, display: e.display })));
    // The toy task is unknown to the registry: displayed in f64, and no statement of constants alone.
    for (const row of rows) expect(row.display).not.toMatch(/= [-0-9.e]+ [-+*\/] [-0-9.e]+$/m);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('prints a table and the counters', () => {
    const r = symdisc('inspect', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/programs on the front \(error = maxAbsError\)/);
    expect(r.stdout).toMatch(/cost\s+error\s+pysr\s+hash\s+program/);
    expect(r.stdout).toMatch(/cache hits/);
  });

  it('ends quietly when its reader closes the pipe early (`| head`): exit 0, no stack trace', () => {
    // `true` exits without reading, so the first write finds the pipe closed (EPIPE).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" inspect "${dir}" | true; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('status 0');
  });

  it('rejects a directory that is not a run and unknown flags with one line, exit 2', () => {
    const notRun = symdisc('inspect', tmpdir());
    expect(notRun.status).toBe(2);
    expect(notRun.stderr.trim().split('\n')).toHaveLength(1);
    expect(notRun.stderr).toMatch(/not a run directory/);
    const badFlag = symdisc('inspect', dir, '--jsn');
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown option '--jsn'; options: --json, --top, --lineage/);
  });
});

describe('symdisc inspect: summary, --top, --lineage, a run being written', () => {
  it('prints the summary: task, seed, backend, evaluations, rates, best', () => {
    const r = symdisc('inspect', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fn:toy-exp2 {2}run \S+ {2}seed 1 {2}nsga2\n {2}backend {3}toy\n {2}evals {5}\d+ of 200 evaluated, \d+ candidates, cache hits [\d.]+%/);
    expect(r.stdout).toMatch(/\n {2}speed {5}[\d.]+ evals\/s, elapsed \d+:\d\d/);
    expect(r.stdout).toMatch(/\n {2}best {6}error \S+ \(maxAbsError\) at cost \d+, hash [0-9a-f]{16}/);
  });

  it('keeps the N best entries with --top N', () => {
    const all = (JSON.parse(symdisc('inspect', dir, '--json').stdout) as { front: { error: number }[] }).front;
    const top = (JSON.parse(symdisc('inspect', dir, '--json', '--top', '1').stdout) as { front: { error: number }[] }).front;
    expect(top).toEqual([all.reduce((b, e) => (e.error < b.error ? e : b))]);
    expect(symdisc('inspect', dir, '--top', '0').stderr).toMatch(/--top must be an integer >= 1, got '0'/);
  });

  it('prints the lineage of a program by hash prefix, as text and JSON', () => {
    const best = (JSON.parse(symdisc('inspect', dir, '--json').stdout) as { summary: { best: { hash: string } } }).summary.best;
    const text = symdisc('inspect', dir, '--lineage', best.hash.slice(0, 8));
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^lineage of ${best.hash} \\(candidate \\d+\\): \\d+ generations from a seed\\n`));
    expect(text.stdout).toMatch(/\n\s+0\s+\d+\s+seed\s/);
    const { lineage } = JSON.parse(symdisc('inspect', dir, '--lineage', best.hash, '--json').stdout) as { lineage: { steps: { hash: string; mutation: string }[] } };
    expect(lineage.steps.at(-1)?.hash).toBe(best.hash);
    expect(lineage.steps[0].mutation).toBe('seed');
    for (const [arg, message] of [
      ['xyz', /--lineage needs a program hash/],
      ['0123456789abcdef', /no program with hash '0123456789abcdef'/],
    ] as const) {
      const r = symdisc('inspect', dir, '--lineage', arg);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('reads a run whose journal ends in a torn line (killed mid-write)', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'symdisc-inspect-torn-')), 'run');
    cpSync(dir, copy, { recursive: true });
    appendFileSync(lastSegment(copy), Buffer.alloc(18, 7)); // a record header and part of its body
    const r = symdisc('inspect', copy);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/status {4}\w+, torn journal tail of 18 bytes ignored/);
  });
});
