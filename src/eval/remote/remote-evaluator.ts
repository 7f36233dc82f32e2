/**
 * The Evaluator that sends batches to workers on other machines through BullMQ on Redis. A batch
 * is cut into chunks, each one job with the id `<run>_<session>_<call>_<chunk>`; the results are
 * put back in request order, so the search (and its journal) cannot tell it from a local pool.
 *
 * Delivery: BullMQ gives a job to one worker at a time and re-delivers it when that worker stops
 * renewing its lock (killed: the stall timeout). The search listens for completions and also polls
 * its outstanding jobs, so a missed event or a Redis that lost its data (restarted) is noticed and
 * the job sent again; a job's first result is taken and any later one ignored (idempotent).
 * Backpressure: at most `maxJobsInFlight` jobs are queued at once. A refusal (version mismatch,
 * unknown task) stops the search with the worker's one-line reason.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Job, Queue, QueueEvents } from 'bullmq';
import { UsageError } from '../../errors.ts';
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from '../evaluator.ts';
import { readHeartbeats } from './heartbeat.ts';
import type { Heartbeat } from './heartbeat.ts';
import { MAX_PROGRAMS_PER_JOB, MAX_RESULT_CHARS, MalformedMessageError, PROTOCOL, decodeResults, queueName, symdiscVersion } from './protocol.ts';
import type { EvalJob, RemoteBackend } from './protocol.ts';
import { checkReachable } from './redis-url.ts';
import { redisConnection } from './redis-url.ts';
import type { RedisTarget } from './redis-url.ts';
import { workerRecord, writeWorkersFile } from './workers-file.ts';

/** A worker refused a job (version mismatch, unknown task, malformed): the search cannot go on. */
export class RemoteRefusalError extends UsageError {}

export interface RemoteEvaluatorOptions {
  readonly target: RedisTarget;
  /** The backend every job must be scored on (one queue per backend). */
  readonly backend: RemoteBackend;
  readonly log?: (line: string) => void;
  /** Jobs queued or running at once, over all batches (default 64). */
  readonly maxJobsInFlight?: number;
  /** Programs per job at most (default: the batch split over the live workers' slots, twice). */
  readonly maxProgramsPerJob?: number;
  /** How often outstanding jobs and heartbeats are checked (default 1 s). */
  readonly pollMs?: number;
  /** The version the jobs claim (tests pretend to be another). */
  readonly version?: string;
}

interface Pending {
  readonly id: string;
  readonly data: EvalJob;
  readonly resolve: (results: CandidateResult[]) => void;
  readonly reject: (error: Error) => void;
  /** Set once Redis has the job (before that, a check would take it for lost). */
  queued: boolean;
}

