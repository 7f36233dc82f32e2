/**
 * Worker heartbeats: each worker writes one small JSON record (its backend, version and
 * evaluations/s) into a Redis hash every few seconds; the search reads the hash to know who is
 * serving it and how fast. A record older than STALE_MS is a worker that has gone.
 */
import type { Redis } from 'ioredis';
import type { RemoteBackend } from './protocol.ts';

export const HEARTBEAT_KEY = 'symdisc:workers';
export const HEARTBEAT_MS = 2000;
export const STALE_MS = 10_000;

export interface Heartbeat {
  /** `host:pid`. */
  readonly id: string;
  readonly symdisc: string;
  readonly node: string;
  readonly backends: readonly RemoteBackend[];
  /** One line per backend served (adapter, threads). */
  readonly description: string;
  /** Jobs taken at once. */
  readonly concurrency: number;
  readonly evaluations: number;
  /** Over the last ~10 s. */
  readonly evaluationsPerSecond: number;
  readonly startedAt: number;
  readonly at: number;
}

export async function writeHeartbeat(client: Redis, beat: Heartbeat): Promise<void> {
  await client.hset(HEARTBEAT_KEY, beat.id, JSON.stringify(beat));
}

export async function removeHeartbeat(client: Redis, id: string): Promise<void> {
  await client.hdel(HEARTBEAT_KEY, id);
}

function isHeartbeat(x: unknown): x is Heartbeat {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as Record<string, unknown>;
  return typeof b.id === 'string' && typeof b.symdisc === 'string' && Array.isArray(b.backends) && typeof b.at === 'number' && typeof b.evaluationsPerSecond === 'number' && typeof b.concurrency === 'number';
}

/** Live heartbeats (at most STALE_MS old); records that do not parse are skipped, and old ones deleted. */
export async function readHeartbeats(client: Redis, now = Date.now()): Promise<Heartbeat[]> {
  const all = await client.hgetall(HEARTBEAT_KEY);
  const live: Heartbeat[] = [];
  for (const [id, text] of Object.entries(all)) {
    let beat: unknown;
    try {
      beat = JSON.parse(text);
    } catch {
      continue;
    }
    if (!isHeartbeat(beat)) continue;
    if (now - beat.at <= STALE_MS) live.push(beat);
    else if (now - beat.at > 6 * STALE_MS) await client.hdel(HEARTBEAT_KEY, id);
  }
  return live.sort((a, b) => a.id.localeCompare(b.id));
}

/** Evaluations per second over a sliding window of recent jobs. */
export class RateMeter {
  private readonly samples: { at: number; count: number }[] = [];
  total = 0;

  constructor(private readonly windowMs = 10_000) {}

  add(count: number, at = Date.now()): void {
    this.samples.push({ at, count });
    this.total += count;
  }

  perSecond(now = Date.now()): number {
    while (this.samples.length > 0 && now - this.samples[0].at > this.windowMs) this.samples.shift();
    const sum = this.samples.reduce((s, x) => s + x.count, 0);
    return sum / (this.windowMs / 1000);
  }
}
