/**
 * `symdisc worker --redis URL [--backend auto|webgpu|cpu] [--concurrency N] [--workers K]`:
 * scores evaluation batches that searches on other machines put on Redis (src/eval/remote/),
 * until Ctrl-C or SIGTERM (jobs in progress finish first). Stateless: any number may run, and a
 * killed one loses nothing (its job goes to another after the stall timeout).
 */
import { BACKENDS, duration, oneOf, parseFlags, positiveInteger } from './search-options.ts';
import type { FlagSpec } from './search-options.ts';
import type { Command } from './command.ts';
import { UsageError } from './usage-error.ts';
import type { Evaluator } from '../eval/evaluator.ts';
import type { RemoteBackend } from '../eval/remote/protocol.ts';
import { symdiscVersion } from '../eval/remote/protocol.ts';
import { checkReachable, parseRedisUrl } from '../eval/remote/redis-url.ts';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  redis: { accepts: 'redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…' },
  backend: { accepts: BACKENDS.join('|') },
  concurrency: { accepts: 'a positive integer (jobs at once per queue)' },
  workers: { accepts: 'a positive integer (evaluator threads or GPU processes)' },
  'stall-timeout': { accepts: 'a duration such as 30s' },
};

const usage = `Usage: symdisc worker --redis URL [options]

Takes evaluation batches from the searches that use the same Redis (symdisc search --redis URL),
scores them here and sends the results back. Jobs carry DSL program text and task references only.

Options:
  --redis URL          redis://[:PASSWORD@]HOST[:PORT][/DB], or rediss://… for TLS
  --backend B          auto | webgpu | cpu (default auto: the cpu queue, and the webgpu queue
                       when a WebGPU adapter is found)
  --concurrency N      jobs scored at once per queue (default 2)
  --workers K          evaluator threads (cpu) or GPU processes (webgpu); default per core
  --stall-timeout D    a job held this long without a lock renewal goes to another worker
                       (default 30s; every worker uses the same)

Ctrl-C or SIGTERM: finish the jobs in progress, then exit.`;

export const command: Command = {
  name: 'worker',
  summary: 'score evaluation batches for searches on other machines (BullMQ on Redis)',
  usage,
  async run(argv) {
    const { values, positional } = parseFlags('worker', argv, FLAGS);
    if (positional.length > 0) throw new UsageError(`worker: unexpected argument '${positional[0]}'; usage: symdisc worker --redis URL [options]`);
    const url = values.get('redis');
    if (url === undefined) throw new UsageError('worker: --redis is required: redis://HOST:PORT');
    const target = parseRedisUrl('worker: --redis', url);
    const backend = values.has('backend') ? oneOf('worker', 'backend', values.get('backend') as string, BACKENDS) : 'auto';
    const concurrency = values.has('concurrency') ? positiveInteger('worker', 'concurrency', values.get('concurrency') as string) : 2;
    const threads = values.has('workers') ? positiveInteger('worker', 'workers', values.get('workers') as string) : undefined;
    const stallTimeoutMs = values.has('stall-timeout') ? duration('worker', 'stall-timeout', values.get('stall-timeout') as string) : undefined;
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    await checkReachable('worker: --redis', target);

    const { createEvaluator } = await import('../eval/create-evaluator.ts');
    const evaluators = new Map<RemoteBackend, Evaluator>();
    const opened: Evaluator[] = [];
    const withThreads = threads !== undefined ? { workers: threads } : {};
    if (backend !== 'cpu') {
      // `webgpu` without an adapter throws NoAdapterError (exit 2); `auto` then serves cpu only.
      const gpu = await createEvaluator({ backend: 'webgpu', log, ...withThreads }).catch((error: unknown) => {
        if (backend === 'webgpu') throw error;
        log(`worker: no WebGPU adapter (${error instanceof Error ? error.message : String(error)}); serving the cpu queue only`);
        return undefined;
      });
      if (gpu) {
        evaluators.set('webgpu', gpu);
        opened.push(gpu);
      }
    }
    if (backend !== 'webgpu') {
      const cpu = await createEvaluator({ backend: 'cpu', log, ...withThreads });
      evaluators.set('cpu', cpu);
      opened.push(cpu);
    }
    const { QueueWorker } = await import('../eval/remote/queue-worker.ts');
    const worker = await QueueWorker.start({ target, evaluators, concurrency, ...(stallTimeoutMs !== undefined ? { stallTimeoutMs } : {}), log });
    log(`worker ${worker.id}: symdisc ${symdiscVersion()}, serving ${[...evaluators.keys()].join(' and ')} jobs from ${target.display}, ${concurrency} at once`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        log(`worker ${worker.id}: stopping after the jobs in progress`);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await worker.close();
    await Promise.all(opened.map((e) => e.close()));
    return 0;
  },
};
