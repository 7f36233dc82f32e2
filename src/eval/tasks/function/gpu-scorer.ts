/**
 * Scores a batch of function-approximation candidates on a WebGPU device, with the error
 * reductions on the device (gpu-kernel.ts) and four numbers per candidate read back.
 *
 * Two ways to run a candidate, chosen per program structure (literals are data, so programs that
 * differ only in constants share a structure):
 * - interpreter: the candidate's bytecode runs on one pre-compiled interpreter module; no compile;
 * - compiled: the structure becomes WGSL (dsl/emit/wgsl.ts), `groupSize` structures per module
 *   behind a switch; faster per point, but each module costs a compile.
 *
 * `hybrid` (the default) interprets a structure until the work it has cost (node-evaluations over
 * this scorer's life) passes `compileAfterNodeEvaluations`, then compiles it: fresh candidates
 * never pay a compile, and a structure scored again and again (constant fitting scores one
 * structure with many constant vectors) gets the compiled speed.
 *
 * Measured with bench/compile-strategy.ts (fresh random programs of 5-30 ops, every op; compile
 * includes the driver's deferred code generation; Mesa's disk cache off), results in
 * results/bench/compile-strategy*.json:
 *
 *   compile, ms per structure        per-candidate  modules of 4-8  one module per batch
 *   llvmpipe, 2 cores (loaded box)   68-71          33-43           37 (16), 68 (64), 273 (256)
 *   H200, Vulkan                     18-21          10-14           27 (16) .. 55 (256)
 *
 *   run at 2^16 points, node-evals/s per-candidate  modules of 8  one module     interpreter
 *   llvmpipe                         0.15-0.99 G    0.48-0.97 G   0.20-0.37 G    0.08-0.09 G
 *   H200                             0.15-11.7 G    1.7-14.5 G    1.0-11.2 G     10-40 G
 *
 * On llvmpipe a compiled structure pays for itself after about 35 ms x 0.08 G/s = 3e6
 * node-evaluations, which a fresh search candidate (1024 points x ~20 ops = 2e4) never reaches:
 * hybrid with that threshold. Compiled modules hold 8 structures (as fast to compile as 4, fewer
 * dispatches; a module per batch compiles superlinearly and runs slower). On a hardware GPU the
 * interpreter is as fast as compiled code and compiles nothing: the backend picks `interpreter`
 * there (webgpu-backend.ts).
 *
 * Compiled structures are remembered per structure (the module text holds no literal values);
 * compiling, the pipeline cache and the bisection of a module that fails (the culprits are
 * rejected with the compiler's message, the rest of the batch is still scored) are the pipeline
 * layer's (backends/webgpu/pipelines.ts).
 */
import { emitWgslFunction, wgslHelpers } from '../../../dsl/emit/wgsl.ts';
import type { WgslFunction } from '../../../dsl/emit/wgsl.ts';
import type { Program } from '../../../dsl/program.ts';
import { functionTaskData } from './task.ts';
import type { FunctionErrors, FunctionTask } from './task.ts';
import type { AcquiredDevice } from '../../backends/webgpu/device.ts';
import { addTiming, count, GpuPipelines, snapshotTiming, timingSince } from '../../backends/webgpu/pipelines.ts';
import type { GpuTiming } from '../../backends/webgpu/pipelines.ts';
import { Lru } from '../../../util/lru.ts';
import { assemble } from './bytecode.ts';
import type { Bytecode } from './bytecode.ts';
import { functionKernelSource, interpreterKernelSource, RESULT_SLOTS } from './gpu-kernel.ts';

export type { GpuTiming } from '../../backends/webgpu/pipelines.ts';

export type CompileStrategy = 'hybrid' | 'compiled' | 'interpreter';

export interface FunctionScorerOptions {
  readonly strategy: CompileStrategy;
  /** Most distinct structures per compiled module. */
  readonly groupSize: number;
  /** hybrid: compile a structure once the node-evaluations spent on it pass this. */
  readonly compileAfterNodeEvaluations: number;
  /** Points one workgroup covers (each thread loops over pointsPerWorkgroup / workgroupSize). */
  readonly pointsPerWorkgroup: number;
  /** Compiled structures kept (least recently used dropped). */
  readonly cacheSize: number;
}

