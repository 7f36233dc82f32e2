/**
 * Supervises the GPU child processes from the main process. A native crash in Dawn kills the
 * whole process that loaded dawn.node (every thread in it), and ending a thread that loaded it can
 * crash its process, so each device lives in a child process of its own (child_process.fork,
 * advanced serialization). When a child dies, its in-flight chunk goes back to the front of the
 * queue and a fresh child is started; a chunk that kills children twice is split in halves, and a
 * single program that does is reported invalid, so one poisonous candidate costs only itself.
 * Results come back in request order whichever child finishes first.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { addTiming, emptyTiming } from '../backends/webgpu/pipelines.ts';
import type { GpuTiming } from '../backends/webgpu/pipelines.ts';
import { prepareSoftwareGlEnvironment } from '../backends/webgpu/environment.ts';
import type { BackendInfo, CandidateResult, TaskRef } from '../evaluator.ts';
import { invalidResult } from '../score-texts.ts';
import { getTask } from '../tasks/registry.ts';
import type { FromChild, GpuChildOptions, ToChild } from './gpu-protocol.ts';

const CHILD = fileURLToPath(new URL('./gpu-child.js', import.meta.url));
/** Crashes a chunk may cause before it is split (or, for one program, reported invalid). */
const CRASHES_BEFORE_SPLIT = 2;
/** Children that may die before becoming ready, in a row, before the supervisor gives up. */
const MAX_FAILED_STARTS = 3;
const STDERR_TAIL_LINES = 20;

interface Chunk {
  readonly task: TaskRef;
  readonly programs: readonly string[];
  crashes: number;
  readonly done: (results: CandidateResult[]) => void;
  readonly fail: (error: Error) => void;
}

interface Child {
  readonly process: ChildProcess;
  ready: boolean;
  busy?: { readonly id: number; readonly chunk: Chunk };
  readonly stderr: string[];
}

export interface GpuSupervisorOptions {
  /** Number of GPU child processes (each with its own device), or a choice made from the first one's adapter. */
  readonly children: number | ((info: BackendInfo) => number);
  readonly childOptions?: GpuChildOptions;
  readonly log?: (line: string) => void;
}

export class GpuSupervisor {
  private readonly children = new Set<Child>();
  private readonly queue: Chunk[] = [];
  private nextId = 1;
  private closing = false;
  private failedStarts = 0;
  private fatal: Error | undefined;
  /** Cumulative compile / run time reported by the children. */
  readonly timing: GpuTiming = emptyTiming();
  /** Children started after a crash. */
  restarts = 0;

  private constructor(
    readonly info: BackendInfo,
    private readonly options: GpuSupervisorOptions,
  ) {}

  /**
   * Starts `children` GPU processes; resolves once all are ready, or with the reasons no adapter
   * was found (then no child is left running).
   */
  static async start(options: GpuSupervisorOptions): Promise<GpuSupervisor | { readonly missing: readonly string[] }> {
    // Mesa reads EGL_PLATFORM from the process environment: set it before any child starts.
    prepareSoftwareGlEnvironment();
    const first = await GpuSupervisor.spawn(options.childOptions ?? {});
    if ('missing' in first) return first;
    const supervisor = new GpuSupervisor(first.info, options);
    supervisor.adopt(first.child);
    const count = typeof options.children === 'number' ? options.children : options.children(first.info);
    const more = await Promise.all(Array.from({ length: Math.max(0, count - 1) }, () => GpuSupervisor.spawn(options.childOptions ?? {})));
    for (const m of more) if ('child' in m) supervisor.adopt(m.child);
    return supervisor;
  }

  /** Process ids of the live children (tests kill them). */
  childPids(): number[] {
    return [...this.children].map((c) => c.process.pid ?? -1);
  }

  /** Process ids of the children scoring a chunk right now. */
  busyPids(): number[] {
    return [...this.children].filter((c) => c.busy).map((c) => c.process.pid ?? -1);
  }

