/**
 * Kill -9 at 20 random moments (checkpoints every batch and small journal segments, so kills land
 * during checkpoint writes and segment rotations too), resume each time: the journal never holds
 * a corrupt record or a duplicate evaluation, a kill loses at most the batch in flight, and the run
 * ends exactly where an uninterrupted run with the same seed ends.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/evolve/cache.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { readJournal, scanJournal } from '../../src/run/journal.ts';
import type { JournalEntry } from '../../src/run/journal-entry.ts';
import { repoRoot, symdiscSync } from '../support/cli.ts';
import type { CliResult } from '../support/cli.ts';
const loadCheckpoint = (dir: string) => RunDirectory.open(dir).checkpoint();

const dir = mkdtempSync(join(tmpdir(), 'symdisc-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Checkpoints after every batch, cheap f64 evaluations. */
const SEARCH = ['--task', 'fn:exp2', '--precision', 'f64', '--validation', '256', '--fit', 'none', '--warm-start', 'exp2_taylor2,exp2_taylor3', '--backend', 'cpu', '--workers', '1', '--budget', '1600', '--batch', '8', '--seed', '11', '--no-progress', '--checkpoint-every', '1ms'];
const CTRL_C_SEARCH = ['--task', 'fn:exp2', '--warm-start', 'exp2_taylor2,exp2_taylor3', '--backend', 'cpu', '--workers', '1', '--budget', '100000', '--batch', '16', '--seed', '11', '--no-progress', '--checkpoint-every', '700ms'];
/** Small segments: a rotation every few batches. */
const ENV = { ...process.env, SYMDISC_SEGMENT_BYTES: '3000' };
const KILLS = 20;