export const DEFAULT_FUNCTION_SCORER_OPTIONS: FunctionScorerOptions = {
  strategy: 'hybrid',
  groupSize: 8,
  compileAfterNodeEvaluations: 3e6,
  pointsPerWorkgroup: 1024,
  cacheSize: 1024,
};

export type GpuOutcome = { readonly errors: FunctionErrors } | { readonly error: string };

interface CompiledCase {
  readonly pipeline: GPUComputePipeline;
  readonly caseIndex: number;
}

interface Candidate {
  readonly structure: number;
  readonly literals: readonly number[];
  readonly bytecode?: Bytecode;
}

interface Dispatch {
  readonly pipeline: GPUComputePipeline;
  readonly offset: number;
  readonly count: number;
  readonly fnIndex: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bitsToF32(bits: number): number {
  u32[0] = bits;
  return f32[0];
}

export class FunctionGpuScorer {
  private readonly device: GPUDevice;
  private readonly layout: GPUBindGroupLayout;
  private readonly pipelineLayout: GPUPipelineLayout;
  private readonly workgroupSize: number;
  private readonly maxWorkgroupsPerDimension: number;
  private readonly uniformAlignment: number;
  /** Compiled structures (by structure text). */
  private readonly compiled: Lru<string, CompiledCase>;
  /** Node-evaluations spent so far per structure (hybrid). */
  private readonly work: Lru<string, number>;
  private interpreter: Promise<GPUComputePipeline> | undefined;
  /** Compiles, caches pipelines and keeps the timing record (shared with the other scorers of the device). */
  readonly pipelines: GpuPipelines;
  private readonly dataBuffers = new Map<string, GPUBuffer>();
  private readonly options: FunctionScorerOptions;
  private warmUp: GPUBindGroup | undefined;