  /** Scores `programs` on `task`; one result per program, in request order. */
  evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (programs.length === 0) return Promise.resolve([]);
    const parts = Math.min(Math.max(1, this.children.size), programs.length);
    const size = Math.ceil(programs.length / parts);
    const results: CandidateResult[][] = [];
    const pending: Promise<void>[] = [];
    for (let start = 0, k = 0; start < programs.length; start += size, k++) {
      const slot = k;
      pending.push(
        new Promise<CandidateResult[]>((done, fail) => this.enqueue({ task, programs: programs.slice(start, start + size), crashes: 0, done, fail })).then((r) => {
          results[slot] = r;
        }),
      );
    }
    const all = Promise.all(pending).then(() => results.flat());
    if (!signal) return all;
    return new Promise((resolve, reject) => {
      const abort = (): void => reject(signal.reason ?? new Error('aborted'));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      all.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.process.exitCode !== null || c.process.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.process.kill('SIGKILL'), 5000);
            c.process.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            const message: ToChild = { type: 'close' };
            try {
              c.process.send(message);
            } catch {
              c.process.kill('SIGKILL');
            }
          }),
      ),
    );
    this.children.clear();
    for (const chunk of this.queue.splice(0)) chunk.fail(new Error('evaluator closed'));
  }

  private static spawn(childOptions: GpuChildOptions): Promise<{ child: Child; info: BackendInfo } | { missing: readonly string[] }> {
    const proc = fork(CHILD, [JSON.stringify(childOptions)], {
      serialization: 'advanced',
      execArgv: [],
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const child: Child = { process: proc, ready: false, stderr: [] };
    const keep = (data: Buffer): void => {
      for (const line of data.toString().split('\n')) if (line.trim()) child.stderr.push(line);
      child.stderr.splice(0, Math.max(0, child.stderr.length - STDERR_TAIL_LINES));
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    return new Promise((resolve) => {
      const onMessage = (m: FromChild): void => {
        if (m.type === 'ready') {
          child.ready = true;
          cleanup();
          resolve({ child, info: m.info });
        } else if (m.type === 'unavailable') {
          cleanup();
          resolve({ missing: m.missing });
        }
      };
      const onExit = (code: number | null, signal: string | null): void => {
        cleanup();
        resolve({ missing: [`the GPU process exited before finding an adapter (${signal ?? `exit code ${code}`}): ${child.stderr.slice(-3).join(' | ')}`] });
      };
      const cleanup = (): void => {
        proc.off('message', onMessage);
        proc.off('exit', onExit);
      };
      proc.on('message', onMessage);
      proc.on('exit', onExit);
    });
  }

  private adopt(child: Child): void {
    this.children.add(child);
    this.failedStarts = 0;
    child.process.on('message', (m: FromChild) => this.onMessage(child, m));
    child.process.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.pump();
  }

  private enqueue(chunk: Chunk, front = false): void {
    if (front) this.queue.unshift(chunk);
    else this.queue.push(chunk);
    this.pump();
  }

  private pump(): void {
    for (const child of this.children) {
      if (this.queue.length === 0) return;
      if (!child.ready || child.busy) continue;
      const chunk = this.queue.shift() as Chunk;
      const id = this.nextId++;
      child.busy = { id, chunk };
      const message: ToChild = { type: 'evaluate', id, task: chunk.task, programs: chunk.programs };
      child.process.send(message);
    }
  }

  private onMessage(child: Child, m: FromChild): void {
    if (m.type !== 'result' && m.type !== 'failed') return;
    const busy = child.busy;
    if (!busy || busy.id !== m.id) return;
    child.busy = undefined;
    if (m.type === 'result') {
      addTiming(this.timing, m.timing);
      busy.chunk.done(m.results);
    } else {
      // An exception in the engine is a bug, not a crash to retry: report it.
      busy.chunk.fail(new Error(`webgpu backend failed: ${m.error}`));
    }
    this.pump();
  }

  private onExit(child: Child, code: number | null, signal: string | null): void {
    this.children.delete(child);
    if (this.closing) return;
    const reason = signal ?? `exit code ${code}`;
    this.options.log?.(`webgpu: GPU process ${child.process.pid} died (${reason}); starting another${child.busy ? ' and re-running its batch' : ''}`);
    if (child.busy) this.recover(child.busy.chunk, reason);
    this.restarts++;
    void this.replace();
  }

  private recover(chunk: Chunk, reason: string): void {
    chunk.crashes++;
    if (chunk.crashes < CRASHES_BEFORE_SPLIT) return this.enqueue(chunk, true);
    if (chunk.programs.length === 1) {
      const task = getTask(chunk.task.id, chunk.task.options ?? {});
      return chunk.done([invalidResult(task, `evaluating this candidate crashed the webgpu process twice (${reason})`)]);
    }
    // Split, so the program that kills the device is found and the others are still scored.
    const half = Math.ceil(chunk.programs.length / 2);
    const parts: CandidateResult[][] = [];
    let left = 2;
    const partDone = (k: number) => (r: CandidateResult[]) => {
      parts[k] = r;
      if (--left === 0) chunk.done(parts.flat());
    };
    this.enqueue({ task: chunk.task, programs: chunk.programs.slice(half), crashes: 1, done: partDone(1), fail: chunk.fail }, true);
    this.enqueue({ task: chunk.task, programs: chunk.programs.slice(0, half), crashes: 1, done: partDone(0), fail: chunk.fail }, true);
  }

  private async replace(): Promise<void> {
    const started = await GpuSupervisor.spawn(this.options.childOptions ?? {});
    if ('child' in started) {
      if (this.closing) {
        started.child.process.send({ type: 'close' } satisfies ToChild);
        return;
      }
      this.adopt(started.child);
      return;
    }
    this.failedStarts++;
    if (this.failedStarts < MAX_FAILED_STARTS) return this.replace();
    this.fatal = new Error(`webgpu: could not restart the GPU process: ${started.missing.join('; ')}`);
    if (this.children.size === 0) for (const chunk of this.queue.splice(0)) chunk.fail(this.fatal);
  }
}
