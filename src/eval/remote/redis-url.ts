/**
 * `--redis URL`: `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS), checked here
 * and turned into ioredis connection options (password, username, db, TLS) for BullMQ. A wrong
 * URL, or a Redis that does not answer at the start, is one line (UsageError, exit 2).
 */
import { Redis } from 'ioredis';
import { UsageError } from '../../errors.ts';

export class RedisUrlError extends UsageError {}

/** What the URL says, in the shape both ioredis and BullMQ's connection options accept. */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: { readonly servername: string };
}

export interface RedisTarget {
  /** The URL with any password replaced by `***`, for logs and resume commands' hints. */
  readonly display: string;
  readonly options: RedisConnection;
}

export function parseRedisUrl(flag: string, url: string): RedisTarget {
  let parsed: URL;
  const bad = (why: string): never => {
    throw new RedisUrlError(`${flag}: ${why}; expected redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://… (TLS), got '${url.replace(/:[^:@/]*@/, ':***@')}'`);
  };
  try {
    parsed = new URL(url);
  } catch {
    return bad('not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') bad(`scheme '${parsed.protocol.replace(/:$/, '')}' is not redis or rediss`);
  if (parsed.hostname === '') bad('no host');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad(`port '${parsed.port}' out of range`);
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) bad(`database '${path}' is not a number`);
  if (parsed.search !== '' || parsed.hash !== '') bad('query strings and fragments are not accepted');
  const options: RedisConnection = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(parsed.username !== '' ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(path !== '' ? { db: Number(path) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
  };
  const auth = parsed.password !== '' ? `${parsed.username}:***@` : parsed.username !== '' ? `${parsed.username}@` : '';
  return { display: `${parsed.protocol}//${auth}${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`, options };
}

/** Connects once (a few seconds at most) so that a Redis that is down or refuses us is one clear line. */
export async function checkReachable(flag: string, target: RedisTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({ ...target.options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {}); // reported through connect()'s rejection
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${flag}: cannot reach Redis at ${target.display}: ${why}`);
  } finally {
    client.disconnect();
  }
}

/**
 * Options for the long-lived connections (queue, events, workers, heartbeats): commands wait
 * while Redis is away instead of failing (BullMQ requires this), and reconnection is tried every
 * 0.25–2 s, so a search and its workers go on soon after Redis is back.
 */
export function redisConnection(target: RedisTarget): RedisConnection & { maxRetriesPerRequest: null; retryStrategy: (times: number) => number } {
  return { ...target.options, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(250 * times, 2000) };
}
