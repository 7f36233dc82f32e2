/**
 * `--backend auto` by measurement: for a task the GPU can score, a probe batch is timed on the
 * webgpu backend and on CPU threads, and the faster one is taken. The decision is cached per
 * machine and task in the user's cache directory (`$SYMDISC_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/symdisc`, else `~/.cache/symdisc`, file backend-choice.json), so that later
 * searches of that task on that machine skip the probe and pick the same backend; the search
 * records the backend it used in config.json, and `resume` uses that one, never a new probe.
 *
 * The backends do not agree bit for bit (WGSL's f32 arithmetic and transcendental functions are
 * the GPU's, the CPU's are the interpreter's), so the choice changes scores: that is why it is
 * cached and recorded rather than measured again on every start.
 *
 * Tasks the GPU does not score (f64, constant fitting, validation points: each task kind says
 * which, tasks/types.ts TaskKind.gpu) go to CPU threads without a probe, and no GPU process starts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { NoAdapterError } from './create-evaluator.ts';
import type { Evaluator, TaskRef } from './evaluator.ts';
import { getTask, gpuSupports, taskKind } from './tasks/registry.ts';

/** Programs per probe round: one warm-up round, then one timed round of different programs. */
export const PROBE_PROGRAMS = 32;

export interface BackendDecision {
  readonly backend: 'cpu' | 'webgpu';
  /** One line: why, with the probe's figures. */
  readonly reason: string;
}

interface CachedDecision {
  readonly backend: 'cpu' | 'webgpu';
  readonly cpuMs?: number;
  readonly gpuMs?: number;
  readonly programs?: number;
  readonly adapter?: string;
  readonly date: string;
  readonly note?: string;
}

type CacheFile = Record<string, CachedDecision>;

export function backendCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SYMDISC_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'symdisc');
  return join(dir, 'backend-choice.json');
}

/** What identifies "this machine" for a cached measurement: host, CPU model and core count. */
function machineKey(): string {
  return `${hostname()}|${cpus()[0]?.model ?? 'cpu'}|${availableParallelism()}`;
}

function taskKey(ref: TaskRef): string {
  return JSON.stringify({ id: ref.id, options: ref.options ?? {}, ...(ref.module !== undefined ? { module: ref.module } : {}) });
}

function readCache(file: string): CacheFile {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as CacheFile) : {};
  } catch {
    return {}; // absent or unreadable: measure again
  }
}

function writeCache(file: string, key: string, decision: CachedDecision): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const all = { ...readCache(file), [key]: decision };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n');
    renameSync(tmp, file);
  } catch {
    // A read-only home: the decision still holds for this run, only the next one probes again.
  }
}

function describe(d: CachedDecision, fresh: boolean, file: string): string {
  const figures = d.cpuMs !== undefined && d.gpuMs !== undefined ? `probe of ${d.programs} programs: cpu ${d.cpuMs.toFixed(0)} ms, webgpu ${d.gpuMs.toFixed(0)} ms${d.adapter ? ` (${d.adapter})` : ''}` : (d.note ?? '');
  return `${figures}; ${fresh ? 'measured now' : `measured ${d.date}`}, cached in ${file}`;
}

export interface ChooseBackendOptions {
  /** Programs for the probe (e.g. the warm start); at least one. */
  readonly programs: readonly string[];
  readonly workers?: number;
  /** Opens an evaluator of one backend (createEvaluator; a parameter so the probe is testable without Dawn). */
  readonly open: (backend: 'cpu' | 'webgpu') => Promise<Evaluator>;
  readonly cacheFile?: string;
}

async function timeRound(evaluator: Evaluator, ref: TaskRef, programs: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await evaluator.evaluate(ref, programs);
  return performance.now() - t0;
}

/** The probe batch: `programs` cycled to twice PROBE_PROGRAMS (warm-up round, timed round). */
function probeBatches(programs: readonly string[]): [string[], string[]] {
  const all = Array.from({ length: 2 * PROBE_PROGRAMS }, (_, k) => programs[k % programs.length]);
  return [all.slice(0, PROBE_PROGRAMS), all.slice(PROBE_PROGRAMS)];
}

/** The backend `auto` means for `ref` on this machine (see the file comment). */
export async function chooseBackend(ref: TaskRef, options: ChooseBackendOptions): Promise<BackendDecision> {
  const task = getTask(ref.id, ref.options ?? {});
  if (!gpuSupports(task)) return { backend: 'cpu', reason: `the GPU does not score ${ref.id} with these options (f64, constant fitting or validation points): cpu threads, no probe` };
  const file = options.cacheFile ?? backendCacheFile();
  const key = `${machineKey()}|${taskKey(ref)}`;
  const cached = readCache(file)[key];
  if (cached && (cached.backend === 'cpu' || cached.backend === 'webgpu')) return { backend: cached.backend, reason: describe(cached, false, file) };
  if (options.programs.length === 0) throw new Error('chooseBackend: no programs to probe with');
  const [warmUp, timed] = probeBatches(options.programs);
  const date = new Date().toISOString();
  let gpu: Evaluator;
  try {
    gpu = await options.open('webgpu');
  } catch (error) {
    if (!(error instanceof NoAdapterError)) throw error;
    const decision: CachedDecision = { backend: 'cpu', date, note: error.message };
    writeCache(file, key, decision);
    return { backend: 'cpu', reason: describe(decision, true, file) };
  }
  // A kind that says it is faster on CPU threads than on a software adapter (the optimizer
  // trainer: a probe there costs minutes on llvmpipe) is not timed on one.
  if (gpu.info.details.software === true && taskKind(task).gpu?.prefersCpuOnSoftwareAdapter === true) {
    const note = `${gpu.info.description.split(';')[0]}: a software adapter, slower than cpu threads for ${task.kind} tasks (no probe)`;
    await gpu.close();
    const decision: CachedDecision = { backend: 'cpu', date, note };
    writeCache(file, key, decision);
    return { backend: 'cpu', reason: describe(decision, true, file) };
  }
  let gpuMs: number;
  let adapter: string;
  try {
    adapter = gpu.info.description.split(';')[0];
    await timeRound(gpu, ref, warmUp);
    gpuMs = await timeRound(gpu, ref, timed);
  } finally {
    await gpu.close();
  }
  const cpu = await options.open('cpu');
  let cpuMs: number;
  try {
    await timeRound(cpu, ref, warmUp);
    cpuMs = await timeRound(cpu, ref, timed);
  } finally {
    await cpu.close();
  }
  const decision: CachedDecision = { backend: gpuMs < cpuMs ? 'webgpu' : 'cpu', cpuMs, gpuMs, programs: timed.length, adapter, date };
  writeCache(file, key, decision);
  return { backend: decision.backend, reason: describe(decision, true, file) };
}
