/**
 * The worker side of the queue: takes evaluation jobs of one backend's queue, checks them
 * (shape and bounds, symdisc version, known task), scores them with a local evaluator and returns
 * the results. A job that fails these checks is refused with a one-line reason that BullMQ hands
 * back to the search (UnrecoverableError: no retry); nothing in a job can crash the worker. Used
 * by `symdisc worker` and by a search's `--local-workers`.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Evaluator } from '../evaluator.ts';
import { TaskError, getTask } from '../tasks/registry.ts';
import { HEARTBEAT_MS, RateMeter, removeHeartbeat, writeHeartbeat } from './heartbeat.ts';
import { MalformedMessageError, encodeResults, parseJob, queueName, symdiscVersion } from './protocol.ts';
import type { EvalJobResult, RemoteBackend } from './protocol.ts';
import { redisConnection } from './redis-url.ts';
import type { RedisTarget } from './redis-url.ts';

export interface QueueWorkerOptions {
  readonly target: RedisTarget;
  /** One local evaluator per backend served (its queue). */
  readonly evaluators: ReadonlyMap<RemoteBackend, Evaluator>;
  /** Jobs scored at once per queue (default 2: one scores while the next is fetched). */
  readonly concurrency?: number;
  /** A job whose worker stops renewing its lock for this long is given to another (default 30 s). */
  readonly stallTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** The version this worker claims (tests pretend to be another). */
  readonly version?: string;
  readonly id?: string;
}

export class QueueWorker {
  readonly id: string;
  private readonly workers: Worker[] = [];
  private readonly heartbeatClient: Redis;
  private readonly meter = new RateMeter();
  private readonly version: string;
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: QueueWorkerOptions) {
    this.id = options.id ?? `${hostname()}:${process.pid}`;
    this.version = options.version ?? symdiscVersion();
    const log = options.log ?? (() => {});
    this.heartbeatClient = new Redis(redisConnection(options.target));
    let down = false;
    this.heartbeatClient.on('error', (error: Error) => {
      if (!down) log(`worker ${this.id}: redis connection lost (${error.message}); reconnecting`);
      down = true;
    });
    this.heartbeatClient.on('ready', () => {
      if (down) log(`worker ${this.id}: redis connection back`);
      down = false;
    });
    const concurrency = options.concurrency ?? 2;
    const lockDuration = options.stallTimeoutMs ?? 30_000;
    for (const [backend, evaluator] of options.evaluators) {
      const worker = new Worker(queueName(backend), (job: Job) => this.process(backend, evaluator, job), {
        connection: redisConnection(options.target),
        // A job's processedBy names the worker holding it (the tests kill that one).
        name: this.id,
        concurrency,
        lockDuration,
        // The stalled-job check runs in every worker: a killed worker's job is given to another
        // within about lockDuration + stalledInterval.
        stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
        maxStalledCount: 10,
      });
      worker.on('error', () => {}); // connection errors: reported once by the heartbeat client
      worker.on('failed', (job, error) => log(`refused job ${job?.id ?? '?'}: ${error.message}`));
      this.workers.push(worker);
    }
  }

  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const worker = new QueueWorker(options);
    await Promise.all(worker.workers.map((w) => w.waitUntilReady()));
    await worker.beat();
    worker.timer = setInterval(() => void worker.beat().catch(() => {}), HEARTBEAT_MS);
    worker.timer.unref();
    return worker;
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    await writeHeartbeat(this.heartbeatClient, {
      id: this.id,
      symdisc: this.version,
      node: process.version,
      backends: [...this.options.evaluators.keys()],
      description: [...this.options.evaluators.values()].map((e) => e.info.description).join('; '),
      concurrency: (this.options.concurrency ?? 2) * this.workers.length,
      evaluations: this.meter.total,
      evaluationsPerSecond: this.meter.perSecond(),
      startedAt: this.startedAt,
      at: Date.now(),
    });
  }

  private async process(backend: RemoteBackend, evaluator: Evaluator, job: Job): Promise<EvalJobResult> {
    let parsed;
    try {
      parsed = parseJob(job.data);
    } catch (error) {
      if (error instanceof MalformedMessageError) throw new UnrecoverableError(`worker ${this.id}: ${error.message}`);
      throw error;
    }
    if (parsed.symdisc !== this.version) {
      throw new UnrecoverableError(`worker ${this.id} runs symdisc ${this.version}, the search ${parsed.symdisc}: run the same version on both`);
    }
    if (parsed.backend !== backend) throw new UnrecoverableError(`worker ${this.id}: a ${parsed.backend} job on the ${backend} queue`);
    try {
      getTask(parsed.task.id, parsed.task.options ?? {});
    } catch (error) {
      if (error instanceof TaskError) throw new UnrecoverableError(`worker ${this.id} (symdisc ${this.version}): ${error.message}`);
      throw error;
    }
    const results = await evaluator.evaluate(parsed.task, parsed.programs);
    this.meter.add(parsed.programs.length);
    return encodeResults(this.id, results);
  }

  /**
   * Stops taking jobs and removes the heartbeat; the evaluators stay open. Jobs in progress finish
   * first, unless `force` (a search's own worker at the end of the search, when none are left).
   */
  async close(force = false): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.workers.map((w) => w.close(force)));
    await removeHeartbeat(this.heartbeatClient, this.id).catch(() => {});
    this.heartbeatClient.disconnect();
  }
}
