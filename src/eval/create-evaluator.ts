/**
 * The evaluator the search uses: `webgpu` (GPU child processes, gpu-supervisor.ts) or `cpu`
 * (piscina threads, cpu-pool.ts) behind the one Evaluator interface. Tasks the GPU does not score
 * (each task kind says which: tasks/types.ts TaskKind.gpu; e.g. f64 precision, as WGSL has no
 * f64) go to CPU threads created on first need.
 *
 * Backend choice: `auto` takes a hardware adapter (Dawn's default backend, feature level core),
 * else Dawn's OpenGL ES backend over Mesa llvmpipe (compatibility), else the CPU backend with a
 * one-line notice; `webgpu` throws NoAdapterError (a UsageError: the CLI exits 2) instead of
 * falling back.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.ts';
import { MISSING_ADAPTER_HINT, prepareSoftwareGlEnvironment } from './backends/webgpu/environment.ts';
import type { GpuTiming } from './backends/webgpu/pipelines.ts';
import type { BackendChoice, BackendInfo, CandidateResult, Evaluator, ScoredBatch, TaskRef } from './evaluator.ts';
import { CpuPool } from './pool/cpu-pool.ts';
import { GpuSupervisor } from './pool/gpu-supervisor.ts';
import type { GpuChildOptions } from './pool/gpu-protocol.ts';
import { getTask, gpuSupports, taskKind, taskKinds } from './tasks/registry.ts';
import { loadTaskModules } from './tasks/task-module.ts';

export { BACKENDS } from './evaluator.ts';
export type { BackendChoice } from './evaluator.ts';

export interface EvaluatorOptions {
  readonly backend: BackendChoice;
  /** CPU threads (cpu backend) or GPU processes (webgpu); default: one per core, one per hardware GPU. */
  readonly workers?: number;
  readonly log?: (line: string) => void;
  /** Options for the GPU processes (tests: `onlyGles`; the benchmark: `groupSize`). */
  readonly gpu?: GpuChildOptions;
}

/** `--backend webgpu` found no adapter: what is missing and what to do about it. */
export class NoAdapterError extends UsageError {
  constructor(readonly missing: readonly string[]) {
    super(`no WebGPU adapter: ${missing.join('; ')}; ${MISSING_ADAPTER_HINT}`);
  }
}

function cpuInfo(threads: number): BackendInfo {
  return { backend: 'cpu', description: `cpu: ${threads} worker thread${threads === 1 ? '' : 's'} (JS closures)`, details: { threads } };
}

class PoolEvaluator implements Evaluator {
  private cpu: CpuPool | undefined;

  constructor(
    readonly info: BackendInfo,
    private readonly gpu: GpuSupervisor | undefined,
    private readonly cpuThreads: number,
    cpu?: CpuPool,
    /** `auto` on a software adapter: kinds that prefer CPU threads there get them. */
    private readonly softwareAuto = false,
  ) {
    this.cpu = cpu;
  }

  async evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    return (await this.evaluateBatch(task, programs, signal)).results;
  }

  async evaluateBatch(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<ScoredBatch> {
    // A --task-module kind, before the task is looked up. Built-in tasks dispatch with no await
    // first, so a batch is on its way when evaluate() returns (the supervisor tests rely on it).
    if (task.module !== undefined) await loadTaskModules(task);
    if (this.onGpu(task) && this.gpu) return { results: await this.gpu.evaluate(task, programs, signal), backend: this.info };
    this.cpu ??= new CpuPool(this.cpuThreads);
    return { results: await this.cpu.evaluate(task, programs, signal), backend: cpuInfo(this.cpuThreads) };
  }

  /** Whether `task` goes to the GPU processes (unknown task or bad options: TaskError here). */
  private onGpu(task: TaskRef): boolean {
    if (!this.gpu) return false;
    const definition = getTask(task.id, task.options ?? {});
    if (!gpuSupports(definition)) return false;
    return !(this.softwareAuto && taskKind(definition).gpu?.prefersCpuOnSoftwareAdapter === true);
  }

  backendFor(task: TaskRef): BackendInfo {
    return this.onGpu(task) ? this.info : cpuInfo(this.cpuThreads);
  }

  /** GPU compile / run time so far (webgpu only). */
  get gpuTiming(): GpuTiming | undefined {
    return this.gpu?.timing;
  }

  /** The GPU supervisor, for tests that kill a child. */
  get supervisor(): GpuSupervisor | undefined {
    return this.gpu;
  }

  async close(): Promise<void> {
    await Promise.all([this.gpu?.close(), this.cpu?.close()]);
  }
}

export type PoolBackedEvaluator = Evaluator & Required<Pick<Evaluator, 'backendFor' | 'evaluateBatch'>> & {
  readonly gpuTiming: GpuTiming | undefined;
  readonly supervisor: GpuSupervisor | undefined;
};

export async function createEvaluator(options: EvaluatorOptions): Promise<PoolBackedEvaluator> {
  const log = options.log ?? (() => {});
  const cores = availableParallelism();
  const cpuThreads = options.workers ?? cores;
  if (options.backend === 'cpu') {
    const info = cpuInfo(cpuThreads);
    log(info.description);
    return new PoolEvaluator(info, undefined, cpuThreads, new CpuPool(cpuThreads));
  }
  // Before any child or worker starts (DESIGN.md: a worker's environment is a copy).
  prepareSoftwareGlEnvironment();
  const gpu = await GpuSupervisor.start({
    // Software (llvmpipe): one process per core, at most 2 (each also runs llvmpipe's threads).
    // A hardware GPU finishes a batch in milliseconds and the processes' own work (parsing,
    // WGSL, bytecode) is the bottleneck (measured on an H200: 5 ms on the GPU, 150 ms in the
    // process for 1024 programs), so one process per 4 cores, at most 4, share the GPU.
    children: (info) => options.workers ?? (info.details.software === true ? Math.min(2, cores) : Math.max(1, Math.min(4, Math.floor(cores / 4)))),
    log,
    ...(options.gpu ? { childOptions: options.gpu } : {}),
  });
  if ('missing' in gpu) {
    if (options.backend === 'webgpu') throw new NoAdapterError(gpu.missing);
    const info = cpuInfo(cpuThreads);
    log(`no WebGPU adapter (${gpu.missing.join('; ')}); using the cpu backend`);
    log(info.description);
    return new PoolEvaluator(info, undefined, cpuThreads, new CpuPool(cpuThreads));
  }
  const children = gpu.childPids().length;
  const info: BackendInfo = { ...gpu.info, details: { ...gpu.info.details, processes: children } };
  log(`${info.description}; ${children} GPU process${children === 1 ? '' : 'es'}`);
  const softwareAuto = options.backend === 'auto' && info.details.software === true;
  const cpuKinds = softwareAuto ? taskKinds().filter((k) => k.gpu?.prefersCpuOnSoftwareAdapter === true).map((k) => k.name) : [];
  if (cpuKinds.length > 0) log(`${cpuKinds.join(', ')} tasks: cpu threads (faster than a software adapter there; --backend webgpu forces the GPU)`);
  return new PoolEvaluator(info, gpu, cpuThreads, undefined, softwareAuto);
}
