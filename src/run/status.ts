/**
 * Whether a run is running, stopped or finished. A session writes running.pid when it starts and
 * removes it when it ends; a kill leaves it behind, so a lock counts only while its process lives
 * (on this machine). A session's last checkpoint records why it ended: the budget or the patience
 * finish a run; a time limit, an interrupt, a full disk or a kill stop it (resume continues).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EndReason } from './checkpoint.ts';

export const LOCK_FILE = 'running.pid';

export type RunStatus = 'running' | 'stopped' | 'finished';

export interface Lock {
  readonly pid: number;
  readonly startedAt?: string;
  readonly alive: boolean;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

export function readLock(dir: string): Lock | undefined {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; startedAt?: unknown };
    if (typeof raw.pid !== 'number') return undefined;
    return { pid: raw.pid, ...(typeof raw.startedAt === 'string' ? { startedAt: raw.startedAt } : {}), alive: processAlive(raw.pid) };
  } catch {
    return undefined;
  }
}

export function runStatus(dir: string, end: EndReason | undefined): RunStatus {
  if (readLock(dir)?.alive) return 'running';
  return end === 'budget' || end === 'patience' ? 'finished' : 'stopped';
}
