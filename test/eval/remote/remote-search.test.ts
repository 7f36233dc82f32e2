/**
 * Searches whose batches run on `symdisc worker` processes through a real redis-server: the
 * journal is the one a local run with the same seed writes, also when a worker is SIGKILLed in
 * the middle of a job (BullMQ re-delivers it after the stall timeout); bad jobs are refused with a
 * reason the search sees, and never crash a worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal, search } from '../../../src/index.ts';
import type { SearchOptions } from '../../../src/index.ts';
import { PROTOCOL, queueName, symdiscVersion } from '../../../src/eval/remote/protocol.ts';
import { RemoteEvaluator } from '../../../src/eval/remote/remote-evaluator.ts';
import { parseRedisUrl } from '../../../src/eval/remote/redis-url.ts';
import { readWorkersFile } from '../../../src/eval/remote/workers-file.ts';
import { REDIS_AVAILABLE, startRedis } from './redis-server.ts';
import type { RedisServer } from './redis-server.ts';
import { startWorker } from './worker-process.ts';
import type { WorkerProcess } from './worker-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'symdisc-remote-'));
const RUN: SearchOptions = { task: { id: 'fn:exp2', options: { precision: 'f64', fit: 'none', validation: 1024 } }, budget: 240, seed: 5, settings: { batchSize: 32 } };

/** The fields test/replay.test.ts compares: everything a search decides, nothing timing-dependent. */
function normalized(out: string): string[] {
  return readJournal(join(out, 'journal.jsonl')).map((e) =>
    JSON.stringify({ batch: e.batch, candidate: e.candidate, island: e.island, program: e.program, fitted: e.fitted ?? null, hash: e.hash, parent: e.parent, mutation: e.mutation, score: e.score, valid: e.valid, cacheHit: e.cacheHit }),
  );
}

describe.skipIf(!REDIS_AVAILABLE)('search with remote workers (real redis-server, two worker processes)', () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let local: string[];
  let queue: Queue;

  beforeAll(async () => {
    redis = await startRedis();
    workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
    queue = new Queue(queueName('cpu'), { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } });
    await search({ ...RUN, backend: 'cpu', workers: 1, out: join(dir, 'local') });
    local = normalized(join(dir, 'local'));
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the journal of a local run with the same seed, and records the workers', async () => {
    const out = join(dir, 'remote');
    const lines: string[] = [];
    await search({ ...RUN, redis: redis.url, out, log: (l) => lines.push(l) });
    const remote = normalized(out);
    expect(remote.length).toBe(local.length);
    for (let i = 0; i < local.length; i++) expect(remote[i], `journal entry ${i}`).toBe(local[i]);
    const file = readWorkersFile(out);
    expect(file?.workers.map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
    expect(file?.workers.every((w) => w.backends.includes('cpu'))).toBe(true);
    expect(lines.some((l) => l.includes(`worker ${workers[0].id} joined`))).toBe(true);
  }, 60_000);

  it('a malformed job is refused and logged, and the worker goes on', async () => {
    const bad = [
      'not an object',
      { protocol: PROTOCOL, symdisc: symdiscVersion(), backend: 'cpu', task: { id: 'fn:exp2' }, programs: Array(5000).fill('y = x') },
      { protocol: PROTOCOL, symdisc: symdiscVersion(), backend: 'cpu', task: { id: 'fn:exp2', options: { precision: { $: 1 } } }, programs: ['y = x'] },
      { protocol: PROTOCOL, symdisc: symdiscVersion(), backend: 'cpu', task: { id: 'fn:nope' }, programs: ['y = x'] },
    ];
    const ids = await Promise.all(bad.map(async (data, i) => (await queue.add('evaluate', data, { jobId: `malformed-${i}` })).id as string));
    const reasons: string[] = [];
    for (const id of ids) {
      for (let t = 0; ; t++) {
        if ((await queue.getJobState(id)) === 'failed') {
          reasons.push((await Job.fromId(queue, id))?.failedReason ?? '');
          break;
        }
        if (t > 200) throw new Error(`job ${id} not refused`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(reasons[0]).toMatch(/malformed job: expected an object/);
    expect(reasons[1]).toMatch(/malformed job: programs must be 1\.\.1024/);
    expect(reasons[2]).toMatch(/malformed job: task option 'precision'/);
    expect(reasons[3]).toMatch(/fn:nope/);
    expect(workers.every((w) => w.child.exitCode === null && w.child.signalCode === null)).toBe(true);
    expect(workers.map((w) => w.log()).join('')).toMatch(/refused job malformed-0: .*malformed job/);
    // …and still scores a good job.
    const good = await queue.add('evaluate', { protocol: PROTOCOL, symdisc: symdiscVersion(), backend: 'cpu', task: { id: 'fn:exp2', options: { precision: 'f64', fit: 'none' } }, programs: ['y = x'] }, { jobId: 'good-after-malformed' });
    for (let t = 0; (await good.getState()) !== 'completed'; t++) {
      if (t > 200) throw new Error('good job not completed');
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);

  it('a search of another symdisc version is refused with a reason that reaches its log', async () => {
    const lines: string[] = [];
    const remote = await RemoteEvaluator.connect({ target: parseRedisUrl('--redis', redis.url), backend: 'cpu', version: '0.0.0-other', log: (l) => lines.push(l) });
    try {
      await expect(remote.evaluate({ id: 'fn:exp2', options: { precision: 'f64', fit: 'none' } }, ['y = x'])).rejects.toThrow(/runs symdisc \S+, the search 0\.0\.0-other: run the same version on both/);
      expect(lines.some((l) => l.includes('0.0.0-other'))).toBe(true);
      expect(lines.some((l) => /joined: .*runs symdisc \S+, this search 0\.0\.0-other/.test(l))).toBe(true);
    } finally {
      await remote.close();
    }
  }, 30_000);

  it('a worker SIGKILLed in the middle of a job loses nothing: the search finishes with the same journal', async () => {
    const out = join(dir, 'killed');
    const victim = workers[0];
    let killed = false;
    const watch = (async () => {
      for (let t = 0; t < 600 && !killed; t++) {
        const active = await queue.getActive();
        if (active.some((j) => j.processedBy === victim.id)) {
          victim.child.kill('SIGKILL');
          killed = true;
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await search({ ...RUN, redis: redis.url, out });
    await watch;
    expect(killed, 'the victim held a job when it was killed').toBe(true);
    const remote = normalized(out);
    expect(remote.length).toBe(local.length);
    for (let i = 0; i < local.length; i++) expect(remote[i], `journal entry ${i}`).toBe(local[i]);
  }, 60_000);
});
