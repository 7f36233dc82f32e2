/**
 * Scores optimizer programs on a WebGPU device: every (candidate, instance, grid lr) training of a
 * batch runs inside one WGSL kernel (wgsl/training-kernel.ts), a few hundred steps per dispatch,
 * and only six floats per training come back. Scores then follow fitness.ts exactly as on the
 * CPU, with tuned AdamW trained on the same device (so AdamW scores exactly 0 here too).
 *
 * Candidate functions are deduplicated by structure (literals live in a buffer), so programs that
 * differ only in constants share one switch case. Compiling, the pipeline cache (by module text)
 * and the timing record are the pipeline layer's (backends/webgpu/pipelines.ts): a module that
 * fails to compile is bisected there, the culprits' programs are invalid with the compiler's
 * message, and the structures that compile are trained together in one module.
 *
 * The caller owns the device (src/eval/backends/webgpu/device.ts acquires it).
 */
import { emitWgslFunction, wgslHelpers } from '../../../dsl/emit/wgsl.ts';
import type { WgslFunction } from '../../../dsl/emit/wgsl.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { BASELINE_SEED, baselineVariants } from './baselines.ts';
import type { OptInstance } from './family.ts';
import { getFamily } from './families/index.ts';
import { familyScore, taskScore, tuneBaselineOver } from './fitness.ts';
import type { Baseline, FamilyScore, TrainingOutcome } from './fitness.ts';
import { buildInstances } from './instances.ts';
import { toCandidateResult } from './score.ts';
import type { OptimizerTask } from './task.ts';
import { DIVERGENCE_FACTOR, lateWindow } from './trainer.ts';
import type { TrainingSummary } from './trainer.ts';
import { familiesWgsl, instanceHeader, kernelSteps, loopIterationsPerStep } from './wgsl/families-wgsl.ts';
import { PARAMS_BYTES, RESULT_FLOATS, trainingKernelSource, WORKGROUP_SIZE } from './wgsl/training-kernel.ts';
import { count, GpuPipelines } from '../../backends/webgpu/pipelines.ts';
import type { GpuTiming } from '../../backends/webgpu/pipelines.ts';

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
 * wide margin; softwareStepOverhead counts those entries per step.
 */
export const SOFTWARE_LOOP_BUDGET = 40000;
/** Loop entries per step of the kernel itself and its update cases (see softwareStepOverhead). */
export const SOFTWARE_STEP_OVERHEAD = 64;

/**
 * Loop entries one step may add on a software adapter through the loops of switch cases none of a
 * vector's lanes takes: SOFTWARE_STEP_OVERHEAD, plus two per loop of these families' code (a
 * helper inlined at its training and its held-out call site is entered at both). It grows with
 * the families a kernel holds: with charlm's window loops in the suite, a fixed 64 let a
 * rosenbrock dispatch run past Mesa's limit, and its trainings stopped silently.
 */
