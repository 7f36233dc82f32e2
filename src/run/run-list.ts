/**
 * The run directories under a folder, with what `symdisc runs` shows of each: task, status,
 * evaluations, best score, size on disk, age. Reads only config.json, checkpoint.json(.br), front.json
 * and the lock (never the journal), so listing many long runs is quick.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RunDirectory } from './run-directory.ts';
import type { RunStatus } from './status.ts';
import type { EndReason } from './checkpoint.ts';

export interface RunListing {
  /** The directory, relative to the folder listed. */
  readonly name: string;
  readonly dir: string;
  readonly task: string;
  readonly status: RunStatus;
  /** Why the last session ended, when it ended cleanly (a killed run has none). */
  readonly end?: EndReason;
  readonly evaluations: number;
  readonly candidates: number;
  /** The front's best objectives[0] (an error or a loss score); null without a valid program. */
  readonly best: number | null;
  readonly label: string;
  readonly bytes: number;
  readonly createdAt: string;
  /** Milliseconds since the run was created. */
  readonly ageMs: number;
  /** When a file of the run was last written. */
  readonly updatedAt: string;
}

/** Folders below `root` holding a config.json (not looking inside a run), `depth` levels down. */
export function findRuns(root: string, depth = 3): string[] {
  if (!existsSync(root)) return [];
  if (RunDirectory.isRun(root)) return [root];
  if (depth === 0) return [];
  const out: string[] = [];
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (d.isDirectory()) out.push(...findRuns(join(root, d.name), depth - 1));
  }
  return out.sort();
}

function newestWrite(dir: string): number {
  let newest = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    newest = Math.max(newest, d.isDirectory() ? newestWrite(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function describeRun(dir: string, root: string, now = Date.now()): RunListing {
  const run = RunDirectory.open(dir);
  const config = run.config();
  const checkpoint = run.checkpoint();
  const front = run.front()?.entries ?? checkpoint?.state.archive ?? [];
  const scores = front.map((e) => e.score).filter((s) => Number.isFinite(s));
  const created = Date.parse(config.createdAt);
  return {
    name: relative(root, dir) || '.',
    dir,
    task: config.task.id,
    status: run.status(),
    ...(checkpoint?.end ? { end: checkpoint.end.reason } : {}),
    evaluations: checkpoint?.state.evaluations ?? 0,
    candidates: checkpoint?.state.candidates ?? 0,
    best: scores.length > 0 ? Math.min(...scores) : null,
    label: config.label,
    bytes: run.bytes(),
    createdAt: config.createdAt,
    ageMs: Math.max(0, now - created),
    updatedAt: new Date(newestWrite(dir)).toISOString(),
  };
}

/** Every run under `root`, oldest first. */
export function listRuns(root: string, now = Date.now()): RunListing[] {
  return findRuns(root)
    .map((d) => describeRun(d, root, now))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
}
