/**
 * A GPU child process: owns one WebGPU device (through WebGpuBackend) and scores the batches its
 * parent sends, one at a time. It is a process of its own so that a native crash in Dawn kills
 * only it; the parent (gpu-supervisor.ts) starts another and re-runs the batch. It ends with
 * `process.exit()`, the one way of ending a process that holds dawn.node that never crashed.
 */
import { WebGpuBackend } from '../backends/webgpu/webgpu-backend.ts';
import { snapshotTiming, timingSince } from '../backends/webgpu/pipelines.ts';
import { getTask } from '../tasks/registry.ts';
import { loadTaskModules } from '../tasks/task-module.ts';
import type { FromChild, GpuChildOptions, ToChild } from './gpu-protocol.ts';

const send = (message: FromChild): void => {
  process.send?.(message);
};

const options = JSON.parse(process.argv[2] ?? '{}') as GpuChildOptions;
const backend = await WebGpuBackend.create({ ...options, onlyGles: options.onlyGles ?? false });

if (!(backend instanceof WebGpuBackend)) {
  send({ type: 'unavailable', missing: backend.missing });
  process.exit(0);
}

void backend.gpu.device.lost.then((info) => {
  // A lost device cannot score anything: die, and let the parent start a fresh process.
  console.error(`symdisc gpu child: device lost (${info.reason}): ${info.message}`);
  process.exit(70);
});

/**
 * Test hook: a batch holding a program that contains this text kills this process with SIGKILL,
 * as a native crash in Dawn would (tests of the supervisor's recovery; unset in normal runs).
 */
const CRASH_MARKER = process.env.SYMDISC_TEST_CRASH_MARKER;

// Batches run one after another: the device works on one at a time anyway.
let queue: Promise<void> = Promise.resolve();
process.on('message', (message: ToChild) => {
  if (message.type === 'close') {
    queue = queue.then(() => process.exit(0));
    return;
  }
  queue = queue.then(async () => {
    if (CRASH_MARKER && message.programs.some((p) => p.includes(CRASH_MARKER))) process.kill(process.pid, 'SIGKILL');
    try {
      await loadTaskModules(message.task);
      const task = getTask(message.task.id, message.task.options ?? {});
      const before = snapshotTiming(backend.timing);
      const results = await backend.evaluate(task, message.programs);
      const timing = timingSince(backend.timing, before);
      send({ type: 'result', id: message.id, results, timing });
    } catch (error) {
      send({ type: 'failed', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
// The parent is gone: nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', info: backend.info });