const symdisc = (...args: string[]): CliResult => symdiscSync(args, { env: ENV, timeoutMs: 300_000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Bytes of the journal's segments (0 before the first). */
function journalSize(out: string): number {
  const d = join(out, 'journal');
  return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.seg')).reduce((s, f) => s + statSync(join(d, f)).size, 0) : 0;
}

/** Starts the command, waits until the journal grows, then a random moment more, and kills -9. Resolves to whether it was still running. */
async function runAndKill(args: string[], out: string, rng: () => number): Promise<boolean> {
  const child = spawn(process.execPath, ['bin/symdisc.js', ...args], { cwd: repoRoot, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  const start = journalSize(out);
  const deadline = Date.now() + 60_000;
  // Some kills at start-up (before the first new batch), most while batches, checkpoints and
  // rotations are being written.
  if (rng() < 0.75) while (!exited && journalSize(out) <= start && Date.now() < deadline) await sleep(5);
  await sleep(Math.floor(rng() * 80));
  if (exited) return false;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return true;
}

const decisions = (out: string) => readJournal(out).map(({ evalMs: _, ...rest }) => rest);

/** Complete batches only: a kill may leave a partial last batch, never more. */
function checkBatches(entries: readonly JournalEntry[], batchSizes: Map<number, number>): void {
  const byBatch = new Map<number, number>();
  for (const e of entries) byBatch.set(e.batch, (byBatch.get(e.batch) ?? 0) + 1);
  const batches = [...byBatch.keys()];
  expect(batches).toEqual(batches.map((_, i) => i));
  batches.slice(0, -1).forEach((b) => expect(byBatch.get(b)).toBe(batchSizes.get(b)));
}

describe('symdisc resume after kill -9', () => {
  it('loses at most the batch in flight and ends where an uninterrupted run ends', { timeout: 600_000 }, async () => {
    const straight = join(dir, 'straight');
    const r = symdisc('search', ...SEARCH, '--out', straight);
    expect(r.status).toBe(0);
    const reference = decisions(straight);
    const batchSizes = new Map<number, number>();
    for (const e of reference) batchSizes.set(e.batch, (batchSizes.get(e.batch) ?? 0) + 1);

    const out = join(dir, 'killed');
    const rng = seedrandom('kill moments');
    let kills = 0;
    let first = true;
    for (let attempt = 0; attempt < 2 * KILLS && kills < KILLS; attempt++) {
      const completeBefore = existsSync(out) ? readJournal(out) : [];
      const killed = await runAndKill(first ? ['search', ...SEARCH, '--out', out] : ['resume', out, '--no-progress', '--checkpoint-every', '700ms'], out, rng);
      first = false;
      // No line the journal held before this session was changed or lost, apart from an incomplete last batch.
      const after = existsSync(out) ? readJournal(out) : [];
      const lastBatch = completeBefore.at(-1)?.batch;
      const kept = completeBefore.filter((e) => e.batch !== lastBatch || completeBefore.filter((x) => x.batch === lastBatch).length === batchSizes.get(lastBatch));
      expect(after.slice(0, kept.length)).toEqual(kept);
      checkBatches(after, batchSizes);
      if (!killed) break;
      kills++;
    }
    expect(kills).toBe(KILLS);

    const done = symdisc('resume', out, '--no-progress');
    expect(done.status).toBe(0);
    const final = decisions(out);
    expect(final).toEqual(reference);
    const evaluated = final.filter((e) => !e.cacheHit).map((e) => cacheKey(e.hash, e.fingerprint));
    expect(new Set(evaluated).size).toBe(evaluated.length);
    expect(scanJournal(out, () => {}).tornBytes).toBe(0);
    // Rotations happened (small segments, and every resume starts a new one).
    expect(readdirSync(join(out, 'journal')).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(KILLS);
    const state = (d: string) => ({ ...loadCheckpoint(d)?.state, elapsedMs: 0 });
    expect(state(out)).toEqual(state(straight));
    expect(JSON.parse(readFileSync(join(out, 'front.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(straight, 'front.json'), 'utf8')));
  });

  it('rejects a directory that is not a run with one line, exit 2', () => {
    const r = symdisc('resume', dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`symdisc: resume: ${dir} is not a run directory (no config.json)`]);
  });
});

describe('Ctrl-C', () => {
  async function interrupt(out: string, signals: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const args = CTRL_C_SEARCH;
    const child = spawn(process.execPath, ['bin/symdisc.js', 'search', ...args, '--out', out], { cwd: repoRoot, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let done = false;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => ((done = true), r(code))));
    while (journalSize(out) === 0 && !done) await sleep(20);
    for (let i = 0; i < signals; i++) {
      child.kill('SIGINT');
      // Send the next signal only once this one was handled, so that two signals are never
      // coalesced into one and a slow test runner does not let the clean stop win the race.
      while (i + 1 < signals && !stdout.includes('stopping after the batch in flight') && !done) await sleep(1);
    }
    const code = await exited;
    return { code, stdout, stderr };
  }

  it('first Ctrl-C: stops after the batch in flight, checkpoints, prints how to resume', async () => {
    const out = join(dir, 'ctrl-c');
    const r = await interrupt(out, 1);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('stopping after the batch in flight');
    expect(r.stdout).toContain(`Resume:  symdisc resume ${out}`);
    const journal = readJournal(out);
    expect(scanJournal(out, () => {}).tornBytes).toBe(0);
    // The checkpoint covers every journaled batch: nothing to replay.
    expect(loadCheckpoint(out)?.state.candidates).toBe(journal.length);
    const resumed = symdisc('resume', out, '--budget', String((loadCheckpoint(out)?.state.evaluations ?? 0) + 48), '--no-progress');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/evaluation budget reached/);
  });

  it('second Ctrl-C: exits at once with a valid journal', async () => {
    const out = join(dir, 'ctrl-c-twice');
    const r = await interrupt(out, 2);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('stopped at once');
    const complete = readJournal(out);
    expect(complete.length).toBeGreaterThan(0);
    const resumed = symdisc('resume', out, '--budget', '200', '--no-progress');
    expect(resumed.status).toBe(0);
    const after = readJournal(out);
    expect(after.slice(0, complete.length)).toEqual(complete);
  });
});
