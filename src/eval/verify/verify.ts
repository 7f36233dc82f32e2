/**
 * `verify` as a library: every float32 in the task's interval (its ends open or closed), split into one contiguous
 * range per worker thread (worker_threads; each runs exhaustive.ts), with progress callbacks.
 *
 * Why CPU threads and not the webgpu backend: the check needs the reference at every point, and
 * the reference (Math.* / series in f64, within 2^-26 float32 ULPs) exists only on the CPU; WGSL
 * has no f64 to compute it, so a GPU pass would still ship ~1e9 reference values per interval
 * through a buffer, and on this GPU-less box the "GPU" is llvmpipe on the same two cores. A
 * compiled float32 closure does ~30-80 M points/s per thread here, so [0, 1) takes well under a
 * minute on two cores.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TaskRef } from '../evaluator.ts';
import { mergeResults } from './exhaustive.ts';
import type { VerifyRange, VerifyResult } from './exhaustive.ts';
import type { VerifyJob, VerifyMessage } from './verify-worker.ts';

const WORKER = fileURLToPath(new URL('./verify-worker.js', import.meta.url));

export interface VerifyOptions {
  readonly threads?: number;
  /** Points done so far (all threads), called about every million points. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Splits [start, end) into `parts` contiguous ranges. */
export function splitRange(range: VerifyRange, parts: number): VerifyRange[] {
  const total = range.end - range.start;
  const out: VerifyRange[] = [];
  for (let k = 0; k < parts; k++) {
    const start = range.start + Math.floor((total * k) / parts);
    const end = range.start + Math.floor((total * (k + 1)) / parts);
    if (end > start) out.push({ start, end });
  }
  return out;
}

export async function verifyExhaustive(task: TaskRef, program: string, range: VerifyRange, options: VerifyOptions = {}): Promise<VerifyResult> {
  const total = Math.max(0, range.end - range.start);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(total / (1 << 16)) || 1));
  let done = 0;
  const parts = splitRange(range, threads);
  if (parts.length === 0) return { maxUlp: 0, argmax: NaN, output: NaN, reference: NaN, points: 0, nonFinite: 0 };
  const results = await Promise.all(
    parts.map(
      (part) =>
        new Promise<VerifyResult>((resolve, reject) => {
          const job: VerifyJob = { task, program, range: part };
          const worker = new Worker(WORKER, { workerData: job });
          let result: VerifyResult | undefined;
          worker.on('message', (m: VerifyMessage) => {
            if (m.kind === 'progress') {
              done += m.points;
              options.onProgress?.(done, total);
            } else result = m.result;
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`verify: worker exited with code ${code} before finishing`))));
        }),
    ),
  );
  return mergeResults(results);
}
