/**
 * The one WebGPU pipeline layer every GPU scorer compiles through (tasks/<kind>/gpu-scorer.ts):
 * - `compile`: a compute pipeline with error scopes pushed, the module and pipeline created and the
 *   scopes popped with no await in between (error scopes are one stack per device and several
 *   compiles are in flight at once, so awaiting inside a scope, e.g. on getCompilationInfo, would
 *   mix their errors); the compiler's first message on failure;
 * - one LRU of pipelines, by layout and module text (texts hold structure only, literals are data);
 * - `bisect`: a module that fails is split in halves until the culprits are alone, so the rest of
 *   the batch is still scored and each culprit is rejected with its own message;
 * - one timing record (`GpuTiming`), which the GPU child sends to the parent with every batch
 *   (pool/gpu-protocol.ts) and the supervisor sums.
 */
import { Lru } from '../../../util/lru.ts';

export interface GpuTiming {
  /** Shader module + pipeline creation, warm-up dispatch included (cache misses only). */
  compileMs: number;
  /** Upload, dispatch and read-back. */
  runMs: number;
  modulesCompiled: number;
  /** Modules (or, for scorers that cache per structure, structures) found compiled. */
  cacheHits: number;
  /** Scorer-specific counters (`interpreted`, `trainings`, `dispatches`, ...), summed like the rest. */
  counts?: Record<string, number>;
}

export function emptyTiming(): GpuTiming {
  return { compileMs: 0, runMs: 0, modulesCompiled: 0, cacheHits: 0, counts: {} };
}

/** Adds `n` to the scorer-specific counter `name`. */
export function count(t: GpuTiming, name: string, n: number): void {
  t.counts ??= {};
  t.counts[name] = (t.counts[name] ?? 0) + n;
}

/** `into += from`, counters included. */
export function addTiming(into: GpuTiming, from: GpuTiming): void {
  into.compileMs += from.compileMs;
  into.runMs += from.runMs;
  into.modulesCompiled += from.modulesCompiled;
  into.cacheHits += from.cacheHits;
  for (const [name, n] of Object.entries(from.counts ?? {})) count(into, name, n);
}

/** `after - before`: what happened between two snapshots of one record. */
export function timingSince(after: GpuTiming, before: GpuTiming): GpuTiming {
  const counts: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.counts ?? {})) counts[name] = n - (before.counts?.[name] ?? 0);
  return {
    compileMs: after.compileMs - before.compileMs,
    runMs: after.runMs - before.runMs,
    modulesCompiled: after.modulesCompiled - before.modulesCompiled,
    cacheHits: after.cacheHits - before.cacheHits,
    counts,
  };
}

/** A copy of `t` (its counters too), for `timingSince`. */
export function snapshotTiming(t: GpuTiming): GpuTiming {
  return { ...t, counts: { ...(t.counts ?? {}) } };
}

export type CompileOutcome = { readonly pipeline: GPUComputePipeline } | { readonly error: string };

export interface CompileRequest {
  readonly code: string;
  readonly layout: GPUPipelineLayout;
  /**
   * Bindings for an empty dispatch right after creation: drivers may defer code generation to the
   * first dispatch (Mesa llvmpipe does), and this puts that cost where it belongs, in compile time.
   */
  readonly warmUp?: () => GPUBindGroup;
}

/** What `bisect` made of a list of items: modules that compiled (with their items, in case order) and rejected items. */
export interface BisectOutcome<T> {
  readonly modules: readonly { readonly items: readonly T[]; readonly pipeline: GPUComputePipeline }[];
  readonly rejected: ReadonlyMap<T, string>;
}

export const DEFAULT_PIPELINE_CACHE_SIZE = 256;

export class GpuPipelines {
  private readonly cache: Lru<string, Promise<CompileOutcome>>;
  private readonly layoutIds = new WeakMap<GPUPipelineLayout, number>();

  constructor(
    private readonly device: GPUDevice,
    readonly timing: GpuTiming = emptyTiming(),
    cacheSize = DEFAULT_PIPELINE_CACHE_SIZE,
  ) {
    this.cache = new Lru(cacheSize);
  }

  /** The pipeline for this module text and layout: from the cache, or compiled (failures are not cached). */
  compile(request: CompileRequest): Promise<CompileOutcome> {
    const key = `${this.layoutId(request.layout)}\n${request.code}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.timing.cacheHits++;
      return hit;
    }
    this.begin();
    const pending = this.compileUncached(request).then((outcome) => {
      if ('error' in outcome) this.cache.delete(key);
      return outcome;
    });
    void pending.finally(() => this.end());
    this.cache.set(key, pending);
    return pending;
  }

  /**
   * Compiles `items` as one module (`source(items)`), splitting a module that fails in halves until
   * each failing item is alone: the items of every module that compiled come back with it, each
   * culprit with the compiler's message.
   */
  async bisect<T>(items: readonly T[], source: (group: readonly T[]) => string, request: Omit<CompileRequest, 'code'>): Promise<BisectOutcome<T>> {
    const modules: { items: readonly T[]; pipeline: GPUComputePipeline }[] = [];
    const rejected = new Map<T, string>();
    const visit = async (group: readonly T[]): Promise<void> => {
      if (group.length === 0) return;
      const outcome = await this.compile({ ...request, code: source(group) });
      if ('pipeline' in outcome) {
        modules.push({ items: group, pipeline: outcome.pipeline });
        return;
      }
      if (group.length === 1) {
        rejected.set(group[0], outcome.error);
        return;
      }
      const half = Math.ceil(group.length / 2);
      await Promise.all([visit(group.slice(0, half)), visit(group.slice(half))]);
    };
    await visit(items);
    return { modules, rejected };
  }

  private layoutId(layout: GPUPipelineLayout): number {
    let id = this.layoutIds.get(layout);
    if (id === undefined) {
      id = this.nextLayoutId++;
      this.layoutIds.set(layout, id);
    }
    return id;
  }

  private nextLayoutId = 0;
  private inFlight = 0;
  private busySince = 0;

  /** compileMs counts the time at least one compile is in flight (compiles overlap; none is counted twice). */
  private begin(): void {
    if (this.inFlight++ === 0) this.busySince = performance.now();
  }

  private end(): void {
    if (--this.inFlight === 0) this.timing.compileMs += performance.now() - this.busySince;
  }

  private async compileUncached(request: CompileRequest): Promise<CompileOutcome> {
    const device = this.device;
    // Push, create and pop with no await in between (see the module comment).
    device.pushErrorScope('validation');
    device.pushErrorScope('internal');
    const module = device.createShaderModule({ code: request.code });
    const pending = device.createComputePipelineAsync({ layout: request.layout, compute: { module, entryPoint: 'main' } });
    const internalScope = device.popErrorScope();
    const validationScope = device.popErrorScope();
    let pipeline: GPUComputePipeline | undefined;
    let failure: string | undefined;
    try {
      pipeline = await pending;
    } catch (error) {
      failure = (error as Error).message;
    }
    const internal = await internalScope;
    const validation = await validationScope;
    this.timing.modulesCompiled++;
    if (pipeline && !internal && !validation) {
      if (request.warmUp) {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, request.warmUp());
        pass.dispatchWorkgroups(1, 1);
        pass.end();
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
      }
      return { pipeline };
    }
    // Outside every error scope now: reading the compiler's messages is safe.
    const info = await module.getCompilationInfo();
    const messages = info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`);
    const reason = messages[0] ?? validation?.message ?? internal?.message ?? failure ?? 'unknown error';
    return { error: reason.split('\n')[0] };
  }
}
