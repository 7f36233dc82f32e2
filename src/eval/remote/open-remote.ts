/**
 * What `search --redis URL [--local-workers N]` evaluates with: a RemoteEvaluator on the queue of
 * the backend the task must be scored on, plus, with `--local-workers N`, an in-process worker on
 * the same queue with N threads of this machine. The local worker takes jobs from the queue like
 * any other, so which machine scores a program never changes its result (same backend, same
 * queue), and the journal is the same as a local run's.
 */
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from '../evaluator.ts';
import { gpuSupports } from '../backends/webgpu/supports.ts';
import { getTask } from '../tasks/registry.ts';
import type { RemoteBackend } from './protocol.ts';
import { QueueWorker } from './queue-worker.ts';
import { RemoteEvaluator } from './remote-evaluator.ts';
import { parseRedisUrl } from './redis-url.ts';

export interface RemoteChoice {
  readonly url: string;
  /** The search's `--backend`: remote jobs go to the webgpu queue only with `webgpu` (and a task the GPU can score). */
  readonly backend: 'auto' | 'webgpu' | 'cpu';
  readonly task: TaskRef;
  readonly localWorkers?: number;
  readonly log?: (line: string) => void;
}

/** `auto` would depend on which machines have GPUs; results must not, so it means cpu here. */
export function remoteBackendFor(backend: RemoteChoice['backend'], task: TaskRef): RemoteBackend {
  return backend === 'webgpu' && gpuSupports(getTask(task.id, task.options ?? {})) ? 'webgpu' : 'cpu';
}

class RemoteSession implements Evaluator {
  constructor(
    private readonly remote: RemoteEvaluator,
    private readonly local: { worker: QueueWorker; evaluator: Evaluator } | undefined,
  ) {}

  get info(): BackendInfo {
    return this.remote.info;
  }

  evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    return this.remote.evaluate(task, programs, signal);
  }

  bindRun(runId: string, dir: string): void {
    this.remote.bindRun(runId, dir);
  }

  async close(): Promise<void> {
    await this.local?.worker.close(true);
    await this.local?.evaluator.close();
    await this.remote.close();
  }
}

export async function openRemoteEvaluator(choice: RemoteChoice): Promise<Evaluator & { bindRun(runId: string, dir: string): void }> {
  const target = parseRedisUrl('--redis', choice.url);
  const backend = remoteBackendFor(choice.backend, choice.task);
  const log = choice.log ?? (() => {});
  const remote = await RemoteEvaluator.connect({ target, backend, log });
  log(remote.info.description);
  let local: { worker: QueueWorker; evaluator: Evaluator } | undefined;
  if (choice.localWorkers !== undefined) {
    const { createEvaluator } = await import('../create-evaluator.ts');
    const evaluator = await createEvaluator({ backend, workers: choice.localWorkers, log });
    const worker = await QueueWorker.start({ target, evaluators: new Map([[backend, evaluator]]), log, id: `local:${process.pid}` });
    local = { worker, evaluator };
    log(`local worker: ${evaluator.info.description} on the same queue`);
  }
  return new RemoteSession(remote, local);
}
