/**
 * A full disk: the writer fails with ENOSPC at the fs boundary (a Disk injected into the run
 * directory, not a mocked search). The search stops with one clear line, the run directory stays
 * resumable, and the resumed run ends where an uninterrupted one ends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printProgram } from '../../src/dsl/print.ts';
import { loadSeed } from '../../src/dsl/seeds/index.ts';
import { DiskFullError, resumeSearch, startSearch } from '../../src/evolve/run.ts';
import type { StartOptions } from '../../src/evolve/run.ts';
import { nodeDisk } from '../../src/run/disk.ts';
import type { Disk } from '../../src/run/disk.ts';
import { readJournal } from '../../src/run/journal.ts';
import { RunDirectory } from '../../src/run/run-directory.ts';
import { defaultSettings, spaceFor } from '../evolve/support/spaces.ts';
import { TOY_FUNCTION_TASK, ToyEvaluator } from '../evolve/support/toy-evaluator.ts';

const INITIAL = ['exp2_taylor2', 'exp2_taylor3'].map((s) => printProgram(loadSeed(s)));
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'symdisc-full-')), 'run');

function options(out: string, disk?: Disk): StartOptions {
  return {
    evaluator: new ToyEvaluator(),
    space: spaceFor('function'),
    task: TOY_FUNCTION_TASK.task,
    domain: 'function',
    objectives: TOY_FUNCTION_TASK.objectives,
    seed: '4',
    settings: { ...defaultSettings('function'), population: 24, batchSize: 16 },
    stop: { budget: 250 },
    initial: INITIAL,
    warmStart: 'test',
    out,
    backend: 'toy',
    checkpointIntervalMs: 0,
    ...(disk ? { runDirectory: { disk, segmentBytes: 4000 } } : {}),
  };
}

/** The real disk until `room` bytes have been written, then ENOSPC on every write. */
function diskWithRoom(room: number): Disk {
  let written = 0;
  return {
    ...nodeDisk,
    write(fd, data, position) {
      if (written + data.length > room) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      written += data.length;
      nodeDisk.write(fd, data, position);
    },
  };
}

const decisions = (dir: string) => readJournal(dir).map(({ evalMs: _, ...rest }) => rest);

describe('a full disk', () => {
  it('stops the search with one line and leaves a run directory that resumes exactly', async () => {
    const straight = tmp();
    // What the whole run writes, so that the disk fills early, midway and near the end.
    let total = 0;
    await startSearch(options(straight, { ...nodeDisk, write: (fd, data, position) => ((total += data.length), nodeDisk.write(fd, data, position)) }));
    for (const room of [0.1, 0.45, 0.9].map((f) => Math.round(f * total))) {
      const dir = tmp();
      const error = await startSearch(options(dir, diskWithRoom(room))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DiskFullError);
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain('disk full');
      expect(message).toContain(`symdisc resume ${dir}`);
      expect(RunDirectory.open(dir).status()).toBe('stopped');
      const summary = await resumeSearch(dir, { evaluator: new ToyEvaluator(), space: spaceFor('function'), checkpointIntervalMs: 0 });
      expect(summary.reason).toBe('budget');
      expect(decisions(dir)).toEqual(decisions(straight));
      expect({ ...RunDirectory.open(dir).checkpoint()?.state, elapsedMs: 0 }).toEqual({ ...RunDirectory.open(straight).checkpoint()?.state, elapsedMs: 0 });
      expect(RunDirectory.open(dir).status()).toBe('finished');
    }
  });
});