  constructor(gpu: AcquiredDevice, options: Partial<FunctionScorerOptions> = {}, pipelines?: GpuPipelines) {
    this.device = gpu.device;
    this.options = { ...DEFAULT_FUNCTION_SCORER_OPTIONS, ...options };
    this.pipelines = pipelines ?? new GpuPipelines(gpu.device);
    this.compiled = new Lru(this.options.cacheSize);
    this.work = new Lru(16 * this.options.cacheSize);
    this.workgroupSize = Math.min(64, gpu.limits.maxComputeInvocationsPerWorkgroup, gpu.limits.maxComputeWorkgroupSizeX);
    this.maxWorkgroupsPerDimension = gpu.limits.maxComputeWorkgroupsPerDimension;
    this.uniformAlignment = gpu.device.limits.minUniformBufferOffsetAlignment;
    const buffer = (type: GPUBufferBindingType): GPUBindGroupLayoutEntry['buffer'] => ({ type });
    this.layout = this.device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: buffer('read-only-storage') },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: buffer('read-only-storage') },
        { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: buffer('read-only-storage') },
        { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: buffer('storage') },
        { binding: 4, visibility: GPUShaderStage.COMPUTE, buffer: buffer('uniform') },
      ],
    });
    this.pipelineLayout = this.device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
  }

  /** Compiles what every batch may need up front (the interpreter), so no batch pays for it. */
  async prepare(): Promise<void> {
    if (this.options.strategy === 'compiled') return;
    await this.interpreterPipeline();
  }

  /**
   * Scores `programs` (all of the function domain) on `task`; one outcome per program, in order.
   * What it cost goes to `pipelines.timing`, and also to `timing` when given (this call only).
   */
  async score(task: FunctionTask, programs: readonly Program[], timing?: GpuTiming): Promise<GpuOutcome[]> {
    const before = snapshotTiming(this.pipelines.timing);
    try {
      return await this.scoreBatch(task, programs);
    } finally {
      if (timing) addTiming(timing, timingSince(this.pipelines.timing, before));
    }
  }

  private async scoreBatch(task: FunctionTask, programs: readonly Program[]): Promise<GpuOutcome[]> {
    if (task.precision !== 'f32') throw new Error(`webgpu backend: ${task.id} at precision ${task.precision} needs the cpu backend (WGSL has no f64)`);
    const t = this.pipelines.timing;
    const outcomes: (GpuOutcome | undefined)[] = new Array(programs.length);

    // Distinct structures; each candidate = (structure, literal values).
    const structureIndex = new Map<string, number>();
    const structures: WgslFunction[] = [];
    const batchWork: number[] = [];
    const candidates: (Candidate | undefined)[] = programs.map((p, i) => {
      try {
        const f = emitWgslFunction(p, { name: 'sd_f', literals: 'buffer' });
        let s = structureIndex.get(f.structure);
        if (s === undefined) {
          s = structures.length;
          structureIndex.set(f.structure, s);
          structures.push(f);
          batchWork.push(0);
        }
        batchWork[s] += Math.max(1, f.liveOps) * task.points;
        return { structure: s, literals: f.literals };
      } catch (error) {
        outcomes[i] = { error: `cannot emit WGSL: ${(error as Error).message}` };
        return undefined;
      }
    });

    // Compiled, to compile, or interpreted: per structure.
    const route = new Map<number, CompiledCase>();
    const toCompile: number[] = [];
    const interpreted = new Set<number>();
    structures.forEach((f, s) => {
      const hit = this.compiled.get(f.structure);
      if (hit) {
        route.set(s, hit);
        t.cacheHits++;
        return;
      }
      const spent = (this.work.get(f.structure) ?? 0) + batchWork[s];
      this.work.set(f.structure, spent);
      const compile = this.options.strategy === 'compiled' || (this.options.strategy === 'hybrid' && spent >= this.options.compileAfterNodeEvaluations);
      if (compile) toCompile.push(s);
      else interpreted.add(s);
    });
    // Bytecode per structure; each candidate's own literal-register values (named constants included).
    const bytecodes = new Map<number, Bytecode>();
    const registerValues = new Map<number, readonly number[]>();
    programs.forEach((p, i) => {
      const c = candidates[i];
      if (!c || !interpreted.has(c.structure)) return;
      const code = assemble(p);
      if (!code) return;
      if (!bytecodes.has(c.structure)) bytecodes.set(c.structure, code);
      registerValues.set(i, code.literals);
    });
    // Structures too big for the interpreter's registers are compiled.
    for (const s of [...interpreted]) {
      if (bytecodes.has(s)) continue;
      interpreted.delete(s);
      toCompile.push(s);
    }

    const rejected = new Map<number, string>();
    const g = Math.max(1, Math.min(this.options.groupSize, toCompile.length));
    const groups: number[][] = [];
    for (let i = 0; i < toCompile.length; i += g) groups.push(toCompile.slice(i, i + g));
    const work: Promise<unknown>[] = groups.map((group) => this.compileGroup(structures, group, route, rejected));
    if (interpreted.size > 0) work.push(this.interpreterPipeline());
    await Promise.all(work);

    const t1 = performance.now();
    const scored = programs.map((_, i) => i).filter((i) => {
      const c = candidates[i];
      if (!c) return false;
      const rejection = rejected.get(c.structure);
      if (rejection !== undefined) outcomes[i] = { error: rejection };
      return rejection === undefined;
    });
    if (scored.length > 0) {
      const results = await this.run(task, scored, candidates as Candidate[], route, bytecodes, registerValues, t);
      results.order.forEach((i, k) => {
        const o = k * RESULT_SLOTS;
        const r = results.values;
        outcomes[i] = { errors: { maxAbsError: bitsToF32(r[o]), maxRelError: bitsToF32(r[o + 1]), maxUlpError: bitsToF32(r[o + 2]), nonFinite: r[o + 3] } };
      });
    }
    t.runMs += performance.now() - t1;
    return outcomes.map((o) => o ?? { error: 'internal error: candidate not scored' });
  }

  private moduleSource(structures: readonly WgslFunction[], group: readonly number[]): string {
    const fns = group.map((s, i) => ({ ...structures[s], name: `sd_f${i}`, code: structures[s].structure.replace('__SD_NAME__', `sd_f${i}`) }));
    return functionKernelSource(fns, wgslHelpers(fns), { workgroupSize: this.workgroupSize });
  }

  /** Compiles a group of structures as one module (bisected by the pipeline layer when it fails). */
  private async compileGroup(structures: readonly WgslFunction[], group: readonly number[], route: Map<number, CompiledCase>, rejected: Map<number, string>): Promise<void> {
    const outcome = await this.pipelines.bisect(group, (part) => this.moduleSource(structures, part), { layout: this.pipelineLayout, warmUp: () => this.warmUpBindGroup() });
    for (const { items, pipeline } of outcome.modules) {
      items.forEach((s, caseIndex) => {
        const entry = { pipeline, caseIndex };
        route.set(s, entry);
        this.compiled.set(structures[s].structure, entry);
      });
    }
    for (const [s, error] of outcome.rejected) rejected.set(s, `shader compilation failed: ${error}`);
  }

  private interpreterPipeline(): Promise<GPUComputePipeline> {
    this.interpreter ??= this.pipelines.compile({ code: interpreterKernelSource({ workgroupSize: this.workgroupSize }), layout: this.pipelineLayout, warmUp: () => this.warmUpBindGroup() }).then((r) => {
      if ('pipeline' in r) return r.pipeline;
      throw new Error(`webgpu backend: the interpreter kernel does not compile: ${r.error}`);
    });
    return this.interpreter;
  }

  /** Bindings for an empty dispatch (n = 0 and no instructions: no point is read, one result slot is written). */
  private warmUpBindGroup(): GPUBindGroup {
    if (this.warmUp) return this.warmUp;
    const small = (usage: number): GPUBuffer => this.device.createBuffer({ size: 256, usage });
    const storage = GPUBufferUsage.STORAGE;
    this.warmUp = this.device.createBindGroup({
      layout: this.layout,
      entries: [
        { binding: 0, resource: { buffer: small(storage) } },
        { binding: 1, resource: { buffer: small(storage) } },
        { binding: 2, resource: { buffer: small(storage) } },
        { binding: 3, resource: { buffer: small(storage) } },
        { binding: 4, resource: { buffer: small(GPUBufferUsage.UNIFORM), size: 16 } },
      ],
    });
    return this.warmUp;
  }

  private dataBuffer(task: FunctionTask): GPUBuffer {
    const key = `${task.dataKey}/${task.points}`;
    let buffer = this.dataBuffers.get(key);
    if (buffer) return buffer;
    const data = functionTaskData(task);
    const packed = new Float32Array(task.points * 4);
    for (let i = 0; i < task.points; i++) {
      // The double-double reference as a float32 pair: hi32 + lo32 = reference to ~2^-48.
      const hi = Math.fround(data.hi[i]);
      packed[i * 4] = data.xs[i];
      packed[i * 4 + 1] = hi;
      packed[i * 4 + 2] = Math.fround(data.hi[i] - hi + data.lo[i]);
    }
    buffer = this.device.createBuffer({ size: packed.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buffer, 0, packed);
    this.dataBuffers.set(key, buffer);
    return buffer;
  }

  /**
   * One dispatch per (compiled module, structure) and one for the interpreted candidates; results
   * come back in `order` (compiled candidates grouped by pipeline and case, then interpreted ones).
   */
  private async run(
    task: FunctionTask,
    scored: readonly number[],
    candidates: readonly Candidate[],
    route: ReadonlyMap<number, CompiledCase>,
    bytecodes: ReadonlyMap<number, Bytecode>,
    registerValues: ReadonlyMap<number, readonly number[]>,
    t: GpuTiming,
  ): Promise<{ order: number[]; values: Uint32Array }> {
    const device = this.device;
    const pipelineIds = new Map<GPUComputePipeline, number>();
    const compiledKey = (i: number): [number, number] => {
      const r = route.get(candidates[i].structure)!;
      if (!pipelineIds.has(r.pipeline)) pipelineIds.set(r.pipeline, pipelineIds.size);
      return [pipelineIds.get(r.pipeline)!, r.caseIndex];
    };
    const compiledOnes = scored.filter((i) => route.has(candidates[i].structure));
    compiledOnes.sort((a, b) => {
      const [pa, ca] = compiledKey(a);
      const [pb, cb] = compiledKey(b);
      return pa - pb || ca - cb || a - b;
    });
    const interpretedOnes = scored.filter((i) => !route.has(candidates[i].structure));
    const order = [...compiledOnes, ...interpretedOnes];
    count(t, 'interpreted', interpretedOnes.length);

    // Literals: compiled candidates read theirs at base + slot; interpreted ones load them into registers.
    const literalsOf = (i: number): readonly number[] => (route.has(candidates[i].structure) ? candidates[i].literals : registerValues.get(i)!);
    const literalCount = order.reduce((n, i) => n + literalsOf(i).length, 0);
    const consts = new Float32Array(Math.max(1, literalCount));
    const codeWords = interpretedOnes.reduce((n, i) => n + bytecodes.get(candidates[i].structure)!.code.length, 0);
    const cands = new Uint32Array(Math.max(4, order.length * 4 + codeWords));
    let base = 0;
    let codeAt = order.length; // in vec4 units, after the headers
    const codeOffsets = new Map<number, number>();
    order.forEach((i, k) => {
      const c = candidates[i];
      const values = literalsOf(i);
      consts.set(values, base);
      const bc = bytecodes.get(c.structure);
      if (route.has(c.structure) || !bc) {
        cands.set([0, base, 0, 0], k * 4);
      } else {
        let at = codeOffsets.get(c.structure);
        if (at === undefined) {
          at = codeAt;
          cands.set(bc.code, at * 4);
          codeOffsets.set(c.structure, at);
          codeAt += bc.code.length / 4;
        }
        cands.set([at, bc.code.length / 4, base, values.length | (bc.outputRegister << 16)], k * 4);
      }
      base += values.length;
    });

    const dispatches: Dispatch[] = [];
    const maxY = this.maxWorkgroupsPerDimension;
    let start = 0;
    while (start < compiledOnes.length) {
      const r = route.get(candidates[compiledOnes[start]].structure)!;
      let end = start + 1;
      while (end < compiledOnes.length && end - start < maxY) {
        const q = route.get(candidates[compiledOnes[end]].structure)!;
        if (q.pipeline !== r.pipeline || q.caseIndex !== r.caseIndex) break;
        end++;
      }
      dispatches.push({ pipeline: r.pipeline, offset: start, count: end - start, fnIndex: r.caseIndex });
      start = end;
    }
    if (interpretedOnes.length > 0) {
      const interpreter = await this.interpreter!;
      for (let s = 0; s < interpretedOnes.length; s += maxY) {
        dispatches.push({ pipeline: interpreter, offset: compiledOnes.length + s, count: Math.min(maxY, interpretedOnes.length - s), fnIndex: 0 });
      }
    }

    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const constsBuffer = device.createBuffer({ size: consts.byteLength, usage });
    const candsBuffer = device.createBuffer({ size: cands.byteLength, usage });
    const outBytes = order.length * RESULT_SLOTS * 4;
    const outBuffer = device.createBuffer({ size: outBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readBuffer = device.createBuffer({ size: outBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const paramStride = Math.max(16, this.uniformAlignment);
    const paramsBuffer = device.createBuffer({ size: paramStride * dispatches.length, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(constsBuffer, 0, consts);
    device.queue.writeBuffer(candsBuffer, 0, cands);

    const perThread = Math.max(1, Math.round(this.options.pointsPerWorkgroup / this.workgroupSize));
    const groupsX = Math.ceil(task.points / (this.workgroupSize * perThread));
    if (groupsX > maxY) throw new Error(`webgpu backend: ${task.points} points need ${groupsX} workgroups, over the device's ${maxY}`);
    const params = new Uint32Array((paramStride / 4) * dispatches.length);
    const data = this.dataBuffer(task);
    const encoder = device.createCommandEncoder();
    dispatches.forEach((d, di) => {
      params.set([task.points, perThread, d.offset, d.fnIndex], (di * paramStride) / 4);
      const bindGroup = device.createBindGroup({
        layout: this.layout,
        entries: [
          { binding: 0, resource: { buffer: data } },
          { binding: 1, resource: { buffer: constsBuffer } },
          { binding: 2, resource: { buffer: candsBuffer } },
          { binding: 3, resource: { buffer: outBuffer } },
          { binding: 4, resource: { buffer: paramsBuffer, offset: di * paramStride, size: 16 } },
        ],
      });
      const pass = encoder.beginComputePass();
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groupsX, d.count);
      pass.end();
    });
    device.queue.writeBuffer(paramsBuffer, 0, params);
    encoder.copyBufferToBuffer(outBuffer, 0, readBuffer, 0, outBytes);
    device.queue.submit([encoder.finish()]);
    await readBuffer.mapAsync(GPUMapMode.READ);
    const values = new Uint32Array(readBuffer.getMappedRange().slice(0));
    readBuffer.unmap();
    for (const b of [constsBuffer, candsBuffer, outBuffer, readBuffer, paramsBuffer]) b.destroy();
    return { order, values };
  }
}
