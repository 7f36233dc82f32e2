/**
 * The queue's cost: per-batch overhead of sending a batch through BullMQ on Redis to a
 * `symdisc worker` process, against the local CPU pool, and the throughput (evaluations/s) with
 * the local pool, 1 and 2 remote workers (each with the same thread count as the local pool).
 * Starts its own redis-server on a free 127.0.0.1 port and real worker processes. Writes
 * results/bench/queue.json.
 *
 *   npx tsx bench/queue.ts [--threads K] [--out FILE]
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { printProgram } from '../src/dsl/print.ts';
import { createEvaluator } from '../src/eval/create-evaluator.ts';
import type { Evaluator, TaskRef } from '../src/eval/evaluator.ts';
import { RemoteEvaluator } from '../src/eval/remote/remote-evaluator.ts';
import { parseRedisUrl } from '../src/eval/remote/redis-url.ts';
import { randomPrograms } from './random-programs.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const THREADS = Number(flag('threads') ?? 1);
const OUT = resolve(flag('out') ?? resolve(ROOT, 'results/bench/queue.json'));
const TASK: TaskRef = { id: 'fn:exp2', options: { precision: 'f64', fit: 'none', validation: 1024 } };
const SMALL_BATCHES = 40;
const BIG_BATCH = 128;
const BIG_BATCHES = 8;

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function until(test: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Per-batch latency (ms) of one-program batches: the fixed cost of a batch on this path. */
async function latency(evaluator: Evaluator): Promise<{ medianMs: number; p90Ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < SMALL_BATCHES + 3; i++) {
    const t = performance.now();
    await evaluator.evaluate(TASK, [`def f(x):\n    y = x * ${i + 2}\n    return y`]);
    if (i >= 3) times.push(performance.now() - t); // the first few warm the path up
  }
  const s = [...times].sort((a, b) => a - b);
  return { medianMs: round(median(times)), p90Ms: round(s[Math.floor(0.9 * (s.length - 1))]) };
}

async function throughput(evaluator: Evaluator, seed: string): Promise<number> {
  const batches = Array.from({ length: BIG_BATCHES }, (_, b) => randomPrograms(BIG_BATCH, 5, 30, `${seed}-${b}`).map((p) => printProgram(p)));
  await evaluator.evaluate(TASK, batches[0].slice(0, 8));
  const t = performance.now();
  for (const batch of batches) await evaluator.evaluate(TASK, batch);
  return round((BIG_BATCH * BIG_BATCHES) / ((performance.now() - t) / 1000));
}

const round = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('bench/queue.ts needs redis-server (apt-get install redis-server)');
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const workers: ChildProcess[] = [];
  const probe = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  try {
    await until(async () => (await probe.ping()) === 'PONG', 'redis-server');
    const local = await createEvaluator({ backend: 'cpu', workers: THREADS });
    const localLatency = await latency(local);
    const localRate = await throughput(local, 'q');
    await local.close();

    const remote = await RemoteEvaluator.connect({ target: parseRedisUrl('--redis', url), backend: 'cpu', pollMs: 500 });
    const startWorker = async (): Promise<void> => {
      const child = spawn(process.execPath, [resolve(ROOT, 'bin/symdisc.js'), 'worker', '--redis', url, '--backend', 'cpu', '--workers', String(THREADS)], { stdio: 'ignore' });
      workers.push(child);
      const id = `${hostname()}:${child.pid}`;
      await until(async () => (await remote.workers()).some((w) => w.id === id), `worker ${id}`);
    };
    await startWorker();
    await new Promise((r) => setTimeout(r, 1000)); // the evaluator learns the worker's slots
    const remoteLatency = await latency(remote);
    const oneWorker = await throughput(remote, 'q');
    await startWorker();
    await new Promise((r) => setTimeout(r, 1500));
    const twoWorkers = await throughput(remote, 'q');
    await remote.close();

    const result = {
      benchmark: 'queue',
      measuredAt: new Date().toISOString(),
      machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', note: 'shared with other jobs: measured under load' },
      task: TASK,
      threadsPerEvaluator: THREADS,
      perBatchOverhead: {
        what: `one-program batches, ${SMALL_BATCHES} in a row: local pool vs one remote worker through Redis on 127.0.0.1`,
        localMs: localLatency,
        remoteMs: remoteLatency,
        overheadMs: round(remoteLatency.medianMs - localLatency.medianMs),
      },
      throughput: {
        what: `${BIG_BATCHES} batches of ${BIG_BATCH} random programs (5-30 ops), evaluations/s`,
        localPool: localRate,
        remoteOneWorker: oneWorker,
        remoteTwoWorkers: twoWorkers,
      },
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    probe.disconnect();
    redis.kill('SIGTERM');
  }
}

await main();
