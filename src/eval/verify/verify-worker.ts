/**
 * One thread of exhaustive verification: verifies its range of float32 orders and posts progress
 * (points done) after every chunk, then the result. The task is rebuilt from its TaskRef.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskRef } from '../evaluator.ts';
import { isFunctionTask } from '../tasks/function/task.ts';
import { getTask } from '../tasks/registry.ts';
import { verifyRange } from './exhaustive.ts';
import type { VerifyRange } from './exhaustive.ts';

export interface VerifyJob {
  readonly task: TaskRef;
  readonly program: string;
  readonly range: VerifyRange;
}

export type VerifyMessage = { readonly kind: 'progress'; readonly points: number } | { readonly kind: 'done'; readonly result: ReturnType<typeof verifyRange> };

const job = workerData as VerifyJob;
const task = getTask(job.task.id, job.task.options ?? {});
if (!isFunctionTask(task)) throw new Error(`verify: ${task.id} is not a function task`);
let pending = 0;
const result = verifyRange(job.program, task.target.reference, job.range, (n) => {
  pending += n;
  if (pending >= 1 << 20) {
    parentPort?.postMessage({ kind: 'progress', points: pending } satisfies VerifyMessage);
    pending = 0;
  }
});
if (pending > 0) parentPort?.postMessage({ kind: 'progress', points: pending } satisfies VerifyMessage);
parentPort?.postMessage({ kind: 'done', result } satisfies VerifyMessage);
