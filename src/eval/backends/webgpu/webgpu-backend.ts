/**
 * The WebGPU backend: one device, one pipeline layer (pipelines.ts, with the timing record the
 * child sends to its parent), and each task kind's GPU scorer on them (tasks/registry.ts), made
 * when the device is ready. It lives in a GPU child process (pool/gpu-child.ts), never in the main
 * process: a native crash in Dawn kills the process that holds the device, and only that process.
 */
import type { BackendInfo, CandidateResult } from '../../evaluator.ts';
import { gpuSupports, taskKind, taskKinds } from '../../tasks/registry.ts';
import type { GpuScorer, TaskDefinition } from '../../tasks/types.ts';
import { scoreTexts } from '../../score-texts.ts';
import { acquireDevice, describeDevice } from './device.ts';
import type { AcquiredDevice } from './device.ts';
import { GpuPipelines } from './pipelines.ts';
import type { GpuTiming } from './pipelines.ts';

export interface WebGpuBackendOptions {
  /** Skip the hardware adapter and use Dawn's GLES backend (tests of the fallback path). */
  readonly onlyGles?: boolean;
  /** Read by the task kinds' GPU scorers (pool/gpu-protocol.ts GpuChildOptions). */
  readonly [option: string]: unknown;
}

export class WebGpuBackend {
  readonly info: BackendInfo;
  readonly pipelines: GpuPipelines;
  private readonly scorers = new Map<string, Promise<GpuScorer>>();

  private constructor(
    readonly gpu: AcquiredDevice,
    private readonly options: WebGpuBackendOptions,
  ) {
    this.pipelines = new GpuPipelines(gpu.device);
    const details: Record<string, string | number | boolean> = {};
    const described: string[] = [];
    for (const kind of taskKinds()) {
      if (!kind.gpu) continue;
      const scorer = kind.gpu.create({ gpu, pipelines: this.pipelines, options });
      this.scorers.set(kind.name, Promise.resolve(scorer));
      Object.assign(details, scorer.details ?? {});
      if (scorer.description) described.push(scorer.description);
    }
    this.info = {
      backend: 'webgpu',
      description: [describeDevice(gpu), ...described].join('; '),
      details: { ...gpu.adapterInfo, dawnBackend: gpu.dawnBackend, featureLevel: gpu.featureLevel, software: gpu.software, ...details, ...gpu.limits },
    };
  }

  /** The kind's scorer on this device; made (and prepared) on first need for kinds registered later (`--task-module`). */
  private scorerFor(task: TaskDefinition): Promise<GpuScorer> | undefined {
    const made = this.scorers.get(task.kind);
    if (made) return made;
    const kind = taskKind(task);
    if (!kind.gpu) return undefined;
    const scorer = kind.gpu.create({ gpu: this.gpu, pipelines: this.pipelines, options: this.options });
    const ready = (scorer.prepare?.() ?? Promise.resolve()).then(() => scorer);
    this.scorers.set(task.kind, ready);
    return ready;
  }

  /** Cumulative compile and run time of every scorer on this device, for the benchmark and logs. */
  get timing(): GpuTiming {
    return this.pipelines.timing;
  }

  /** The backend on the first adapter the fallback order yields, or the reasons there is none. */
  static async create(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend | { readonly missing: readonly string[] }> {
    const gpu = await acquireDevice({ onlyGles: options.onlyGles ?? false });
    if (!('device' in gpu)) return gpu;
    const backend = new WebGpuBackend(gpu, options);
    for (const scorer of backend.scorers.values()) await (await scorer).prepare?.();
    return backend;
  }

  async evaluate(task: TaskDefinition, texts: readonly string[]): Promise<CandidateResult[]> {
    const pending = gpuSupports(task) ? this.scorerFor(task) : undefined;
    if (!pending) throw new Error(`webgpu backend: cannot score ${task.id} (${JSON.stringify(task.options)})`);
    const scorer = await pending;
    return scoreTexts(task, texts, (programs) => scorer.score(task, programs));
  }
}
