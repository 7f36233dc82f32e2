/**
 * `--redis URL` and `--local-workers N` of `search` and `resume` (src/eval/remote/), and the
 * remote workers' lines after the summary.
 */
import { workerLines } from '../eval/remote/workers-file.ts';
import { parseRedisUrl } from '../eval/remote/redis-url.ts';
import { positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

export interface RemoteFlags {
  readonly redis?: string;
  readonly localWorkers?: number;
}

export function remoteFlags(command: string, values: ReadonlyMap<string, string>): RemoteFlags {
  const redis = values.get('redis');
  if (redis !== undefined) parseRedisUrl(`${command}: --redis`, redis); // a wrong URL: one line, exit 2
  const local = values.get('local-workers');
  if (local !== undefined && redis === undefined) throw new UsageError(`${command}: --local-workers needs --redis (without it, --workers sets the local threads)`);
  return {
    ...(redis !== undefined ? { redis } : {}),
    ...(local !== undefined ? { localWorkers: positiveInteger(command, 'local-workers', local) } : {}),
  };
}

/** After the summary: who scored the run, and how to resume it with the workers. */
export function printRemoteWorkers(dir: string, redis: string | undefined): void {
  const lines = workerLines(dir);
  if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
  if (redis !== undefined) process.stdout.write(`resume with the workers: symdisc resume ${dir} --redis ${redis.replace(/:[^:@/]*@/, ':***@')}\n`);
}
