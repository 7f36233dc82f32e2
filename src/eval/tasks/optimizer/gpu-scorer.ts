/**
 * Scores optimizer programs on a WebGPU device: every (candidate, instance, grid lr) training of a
 * batch runs inside one WGSL kernel (wgsl/training-kernel.ts), a few hundred steps per dispatch,
 * and only six floats per training come back. Scores then follow fitness.ts exactly as on the
 * CPU, with tuned AdamW trained on the same device (so AdamW scores exactly 0 here too).
 *
 * Candidate functions are deduplicated by structure (literals live in a buffer), so programs that
 * differ only in constants share one switch case, and pipelines are cached by module text. A
 * module that fails to compile is split: structures that compile alone are kept, the others'
 * programs are invalid with the compiler's message.
 *
 * The caller owns the device (src/eval/backends/webgpu/device.ts acquires it).
 */
import { emitWgslFunction, wgslHelpers } from '../../../dsl/emit/wgsl.ts';
import type { WgslFunction } from '../../../dsl/emit/wgsl.ts';
import type { Program } from '../../../dsl/program.ts';
import { loadSeed } from '../../../dsl/seeds/index.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { BASELINE_SEED } from './baselines.ts';
import type { OptInstance } from './family.ts';
import { getFamily } from './families/index.ts';
import { familyScore, tuneBaseline } from './fitness.ts';
import type { Baseline, FamilyScore, TrainingOutcome } from './fitness.ts';
import { buildInstances } from './instances.ts';
import { toCandidateResult } from './score.ts';
import type { OptimizerTask } from './task.ts';
import { DIVERGENCE_FACTOR, lateWindow } from './trainer.ts';
import type { TrainingSummary } from './trainer.ts';
import { instanceHeader, kernelSteps, loopIterationsPerStep } from './wgsl/families-wgsl.ts';
import { PARAMS_BYTES, RESULT_FLOATS, trainingKernelSource, WORKGROUP_SIZE } from './wgsl/training-kernel.ts';

/** The device this scorer uses: a `GPUDevice` and its limits (as device.ts's AcquiredDevice has them). */
export interface OptimizerGpu {
  readonly device: GPUDevice;
  readonly limits: Readonly<Record<string, number>>;
  /** A software adapter (llvmpipe, lavapipe): dispatches are then sized to its loop limit. */
  readonly software: boolean;
}

/**
 * Loop iterations one invocation may run per dispatch on a gallivm software adapter: Mesa stops
 * every loop of an invocation after 65535 in total (LP_MAX_TGSI_LOOP_ITERATIONS), and a SIMD
 * vector also enters (once) the loops of switch cases none of its lanes takes, so this keeps a
 * wide margin; SOFTWARE_STEP_OVERHEAD counts those entries per step.
 */
export const SOFTWARE_LOOP_BUDGET = 40000;
export const SOFTWARE_STEP_OVERHEAD = 64;

export interface OptimizerGpuScorerOptions {
  /** Training steps per dispatch on a hardware adapter (keeps each dispatch short); software adapters use SOFTWARE_LOOP_BUDGET. */
  readonly stepsPerDispatch: number;
  /** Compiled pipelines kept. */
  readonly cacheSize: number;
}

export const DEFAULT_OPTIMIZER_GPU_OPTIONS: OptimizerGpuScorerOptions = { stepsPerDispatch: 500, cacheSize: 16 };

export interface OptimizerGpuTiming {
  compileMs: number;
  runMs: number;
  dispatches: number;
  trainings: number;
  parameterUpdates: number;
}

/** A task's instances on the device. */
interface TaskData {
  readonly families: readonly { readonly id: string; readonly instances: readonly OptInstance[]; readonly headers: readonly number[] }[];
  readonly data: GPUBuffer;
  readonly inst: GPUBuffer;
}

/** Per program: outcomes[family][lr][instance], or why it could not run. */
type ProgramOutcomes = { readonly outcomes: TrainingOutcome[][][] } | { readonly error: string };

/** One switch case: a structure, emitted from the first program that has it. */
interface Case {
  readonly fn: WgslFunction;
  readonly program: Program;
}

export class OptimizerGpuScorer {
  private readonly device: GPUDevice;
  private readonly options: OptimizerGpuScorerOptions;
  private readonly maxWorkgroups: number;
  private readonly uniformAlignment: number;
  private readonly software: boolean;
  private readonly layout: GPUBindGroupLayout;
  private readonly pipelineLayout: GPUPipelineLayout;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly tasks = new Map<string, TaskData>();
  private readonly baselines = new Map<string, readonly Baseline[]>();
  readonly timing: OptimizerGpuTiming = { compileMs: 0, runMs: 0, dispatches: 0, trainings: 0, parameterUpdates: 0 };

