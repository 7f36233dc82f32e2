/**
 * `symdisc resume DIR [--budget N] [--time D] ...`: continues a run from its checkpoint and
 * journal, making the decisions the run would have made uninterrupted.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../run/run-config.ts';
import { resume } from '../search.ts';
import type { Command } from './command.ts';
import { runSession } from './search.ts';
import { BACKENDS, duration, oneOf, parseFlags, positiveInteger } from './search-options.ts';
import type { FlagSpec } from './search-options.ts';
import { UsageError } from './usage-error.ts';
import { printRemoteWorkers, remoteFlags } from './remote-flags.ts';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  budget: { accepts: 'a positive integer (evaluations over the whole run)' },
  time: { accepts: 'a duration such as 90s, 30m, 2h' },
  patience: { accepts: 'a positive integer' },
  backend: { accepts: BACKENDS.join('|') },
  workers: { accepts: 'a positive integer' },
  'checkpoint-every': { accepts: 'a duration such as 10s' },
  'no-progress': { boolean: true, accepts: '' },
  redis: { accepts: 'redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…' },
  'local-workers': { accepts: 'a positive integer' },
};

const usage = `Usage: symdisc resume DIR [options]

Continues the run in DIR from its last checkpoint; journaled batches after it are replayed, not
evaluated again, so the run makes the same decisions as an uninterrupted one.

Options:
  --budget N          total evaluations for the whole run (default: as started)
  --time D            stop this session after D (90s, 30m, 2h, 1d)
  --patience N        stop after N evaluations without a change of the front
  --backend B         auto | webgpu | cpu (default: the run's backend)
  --workers K         evaluator worker threads (results do not depend on it)
  --checkpoint-every D  time between checkpoints (default 10s)
  --no-progress       no live display, only the summary
  --redis URL         send batches to \`symdisc worker\` processes through this Redis
  --local-workers N   with --redis: also score on N threads here`;

export const command: Command = {
  name: 'resume',
  summary: 'continue an interrupted search from its run directory',
  usage,
  async run(argv) {
    const { values, booleans, positional } = parseFlags('resume', argv, FLAGS);
    if (positional.length !== 1) throw new UsageError(`resume: expected one run directory, got ${positional.length}; usage: symdisc resume DIR [options]`);
    const dir = positional[0];
    if (!existsSync(join(dir, CONFIG_FILE))) throw new UsageError(`resume: ${dir} is not a run directory (no ${CONFIG_FILE})`);
    const int = (flag: string): number | undefined => {
      const v = values.get(flag);
      return v === undefined ? undefined : positiveInteger('resume', flag, v);
    };
    const budget = int('budget');
    const patience = int('patience');
    const workers = int('workers');
    const backend = values.has('backend') ? oneOf('resume', 'backend', values.get('backend') as string, BACKENDS) : undefined;
    const timeMs = values.has('time') ? duration('resume', 'time', values.get('time') as string) : undefined;
    const checkpointIntervalMs = values.has('checkpoint-every') ? duration('resume', 'checkpoint-every', values.get('checkpoint-every') as string) : undefined;
    const redis = remoteFlags('resume', values);
    const code = await runSession('resume', !booleans.has('no-progress'), (callbacks) =>
      resume(dir, {
        ...redis,
        ...(budget !== undefined ? { budget } : {}),
        ...(patience !== undefined ? { patience } : {}),
        ...(timeMs !== undefined ? { timeMs } : {}),
        ...(backend !== undefined ? { backend } : {}),
        ...(workers !== undefined ? { workers } : {}),
        ...(checkpointIntervalMs !== undefined ? { checkpointIntervalMs } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
        ...callbacks,
      }),
    );
    printRemoteWorkers(dir, redis.redis);
    return code;
  },
};
