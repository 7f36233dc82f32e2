/**
 * The evaluator the search uses: `webgpu` (GPU child processes, gpu-supervisor.ts) or `cpu`
 * (piscina threads, cpu-pool.ts) behind the one Evaluator interface. Tasks the GPU cannot score
 * (f64 precision: WGSL has no f64) go to CPU threads created on first need.
 *
 * Backend choice: `auto` takes a hardware adapter (Dawn's default backend, feature level core),
 * else Dawn's OpenGL ES backend over Mesa llvmpipe (compatibility), else the CPU backend with a
 * one-line notice; `webgpu` throws NoAdapterError (a UsageError: the CLI exits 2) instead of
 * falling back.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../cli/usage-error.ts';
import { MISSING_ADAPTER_HINT, prepareSoftwareGlEnvironment } from './backends/webgpu/environment.ts';
import { gpuSupports } from './backends/webgpu/supports.ts';
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from './evaluator.ts';
import { CpuPool } from './pool/cpu-pool.ts';
import { GpuSupervisor } from './pool/gpu-supervisor.ts';
import type { GpuChildOptions } from './pool/gpu-protocol.ts';
import { getTask } from './tasks/registry.ts';
import type { TaskDefinition } from './tasks/registry.ts';

export const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

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
    private readonly preferCpuForOptimizers = false,
  ) {
    this.cpu = cpu;
  }

  async evaluate(task: TaskRef, programs: readonly string[], signal?: AbortSignal): Promise<CandidateResult[]> {
    const definition = getTask(task.id, task.options ?? {}); // unknown task or bad options: TaskError here
    if (this.gpu && gpuSupports(definition) && !this.cpuPreferred(definition)) return this.gpu.evaluate(task, programs, signal);
    this.cpu ??= new CpuPool(this.cpuThreads);
    return this.cpu.evaluate(task, programs, signal);
  }

  /**
   * With `auto` on a software adapter, optimizer tasks go to CPU threads: each new structure costs
   * llvmpipe a training-kernel compile, and a search's children are mostly new structures
   * (measured on 2 cores, opt:suite search: cpu 4.5 evals/s, webgpu over llvmpipe 1.6).
   */
  private cpuPreferred(task: TaskDefinition): boolean {
    return this.preferCpuForOptimizers && task.kind === 'optimizer';
  }

  /** The backend that scores `task` here (optimizer tasks may go to CPU threads; f64 tasks do). */
  backendFor(task: TaskRef): BackendInfo {
    const definition = getTask(task.id, task.options ?? {});
    return this.gpu && gpuSupports(definition) && !this.cpuPreferred(definition) ? this.info : cpuInfo(this.cpuThreads);
  }

  /** GPU compile / run time so far (webgpu only). */
  get gpuTiming(): GpuSupervisor['timing'] | undefined {
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

export type PoolBackedEvaluator = Evaluator & {
  readonly gpuTiming: GpuSupervisor['timing'] | undefined;
  readonly supervisor: GpuSupervisor | undefined;
  backendFor(task: TaskRef): BackendInfo;
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
  const preferCpu = options.backend === 'auto' && info.details.software === true;
  if (preferCpu) log('optimizer tasks: cpu threads (faster than a software adapter there; --backend webgpu forces the GPU)');
  return new PoolEvaluator(info, gpu, cpuThreads, undefined, preferCpu);
}