  constructor(gpu: OptimizerGpu, options: Partial<OptimizerGpuScorerOptions> = {}) {
    this.device = gpu.device;
    this.options = { ...DEFAULT_OPTIMIZER_GPU_OPTIONS, ...options };
    this.maxWorkgroups = gpu.limits.maxComputeWorkgroupsPerDimension ?? 65535;
    this.uniformAlignment = gpu.device.limits.minUniformBufferOffsetAlignment;
    this.software = gpu.software;
    const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    this.layout = this.device.createBindGroupLayout({
      entries: [
        entry(0, 'read-only-storage'),
        entry(1, 'read-only-storage'),
        entry(2, 'read-only-storage'),
        entry(3, 'read-only-storage'),
        entry(4, 'read-only-storage'),
        entry(5, 'storage'),
        entry(6, 'storage'),
        entry(7, 'uniform'),
      ],
    });
    this.pipelineLayout = this.device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
  }

  /** Scores programs on an optimizer task; one result per program, in order. */
  async score(task: OptimizerTask, programs: readonly Program[]): Promise<CandidateResult[]> {
    const baselines = await this.baseline(task);
    const runs = await this.train(task, programs);
    return runs.map((run) => {
      if ('error' in run) return { score: Infinity, valid: false, measures: {}, error: run.error };
      const families: Record<string, FamilyScore> = {};
      let total = 0;
      let trainings = 0;
      task.families.forEach((id, f) => {
        const family = getFamily(id);
        const s = familyScore(family.lrGrid[task.sizing], run.outcomes[f], baselines[f], family.lossFloor);
        families[id] = s;
        total += s.score;
        trainings += run.outcomes[f].length * task.instances;
      });
      return toCandidateResult({ score: total / task.families.length, families, trainings });
    });
  }

  /** Tuned AdamW on this device, per family of the task (cached). */
  async baseline(task: OptimizerTask): Promise<readonly Baseline[]> {
    const key = taskKey(task);
    const cached = this.baselines.get(key);
    if (cached) return cached;
    const [run] = await this.train(task, [loadSeed(BASELINE_SEED)]);
    if ('error' in run) throw new Error(`webgpu: the AdamW baseline failed to run: ${run.error}`);
    const b = task.families.map((id, f) => {
      const family = getFamily(id);
      return tuneBaseline(family.lrGrid[task.sizing], run.outcomes[f], family.lossFloor);
    });
    this.baselines.set(key, b);
    return b;
  }

  /** Trains every program on every instance of the task at every grid lr; outcomes[family][lr][instance]. */
  async train(task: OptimizerTask, programs: readonly Program[]): Promise<ProgramOutcomes[]> {
    const data = this.taskData(task);
    // Structures: one switch case per distinct structure; literals per program.
    const structures = new Map<string, number>();
    const cases: Case[] = [];
    const perProgram: ({ readonly structure: number; readonly literals: readonly number[] } | { readonly error: string })[] = programs.map((p) => {
      if (p.domain !== 'optimizer') return { error: `task ${task.id} scores optimizer programs, got a ${p.domain} program` };
      try {
        const fn = emitWgslFunction(p, { name: `sd_cand_${cases.length}` });
        let k = structures.get(fn.structure);
        if (k === undefined) {
          k = cases.length;
          structures.set(fn.structure, k);
          cases.push({ fn, program: p });
        }
        return { structure: k, literals: fn.literals };
      } catch (e) {
        return { error: `WGSL emit failed: ${(e as Error).message}` };
      }
    });
    const { pipeline, rejected, caseOf } = await this.pipelineFor(cases, task.families);
    const runnable: number[] = [];
    const results: (ProgramOutcomes | undefined)[] = perProgram.map((pp, i) => {
      if ('error' in pp) return pp;
      const reason = rejected.get(pp.structure);
      if (reason !== undefined) return { error: `WGSL compile failed: ${reason}` };
      runnable.push(i);
      return undefined;
    });
    if (runnable.length > 0 && pipeline) {
      const outcomes = await this.run(task, data, pipeline, runnable.map((i) => {
        const pp = perProgram[i] as { structure: number; literals: readonly number[] };
        return { which: caseOf.get(pp.structure) as number, literals: pp.literals };
      }));
      runnable.forEach((i, r) => (results[i] = { outcomes: outcomes[r] }));
    }
    return results.map((r) => r ?? { error: 'internal error: program not trained' });
  }