const JOB_OPTIONS = {
  // Transient failures (a worker's evaluator crashed) are retried; refusals are not (UnrecoverableError).
  attempts: 3,
  backoff: { type: 'fixed' as const, delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
};

export class RemoteEvaluator implements Evaluator {
  readonly info: BackendInfo;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly client: Redis;
  private readonly log: (line: string) => void;
  private readonly version: string;
  private readonly session = randomBytes(4).toString('hex');
  private readonly pending = new Map<string, Pending>();
  private readonly waiters: (() => void)[] = [];
  private readonly seen = new Map<string, number>();
  private runKey = 'run';
  private runDir: string | undefined;
  private calls = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private down = false;
  private slots = 0;

  private constructor(private readonly options: RemoteEvaluatorOptions) {
    this.log = options.log ?? (() => {});
    this.version = options.version ?? symdiscVersion();
    const connection = redisConnection(options.target);
    const name = queueName(options.backend);
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    this.client = new Redis(connection);
    this.info = { backend: options.backend, description: `remote ${options.backend} workers: queue ${name} at ${options.target.display}`, details: { redis: options.target.display, queue: name } };
    const onError = (error: Error): void => {
      if (this.down) return;
      this.down = true;
      this.log(`redis: connection lost (${error.message}); waiting for it to come back (Ctrl-C stops; resume continues)`);
    };
    this.queue.on('error', onError);
    this.events.on('error', onError);
    this.client.on('error', onError);
    this.client.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      this.log('redis: connection back; outstanding jobs are checked and sent again if lost');
      void this.poll();
    });
    this.events.on('completed', ({ jobId }) => void this.check(jobId));
    this.events.on('failed', ({ jobId }) => void this.check(jobId));
  }

  /** Connects (a Redis down at the start is a one-line UsageError) and starts watching heartbeats. */
  static async connect(options: RemoteEvaluatorOptions): Promise<RemoteEvaluator> {
    await checkReachable('--redis', options.target);
    const remote = new RemoteEvaluator(options);
    await Promise.all([remote.queue.waitUntilReady(), remote.events.waitUntilReady()]);
    remote.timer = setInterval(() => void remote.poll(), options.pollMs ?? 1000);
    remote.timer.unref();
    await remote.poll();
    return remote;
  }

  /** Job ids and workers.json belong to this run from now on. */
  bindRun(runId: string, dir: string): void {
    this.runKey = runId.replace(/[^A-Za-z0-9-]+/g, '-');
    this.runDir = dir;
    void this.poll();
  }

  async evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    if (programs.length === 0) return [];
    signal?.throwIfAborted();
    const call = this.calls++;
    const per = Math.max(1, Math.min(this.options.maxProgramsPerJob ?? MAX_PROGRAMS_PER_JOB, MAX_PROGRAMS_PER_JOB, Math.ceil(programs.length / Math.max(1, 2 * this.slots))));
    const chunks: Promise<CandidateResult[]>[] = [];
    const ids: string[] = [];
    const abort = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => reject(Object.assign(new Error('evaluation aborted'), { name: 'AbortError' })), { once: true });
    });
    abort.catch(() => {});
    for (let start = 0, chunk = 0; start < programs.length; start += per, chunk++) {
      const id = `${this.runKey}_${this.session}_${call}_${chunk}`;
      ids.push(id);
      const data: EvalJob = { protocol: PROTOCOL, symdisc: this.version, backend: this.options.backend, task, programs: programs.slice(start, start + per) };
      chunks.push(this.submit(id, data, signal));
    }
    try {
      return (await Promise.race([Promise.all(chunks), abort])).flat();
    } catch (error) {
      for (const id of ids) this.forget(id);
      throw error;
    }
  }

  /** Waits for room (backpressure), queues the job, and resolves with its results. */
  private async submit(id: string, data: EvalJob, signal: AbortSignal | undefined): Promise<CandidateResult[]> {
    const limit = this.options.maxJobsInFlight ?? 64;
    while (this.pending.size >= limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      signal?.throwIfAborted();
    }
    const result = new Promise<CandidateResult[]>((resolve, reject) => this.pending.set(id, { id, data, resolve, reject, queued: false }));
    await this.queue.add('evaluate', data, { ...JOB_OPTIONS, jobId: id });
    const p = this.pending.get(id);
    if (p) p.queued = true;
    void this.check(id); // it may have finished before the events subscription saw it
    return result;
  }

  private forget(id: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.waiters.shift()?.();
    void this.queue.remove(id).catch(() => {});
  }

  private settle(id: string, outcome: { results: CandidateResult[] } | { error: Error }): void {
    const p = this.pending.get(id);
    if (!p) return; // a duplicate or late result: the first one was taken
    this.pending.delete(id);
    this.waiters.shift()?.();
    if ('results' in outcome) p.resolve(outcome.results);
    else p.reject(outcome.error);
  }

  /** Reads one outstanding job: done, refused, still going, or lost (then sent again). */
  private async check(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p?.queued) return;
    // The state first: a job read before it completes has no return value yet.
    const state = await this.queue.getJobState(id);
    const job = state === 'completed' || state === 'failed' ? await Job.fromId(this.queue, id) : undefined;
    if (!this.pending.has(id)) return;
    if (state === 'unknown') {
      this.log(`job ${id} is gone from Redis (restarted without its data?); sending it again`);
      await this.queue.add('evaluate', p.data, { ...JOB_OPTIONS, jobId: id });
      return;
    }
    if (!job) return;
    if (state === 'completed') {
      try {
        const size = JSON.stringify(job.returnvalue ?? null).length;
        if (size > MAX_RESULT_CHARS) throw new MalformedMessageError(`malformed result: ${size} characters`);
        this.settle(id, { results: decodeResults(job.returnvalue, p.data.programs.length).results });
      } catch (error) {
        if (!(error instanceof MalformedMessageError)) throw error;
        this.settle(id, { error: new RemoteRefusalError(`job ${id}: ${error.message}`) });
      }
    } else if (state === 'failed') {
      const reason = job.failedReason || 'failed without a reason';
      this.log(`job ${id}: ${reason}`);
      const resume = this.runDir !== undefined ? `; the run stopped resumably: symdisc resume ${this.runDir} --redis ${this.options.target.display}` : '';
      this.settle(id, { error: new RemoteRefusalError(`remote evaluation refused: ${reason}${resume}`) });
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of [...this.pending.keys()]) await this.check(id);
      this.noteWorkers(await readHeartbeats(this.client));
    } catch {
      // Redis unreachable: reported once by the error handlers; the next poll tries again.
    } finally {
      this.polling = false;
    }
  }

  private noteWorkers(beats: readonly Heartbeat[]): void {
    const mine = beats.filter((b) => b.backends.includes(this.options.backend));
    this.slots = mine.reduce((s, b) => s + b.concurrency, 0);
    const now = Date.now();
    for (const b of beats) {
      if (!this.seen.has(b.id)) {
        this.seen.set(b.id, now);
        const note = b.symdisc !== this.version ? ` — runs symdisc ${b.symdisc}, this search ${this.version}: it will refuse these jobs` : '';
        this.log(`worker ${b.id} joined: ${b.backends.join('+')} (${b.description}), ${b.concurrency} jobs at once${note}`);
      }
    }
    if (this.runDir !== undefined) {
      writeWorkersFile(this.runDir, {
        redis: this.options.target.display,
        queue: queueName(this.options.backend),
        updatedAt: new Date(now).toISOString(),
        workers: beats.map((b) => workerRecord(b, this.seen.get(b.id) ?? now)),
      });
    }
  }

  /** The workers seen alive at the last poll (for the summary and tests). */
  async workers(): Promise<Heartbeat[]> {
    return readHeartbeats(this.client);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.poll().catch(() => {});
    for (const id of [...this.pending.keys()]) this.forget(id);
    await Promise.all([this.queue.close(), this.events.close()]).catch(() => {});
    this.client.disconnect();
  }
}
