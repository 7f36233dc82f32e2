/** A real `node bin/symdisc.js worker` child process for the remote tests, with its log kept. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'symdisc.js');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The id it heartbeats with and BullMQ records as processedBy (`host:pid`). */
  readonly id: string;
  log(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export async function startWorker(url: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--backend', 'cpu', '--workers', '1', '--stall-timeout', '2s', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const id = `${hostname()}:${child.pid}`;
  const until = Date.now() + 30_000;
  while (!text.includes(`worker ${id}: symdisc`)) {
    if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}: ${text}`);
    if (Date.now() > until) throw new Error(`worker did not start: ${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    id,
    log: () => text,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
