/**
 * `workers.json` in a run directory: the remote workers that served the run (id, backend, version,
 * evaluations/s when last seen), written by the search, read by `inspect` and the summary. All of
 * this module's run-directory access is in `writeWorkersFile` / `readWorkersFile`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../run/atomic-write.ts';
import type { Heartbeat } from './heartbeat.ts';

export const WORKERS_FILE = 'workers.json';

export interface WorkerRecord {
  readonly id: string;
  readonly symdisc: string;
  readonly backends: readonly string[];
  readonly description: string;
  readonly concurrency: number;
  readonly evaluations: number;
  readonly evaluationsPerSecond: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface WorkersFile {
  readonly redis: string;
  readonly queue: string;
  readonly updatedAt: string;
  readonly workers: readonly WorkerRecord[];
}

export function workerRecord(beat: Heartbeat, firstSeen: number): WorkerRecord {
  return {
    id: beat.id,
    symdisc: beat.symdisc,
    backends: [...beat.backends],
    description: beat.description,
    concurrency: beat.concurrency,
    evaluations: beat.evaluations,
    evaluationsPerSecond: Math.round(beat.evaluationsPerSecond * 100) / 100,
    firstSeen: new Date(firstSeen).toISOString(),
    lastSeen: new Date(beat.at).toISOString(),
  };
}

export function writeWorkersFile(dir: string, file: WorkersFile): void {
  writeFileAtomic(join(dir, WORKERS_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

export function readWorkersFile(dir: string): WorkersFile | undefined {
  const path = join(dir, WORKERS_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as WorkersFile;
    return Array.isArray(parsed.workers) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Lines for `inspect` and the search summary; none for a run without remote workers. */
export function workerLines(dir: string): string[] {
  const file = readWorkersFile(dir);
  if (!file) return [];
  const rows = file.workers.map((w) => `  ${w.id.padEnd(24)} ${w.backends.join('+').padEnd(10)} ${w.evaluationsPerSecond.toFixed(1).padStart(8)} evals/s  ${String(w.evaluations).padStart(8)} evals  symdisc ${w.symdisc}  last seen ${w.lastSeen}  ${w.description}`);
  return [`remote workers (${file.queue} at ${file.redis}): ${file.workers.length}`, ...rows];
}
