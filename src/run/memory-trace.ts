/**
 * A memory trace for finding what grows in a long search: with SYMDISC_MEMORY_TRACE=FILE set, the
 * search appends one JSON line to FILE every SYMDISC_MEMORY_TRACE_S seconds (default 30) with the
 * process's resident set, the thread's V8 heap (total and per space) and the sizes of the
 * structures the caller names (cache entries, memo entries, journal windows); each CPU worker
 * thread appends its own heap to the same file (thread id > 0) from `traceWorkerTask`, called per
 * task: piscina's idle workers block in Atomics.wait, where no timer of theirs would fire. bench/memory.ts sets it and puts
 * the lines beside its RSS curve. Off (no timer, no cost) without the variable.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';

export interface MemoryTraceLine {
  /** Seconds since the trace started in this thread. */
  readonly s: number;
  readonly thread: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
  /** Used MiB per V8 heap space (old_space, new_space, large_object_space, code_space, ...). */
  readonly spaces: Readonly<Record<string, number>>;
  readonly sizes: Readonly<Record<string, number>>;
}

const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export function memoryTraceLine(startedAt: number, sizes: Readonly<Record<string, number>>): MemoryTraceLine {
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  const spaces: Record<string, number> = {};
  for (const s of getHeapSpaceStatistics()) spaces[s.space_name] = mib(s.space_used_size);
  return {
    s: Math.round((Date.now() - startedAt) / 1000),
    thread: threadId,
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(heap.used_heap_size),
    heapTotalMiB: mib(heap.total_heap_size),
    externalMiB: mib(usage.external),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    spaces,
    sizes,
  };
}

/**
 * Starts the trace when SYMDISC_MEMORY_TRACE is set; returns the function that stops it (a no-op
 * otherwise). The timer is unref'd: it never keeps a process alive.
 */
export function startMemoryTrace(sizes: () => Readonly<Record<string, number>> = () => ({})): () => void {
  const file = process.env.SYMDISC_MEMORY_TRACE;
  if (file === undefined || file === '') return () => {};
  const every = Number(process.env.SYMDISC_MEMORY_TRACE_S) > 0 ? Number(process.env.SYMDISC_MEMORY_TRACE_S) : 30;
  const startedAt = Date.now();
  const timer = setInterval(() => {
    try {
      appendFileSync(file, `${JSON.stringify(memoryTraceLine(startedAt, sizes()))}\n`);
    } catch {
      // A trace that cannot be written must not stop the search.
    }
  }, every * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

let workerStartedAt: number | undefined;
let workerLastAt = 0;

/** In a worker thread, per task: a trace line when SYMDISC_MEMORY_TRACE is set and the interval has passed. */
export function traceWorkerTask(): void {
  const file = process.env.SYMDISC_MEMORY_TRACE;
  if (file === undefined || file === '') return;
  const every = Number(process.env.SYMDISC_MEMORY_TRACE_S) > 0 ? Number(process.env.SYMDISC_MEMORY_TRACE_S) : 30;
  const now = Date.now();
  workerStartedAt ??= now;
  if (now - workerLastAt < every * 1000) return;
  workerLastAt = now;
  try {
    appendFileSync(file, `${JSON.stringify(memoryTraceLine(workerStartedAt, {}))}\n`);
  } catch {
    // A trace that cannot be written must not stop the search.
  }
}