  private taskData(task: OptimizerTask): TaskData {
    const key = taskKey(task);
    const cached = this.tasks.get(key);
    if (cached) return cached;
    const floats: number[] = [];
    const headers: number[] = [];
    const families = task.families.map((id) => {
      const instances = buildInstances(id, task.seed, task.instances, task.sizing);
      const headerIndex = instances.map((inst) => {
        const dataOffset = floats.length;
        for (const x of inst.data) floats.push(x);
        const initOffset = floats.length;
        for (const x of inst.init) floats.push(x);
        const h = headers.length;
        headers.push(...instanceHeader(inst, dataOffset, initOffset));
        return h;
      });
      return { id, instances, headers: headerIndex };
    });
    const t: TaskData = {
      families,
      data: this.upload(new Float32Array(floats.length > 0 ? floats : [0]), GPUBufferUsage.STORAGE),
      inst: this.upload(new Uint32Array(headers), GPUBufferUsage.STORAGE),
    };
    this.tasks.set(key, t);
    return t;
  }

  private upload(array: Float32Array | Uint32Array, usage: number): GPUBuffer {
    const size = Math.max(16, Math.ceil(array.byteLength / 16) * 16);
    const buffer = this.device.createBuffer({ size, usage: usage | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
    const view = array instanceof Float32Array ? new Float32Array(buffer.getMappedRange()) : new Uint32Array(buffer.getMappedRange());
    view.set(array);
    buffer.unmap();
    return buffer;
  }

  /** A pipeline for these cases, splitting out structures that do not compile. */
  private async pipelineFor(cases: readonly Case[], familyIds: readonly string[]): Promise<{ pipeline?: GPUComputePipeline; rejected: Map<number, string>; caseOf: Map<number, number> }> {
    const rejected = new Map<number, string>();
    let kept = cases.map((_, k) => k);
    if (kept.length === 0) return { rejected, caseOf: new Map() };
    let first = await this.compile(kept.map((k) => cases[k].program), familyIds);
    if ('error' in first) {
      const good: number[] = [];
      for (const k of kept) {
        const alone = await this.compile([cases[k].program], familyIds);
        if ('error' in alone) rejected.set(k, alone.error);
        else good.push(k);
      }
      kept = good;
      if (kept.length === 0) return { rejected, caseOf: new Map() };
      first = await this.compile(kept.map((k) => cases[k].program), familyIds);
      if ('error' in first) throw new Error(`webgpu: optimizer kernel fails to compile with structures that compile alone: ${first.error}`);
    }
    return { pipeline: first.pipeline, rejected, caseOf: new Map(kept.map((k, i) => [k, i])) };
  }

  private async compile(programs: readonly Program[], familyIds: readonly string[]): Promise<{ pipeline: GPUComputePipeline } | { error: string }> {
    // Case i calls sd_cand_i. Literals come from the buffer, so the text holds structure only.
    const fns = programs.map((p, i) => emitWgslFunction(p, { name: `sd_cand_${i}` }));
    const source = trainingKernelSource(fns, wgslHelpers(fns), familyIds, DIVERGENCE_FACTOR);
    const cached = this.pipelines.get(source);
    if (cached) {
      this.pipelines.delete(source);
      this.pipelines.set(source, cached);
      return { pipeline: cached };
    }
    const t0 = performance.now();
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code: source });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    let pipeline: GPUComputePipeline | undefined;
    let failure: string | undefined;
    if (errors.length === 0) {
      try {
        pipeline = await this.device.createComputePipelineAsync({ layout: this.pipelineLayout, compute: { module, entryPoint: 'main' } });
      } catch (e) {
        failure = (e as Error).message;
      }
    } else failure = errors.map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
    const scoped = await this.device.popErrorScope();
    if (scoped && !failure) failure = scoped.message;
    this.timing.compileMs += performance.now() - t0;
    if (failure || !pipeline) return { error: failure ?? 'pipeline creation failed' };
    this.pipelines.set(source, pipeline);
    while (this.pipelines.size > this.options.cacheSize) this.pipelines.delete(this.pipelines.keys().next().value as string);
    return { pipeline };
  }