export function softwareStepOverhead(familyIds: readonly string[]): number {
  return SOFTWARE_STEP_OVERHEAD + 2 * (familiesWgsl(familyIds).code.match(/\bfor \(/g)?.length ?? 0);
}

export interface OptimizerGpuScorerOptions {
  /** Training steps per dispatch on a hardware adapter (keeps each dispatch short); software adapters use SOFTWARE_LOOP_BUDGET. */
  readonly stepsPerDispatch: number;
}

export const DEFAULT_OPTIMIZER_GPU_OPTIONS: OptimizerGpuScorerOptions = { stepsPerDispatch: 500 };

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
  /** Compiles, caches pipelines and keeps the timing record (shared with the other scorers of the device). */
  readonly pipelines: GpuPipelines;
  private readonly tasks = new Map<string, TaskData>();
  private readonly baselines = new Map<string, readonly Baseline[]>();

  constructor(gpu: OptimizerGpu, options: Partial<OptimizerGpuScorerOptions> = {}, pipelines?: GpuPipelines) {
    this.device = gpu.device;
    this.pipelines = pipelines ?? new GpuPipelines(gpu.device);
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

  /** Compile and run time, trainings (`counts.trainings`), dispatches and parameter updates so far. */
  get timing(): GpuTiming {
    return this.pipelines.timing;
  }

  /** Scores programs on an optimizer task; one result per program, in order. */
  async score(task: OptimizerTask, programs: readonly Program[]): Promise<CandidateResult[]> {
    const baselines = await this.baseline(task);
    const runs = await this.train(task, programs);
    return runs.map((run) => {
      if ('error' in run) return { score: Infinity, valid: false, measures: {}, error: run.error };
      const families: Record<string, FamilyScore> = {};
      let trainings = 0;
      task.families.forEach((id, f) => {
        const family = getFamily(id);
        const s = familyScore(family.lrGrid[task.sizing], run.outcomes[f], baselines[f], family.lossFloor);
        families[id] = s;
        trainings += run.outcomes[f].length * task.instances;
      });
      return toCandidateResult({ score: taskScore(Object.values(families).map((s) => s.score), task.gainCap), families, trainings });
    });
  }

  /** Tuned AdamW on this device, per family of the task (cached). */
  async baseline(task: OptimizerTask): Promise<readonly Baseline[]> {
    const key = taskKey(task);
    const cached = this.baselines.get(key);
    if (cached) return cached;
    // Every weight-decay variant of AdamW (baselines.ts), tuned over decay and lr as on the CPU.
    const variants = baselineVariants(BASELINE_SEED);
    const runs = await this.train(task, variants.map((v) => v.program));
    const outcomes = runs.map((run) => {
      if ('error' in run) throw new Error(`webgpu: the AdamW baseline failed to run: ${run.error}`);
      return run.outcomes;
    });
    const b = task.families.map((id, f) => {
      const family = getFamily(id);
      return tuneBaselineOver(family.lrGrid[task.sizing], variants.map((v, k) => ({ weightDecay: v.weightDecay ?? 0, results: outcomes[k][f] })), family.lossFloor);
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

  /** A pipeline for these cases; structures that do not compile are bisected out (rejected, with the compiler's message). */
  private async pipelineFor(cases: readonly Case[], familyIds: readonly string[]): Promise<{ pipeline?: GPUComputePipeline; rejected: ReadonlyMap<number, string>; caseOf: Map<number, number> }> {
    if (cases.length === 0) return { rejected: new Map(), caseOf: new Map() };
    // Case i calls sd_cand_i. Literals come from the buffer, so the text holds structure only.
    const source = (ks: readonly number[]): string => {
      const fns = ks.map((k, i) => emitWgslFunction(cases[k].program, { name: `sd_cand_${i}` }));
      return trainingKernelSource(fns, wgslHelpers(fns), familyIds, DIVERGENCE_FACTOR);
    };
    const request = { layout: this.pipelineLayout };
    const { modules, rejected } = await this.pipelines.bisect(cases.map((_, k) => k), source, request);
    if (modules.length === 0) return { rejected, caseOf: new Map() };
    // One module trains every candidate: after a bisection, the structures that compiled go in one again.
    const kept = modules.length === 1 ? modules[0].items : cases.map((_, k) => k).filter((k) => !rejected.has(k));
    const whole = modules.length === 1 ? modules[0] : await this.pipelines.compile({ ...request, code: source(kept) });
    if ('error' in whole) throw new Error(`webgpu: optimizer kernel fails to compile with structures that compile alone: ${whole.error}`);
    return { pipeline: whole.pipeline, rejected, caseOf: new Map(kept.map((k, i) => [k, i])) };
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
    const overhead = this.software ? softwareStepOverhead(data.families.map((fam) => fam.id)) : 0;
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
      const chunk = this.software ? Math.max(1, Math.floor(SOFTWARE_LOOP_BUDGET / (perStep + overhead))) : this.options.stepsPerDispatch;
      ranges.push({ offset, count: layout.length - offset, steps, chunk });
    });
    const trainings = layout.length;
    const buffers = [
      this.upload(new Uint32Array(train), GPUBufferUsage.STORAGE),
      this.upload(new Float32Array(lrs), GPUBufferUsage.STORAGE),
      this.upload(new Float32Array(consts.length > 0 ? consts : [0]), GPUBufferUsage.STORAGE),
    ];
    const stateBuffer = this.device.createBuffer({ size: Math.max(16, state * 4), usage: GPUBufferUsage.STORAGE });
    const resBytes = Math.max(16, trainings * RESULT_FLOATS * 4);
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
      count(this.timing, 'parameterUpdates', res[o + 2] * data.families[l.f].instances[l.i].dim);
    });
    count(this.timing, 'trainings', trainings);
    count(this.timing, 'dispatches', passes.length);
    this.timing.runMs += performance.now() - t0;
    return out;
  }
}

function taskKey(task: OptimizerTask): string {
  return `${task.id}/${task.sizing}/${task.seed}/${task.instances}`;
}
