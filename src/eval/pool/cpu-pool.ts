/**
 * The CPU side of the evaluator: piscina worker threads in the main process, each running the CPU
 * backend. A batch is cut into contiguous chunks (as many per thread as the task kind asks, so
 * that threads finish together where that pays);
 * results are put back in request order whichever thread finishes first. A chunk whose worker
 * died is run again once.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { CandidateResult, TaskRef } from '../evaluator.ts';
import type { CpuJob } from './cpu-worker.ts';
import { unpackResults } from './packed-results.ts';
import { getTask, taskKind } from '../tasks/registry.ts';
import type { PackedResults } from './packed-results.ts';

const WORKER = fileURLToPath(new URL('./cpu-worker.js', import.meta.url));

/** Chunks per thread unless the task kind says otherwise: enough to balance uneven programs, few enough to keep messages cheap. */
const CHUNKS_PER_THREAD = 4;

export class CpuPool {
  readonly threads: number;
  private readonly pool: Piscina;
  private readonly chunks = new Map<string, number>();

  constructor(threads: number = availableParallelism()) {
    this.threads = Math.max(1, Math.floor(threads));
    // No idle timeout and a fixed size: threads are made once and live as long as the pool.
    this.pool = new Piscina({ filename: WORKER, minThreads: this.threads, maxThreads: this.threads, idleTimeout: Infinity });
  }

  async evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    const size = Math.max(1, Math.ceil(programs.length / (this.threads * this.chunksPerThread(task))));
    const chunks: Promise<CandidateResult[]>[] = [];
    for (let start = 0; start < programs.length; start += size) chunks.push(this.runChunk({ task, programs: programs.slice(start, start + size) }, signal));
    return (await Promise.all(chunks)).flat();
  }

  private chunksPerThread(task: TaskRef): number {
    const key = JSON.stringify([task.id, task.options ?? {}, task.module ?? '']);
    let n = this.chunks.get(key);
    if (n === undefined) {
      n = taskKind(getTask(task.id, task.options ?? {})).cpuChunksPerThread ?? CHUNKS_PER_THREAD;
      this.chunks.set(key, n);
    }
    return n;
  }

  private async runChunk(job: CpuJob, signal: AbortSignal | undefined, attempt = 1): Promise<CandidateResult[]> {
    try {
      const packed = (await this.pool.run(job, signal ? { signal } : {})) as PackedResults;
      return unpackResults(packed);
    } catch (error) {
      if (signal?.aborted || attempt >= 2 || !isWorkerDeath(error)) throw error;
      return this.runChunk(job, signal, attempt + 1);
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** Whether piscina rejected a task because its thread ended (not because the task threw). */
function isWorkerDeath(error: unknown): boolean {
  return error instanceof Error && /worker.*(exit|terminat)|terminated/i.test(error.message);
}