  /** Runs the kernel for these (case, literals) candidates; outcomes[candidate][family][lr][instance]. */
  private async run(task: OptimizerTask, data: TaskData, pipeline: GPUComputePipeline, candidates: readonly { which: number; literals: readonly number[] }[]): Promise<TrainingOutcome[][][][]> {
    const t0 = performance.now();
    const consts: number[] = [];
    const bases = candidates.map((c) => {
      const base = consts.length;
      consts.push(...c.literals);
      return base;
    });
    // Trainings family-major, so each family is one contiguous range (one dispatch series).
    const train: number[] = [];
    const lrs: number[] = [];
    const layout: { c: number; f: number; k: number; i: number; window: number }[] = [];
    const ranges: { offset: number; count: number; steps: number; chunk: number }[] = [];
    let state = 0;
    data.families.forEach((fam, f) => {
      const grid = getFamily(fam.id).lrGrid[task.sizing];
      const offset = layout.length;
      let steps = 0;
      let perStep = 1;
      candidates.forEach((cand, c) => {
        grid.forEach((lr, k) => {
          fam.instances.forEach((inst, i) => {
            train.push(fam.headers[i], cand.which, bases[c], state);
            lrs.push(lr);
            layout.push({ c, f, k, i, window: lateWindow(inst.steps) });
            state += 4 * inst.dim;
            steps = Math.max(steps, kernelSteps(inst));
            perStep = Math.max(perStep, loopIterationsPerStep(inst));
          });
        });
      });
      const chunk = this.software ? Math.max(1, Math.floor(SOFTWARE_LOOP_BUDGET / (perStep + SOFTWARE_STEP_OVERHEAD))) : this.options.stepsPerDispatch;
      ranges.push({ offset, count: layout.length - offset, steps, chunk });
    });
    const count = layout.length;
    const buffers = [
      this.upload(new Uint32Array(train), GPUBufferUsage.STORAGE),
      this.upload(new Float32Array(lrs), GPUBufferUsage.STORAGE),
      this.upload(new Float32Array(consts.length > 0 ? consts : [0]), GPUBufferUsage.STORAGE),
    ];
    const stateBuffer = this.device.createBuffer({ size: Math.max(16, state * 4), usage: GPUBufferUsage.STORAGE });
    const resBytes = Math.max(16, count * RESULT_FLOATS * 4);
    const resBuffer = this.device.createBuffer({ size: resBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readBuffer = this.device.createBuffer({ size: resBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    // One uniform slot per dispatch, at the device's offset alignment.
    const passes: { range: (typeof ranges)[number]; start: number; x: number; y: number }[] = [];
    for (const range of ranges) {
      const groups = Math.ceil(range.count / WORKGROUP_SIZE);
      const x = Math.min(groups, this.maxWorkgroups);
      const y = Math.ceil(groups / x);
      for (let start = 1; start <= range.steps; start += range.chunk) passes.push({ range, start, x, y });
    }
    const stride = Math.max(PARAMS_BYTES, this.uniformAlignment);
    const params = new Uint32Array((passes.length * stride) / 4);
    passes.forEach((p, n) => params.set([p.range.count, p.start, p.start + p.range.chunk, p.x, p.range.offset], (n * stride) / 4));
    const paramBuffer = this.upload(params, GPUBufferUsage.UNIFORM);
    const encoder = this.device.createCommandEncoder();
    passes.forEach((p, n) => {
      const resources: GPUBindingResource[] = [data.data, data.inst, buffers[0], buffers[1], buffers[2], stateBuffer, resBuffer].map((buffer) => ({ buffer }));
      resources.push({ buffer: paramBuffer, offset: n * stride, size: PARAMS_BYTES });
      const bind = this.device.createBindGroup({ layout: this.layout, entries: resources.map((resource, binding) => ({ binding, resource })) });
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(p.x, p.y);
      pass.end();
    });
    encoder.copyBufferToBuffer(resBuffer, 0, readBuffer, 0, resBytes);
    this.device.queue.submit([encoder.finish()]);
    await readBuffer.mapAsync(GPUMapMode.READ);
    const res = new Float32Array(readBuffer.getMappedRange().slice(0));
    readBuffer.unmap();
    for (const b of [...buffers, paramBuffer, stateBuffer, resBuffer, readBuffer]) b.destroy();

    const out: TrainingOutcome[][][][] = candidates.map(() => data.families.map((fam) => getFamily(fam.id).lrGrid[task.sizing].map(() => new Array<TrainingOutcome>(fam.instances.length))));
    const holdouts = data.families.map((fam) => getFamily(fam.id).holdout);
    layout.forEach((l, j) => {
      const o = j * RESULT_FLOATS;
      const diverged = res[o + 3] !== 0;
      const holdout = holdouts[l.f];
      const summary: TrainingSummary = {
        initialLoss: res[o],
        finalLoss: diverged ? NaN : res[o + 1] / l.window,
        diverged,
        stepsRun: res[o + 2],
        ...(holdout ? { heldOutLoss: diverged ? NaN : res[o + 4] } : {}),
        ...(holdout?.classifier ? { heldOutAccuracy: diverged ? NaN : res[o + 5] } : {}),
      };
      out[l.c][l.f][l.k][l.i] = summary;
      this.timing.parameterUpdates += res[o + 2] * data.families[l.f].instances[l.i].dim;
    });
    this.timing.trainings += count;
    this.timing.dispatches += passes.length;
    this.timing.runMs += performance.now() - t0;
    return out;
  }
}

function taskKey(task: OptimizerTask): string {
  return `${task.id}/${task.sizing}/${task.seed}/${task.instances}`;
}
