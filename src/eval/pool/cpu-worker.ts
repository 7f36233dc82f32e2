/**
 * A piscina worker thread of the CPU pool: rebuilds the task from its TaskRef and scores a chunk
 * of program texts with the CPU backend. Loaded through cpu-worker.js (which registers tsx).
 */
import { Piscina } from 'piscina';
import { evaluateOnCpu } from '../backends/cpu/cpu-backend.ts';
import type { TaskRef } from '../evaluator.ts';
import { getTask } from '../tasks/registry.ts';
import { loadTaskModules } from '../tasks/task-module.ts';
import { packResults } from './packed-results.ts';
import { traceWorkerTask } from '../../run/memory-trace.ts';

export interface CpuJob {
  readonly task: TaskRef;
  readonly programs: readonly string[];
}

export default async function scoreChunk(job: CpuJob): Promise<unknown> {
  // With SYMDISC_MEMORY_TRACE set, this thread's heap joins the search's trace (memory-trace.ts).
  traceWorkerTask();
  await loadTaskModules(job.task);
  const task = getTask(job.task.id, job.task.options ?? {});
  const packed = packResults(await evaluateOnCpu(task, job.programs), task.measures);
  // The numbers cross the thread boundary by transfer (moved, not copied).
  return Piscina.move({ [Piscina.transferableSymbol]: [packed.values.buffer], [Piscina.valueSymbol]: packed } as never);
}
