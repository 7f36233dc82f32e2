/**
 * Bad input around the queue: wrong URLs and a Redis that is down at the start are one line
 * (exit 2); a Redis that goes away in the middle of a search and comes back (empty) costs time,
 * not results; `--local-workers` scores on this machine through the same queue, same journal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal, search } from '../../../src/index.ts';
import type { SearchOptions } from '../../../src/index.ts';
import { RedisUrlError, checkReachable, parseRedisUrl } from '../../../src/eval/remote/redis-url.ts';
import { UsageError } from '../../../src/cli/usage-error.ts';
import { REDIS_AVAILABLE, freePort, startRedis } from './redis-server.ts';
import { startWorker } from './worker-process.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'symdisc.js');
const dir = mkdtempSync(join(tmpdir(), 'symdisc-remote-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN: SearchOptions = { task: { id: 'fn:exp2', options: { precision: 'f64', fit: 'none', validation: 1024 } }, budget: 96, seed: 7, settings: { batchSize: 16 } };

function normalized(out: string): string[] {
  return readJournal(join(out, 'journal.jsonl')).map((e) => JSON.stringify({ batch: e.batch, candidate: e.candidate, program: e.program, hash: e.hash, parent: e.parent, mutation: e.mutation, score: e.score, valid: e.valid, cacheHit: e.cacheHit }));
}

describe('--redis URLs', () => {
  it('accepts passwords, users, databases and TLS, and passes them on', () => {
    expect(parseRedisUrl('--redis', 'redis://:s%40cret@10.0.0.5:6380/2')).toEqual({ display: 'redis://:***@10.0.0.5:6380/2', options: { host: '10.0.0.5', port: 6380, password: 's@cret', db: 2 } });
    expect(parseRedisUrl('--redis', 'rediss://alice:pw@redis.example.com')).toEqual({ display: 'rediss://alice:***@redis.example.com', options: { host: 'redis.example.com', port: 6379, username: 'alice', password: 'pw', tls: { servername: 'redis.example.com' } } });
  });

  it('rejects anything else with one line naming the flag, never echoing a password', () => {
    for (const bad of ['localhost:6379', 'http://h:1', 'redis://', 'redis://h:99999', 'redis://h/x', 'redis://:hunter2@h/x', 'redis://h?tls=1']) {
      expect(() => parseRedisUrl('--redis', bad), bad).toThrow(RedisUrlError);
      try {
        parseRedisUrl('--redis', bad);
      } catch (error) {
        expect((error as Error).message).toMatch(/^--redis: .*expected redis:\/\//);
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const t = parseRedisUrl('--redis', s);
          return t.options.port >= 1 && t.options.port <= 65535 && t.options.host !== '';
        } catch (error) {
          return error instanceof RedisUrlError;
        }
      }),
    );
  });

  it('a Redis that is down at the start (search) or a wrong URL (worker) is one line, exit 2', async () => {
    const port = await freePort();
    await expect(checkReachable('--redis', parseRedisUrl('--redis', `redis://127.0.0.1:${port}`), 2000)).rejects.toThrow(UsageError);
    for (const args of [['search', '--task', 'fn:exp2', '--budget', '10', '--no-progress', '--out', join(dir, 'down'), '--redis', `redis://127.0.0.1:${port}`]]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^symdisc: .*--redis: cannot reach Redis at redis://127.0.0.1:${port}: `));
    }
    const r = spawnSync(process.execPath, [BIN, 'worker', '--redis', 'http://h'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^symdisc: worker: --redis: scheme 'http' is not redis or rediss/);
  }, 60_000);
});

describe.skipIf(!REDIS_AVAILABLE)('a search through Redis (real redis-server)', () => {
  it('goes on when Redis goes away mid-run and comes back empty; --local-workers gives the same journal', async () => {
    await search({ ...RUN, backend: 'cpu', workers: 1, out: join(dir, 'local') });
    const local = normalized(join(dir, 'local'));

    // --local-workers and no remote worker at all: this machine scores every job through the queue.
    let redis = await startRedis();
    const port = redis.port;
    try {
      await search({ ...RUN, redis: redis.url, localWorkers: 1, out: join(dir, 'local-workers') });
      expect(normalized(join(dir, 'local-workers'))).toEqual(local);

      const worker = await startWorker(redis.url);
      const lines: string[] = [];
      const out = join(dir, 'outage');
      let bounced = false;
      const run = search({
        ...RUN,
        redis: redis.url,
        out,
        log: (l) => {
          lines.push(l);
          if (process.env.DEBUG_REMOTE) console.log(new Date().toISOString(), l);
        },
        onProgress: (p) => {
          if (process.env.DEBUG_REMOTE) console.log(new Date().toISOString(), 'batch', p.batch);
          if (p.batch === 2 && !bounced) {
            bounced = true;
            void (async () => {
              await redis.stop();
              await new Promise((r) => setTimeout(r, 1500));
              redis = await startRedis(port);
            })();
          }
        },
      });
      await run;
      await worker.stop();
      expect(bounced).toBe(true);
      expect(lines.some((l) => l.startsWith('redis: connection lost'))).toBe(true);
      expect(normalized(out)).toEqual(local);
    } finally {
      await redis.stop();
    }
  }, 90_000);
});
