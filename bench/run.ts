/**
 * The evaluation benchmark: node-evaluations per second (program ops x points / s) of the webgpu
 * and cpu backends side by side in one run, over batches of random programs (5-30 ops, every op
 * live) and point counts, with the GPU's compile time as a share of its time. Writes
 * results/bench/eval.json and prints a table.
 *
 *   npm run bench [-- --quick | --full] [--backends webgpu,cpu] [--ops all,arith]
 *                 [--strategy hybrid|compiled|interpreter] [--no-kernels] [--out FILE]
 *
 * Each cell uses fresh programs (no pipeline-cache hits) and the whole pool: the batch is spread
 * over every CPU worker thread / GPU process, as in a search. `auto` picks the adapter: a
 * hardware GPU where there is one, else Dawn's GLES backend over llvmpipe. Then the kernels
 * side by side (bench/kernels.ts: JS closures, SIMD wasm, gcc -O3 on the same programs, one
 * thread and all cores, wasm's compile share), written to kernels.json. Then the optimizer
 * training benchmark (bench/optimizer.ts): trainings and parameter updates per second, written to
 * optimizer.json beside eval.json. Then the exported C of front programs against degree-6 Horner and
 * glibc's exp2f (bench/fn-speed.ts), written to fn-speed.json. Then the CPU trainer's fast paths
 * against its reference path (bench/optimizer-trainer.ts), written to optimizer-trainer.json.
 */
// Mesa's on-disk shader cache would make repeated runs compile for free: pay every compile.
process.env.MESA_SHADER_CACHE_DISABLE ??= 'true';

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printProgram } from '../src/dsl/print.ts';
import { createEvaluator } from '../src/eval/create-evaluator.ts';
import type { PoolBackedEvaluator } from '../src/eval/create-evaluator.ts';
import { APPLICABLE_OPS } from '../src/dsl/ops/table.ts';
import { randomPrograms } from './random-programs.ts';
import { runOptimizerBench } from './optimizer.ts';
import { runKernelBench } from './kernels.ts';
import { runFnSpeedBench } from './fn-speed.ts';
import { runOptimizerTrainerBench } from './optimizer-trainer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = resolve(ROOT, 'results/bench/eval.json');

const GRIDS = {
  quick: { batches: [64, 256], points: [2 ** 12, 2 ** 16] },
  default: { batches: [64, 256, 1024], points: [2 ** 12, 2 ** 16] },
  full: { batches: [64, 128, 256, 512, 1024], points: [2 ** 12, 2 ** 13, 2 ** 14, 2 ** 15, 2 ** 16] },
} as const;

type BackendName = 'webgpu' | 'cpu';

/**
 * Op mixes: `all` draws every applicable op (two thirds are transcendental: sin, exp, pow, ...);
 * `arith` draws AutoNumerics-Zero's arithmetic (+ - * / fma and the exact scalings), what a
 * function search mostly evaluates. A transcendental costs 10-50 times an add on either backend.
 */
const MIXES = {
  all: APPLICABLE_OPS,
  arith: APPLICABLE_OPS.filter((op) => ['add', 'sub', 'mul', 'div', 'fma', 'mul2', 'div2', 'mul4', 'div4', 'negative', 'square'].includes(op.name)),
} as const;
type MixName = keyof typeof MIXES;

export interface BenchCell {
  readonly backend: BackendName;
  readonly mix: MixName;
  readonly batch: number;
  readonly points: number;
  /** Sum over programs of their op count. */
  readonly ops: number;
  readonly nodeEvaluations: number;
  readonly wallMs: number;
  readonly nodeEvaluationsPerSecond: number;
  /** GPU only: summed over GPU processes. */
  readonly compileMs?: number;
  readonly runMs?: number;
  /** compileMs / (compileMs + runMs). */
  readonly compileShare?: number;
  readonly invalid: number;
}

interface Options {
  readonly grid: keyof typeof GRIDS;
  readonly backends: readonly BackendName[];
  readonly mixes: readonly MixName[];
  readonly strategy?: 'hybrid' | 'compiled' | 'interpreter';
  readonly out: string;
  readonly skipKernels?: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let grid: keyof typeof GRIDS = 'default';
  let backends: BackendName[] = ['webgpu', 'cpu'];
  let mixes: MixName[] = ['all', 'arith'];
  let out = DEFAULT_OUT;
  let strategy: Options['strategy'];
  let skipKernels = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') grid = 'quick';
    else if (a === '--full') grid = 'full';
    else if (a === '--backends' || a.startsWith('--backends=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const list = (value ?? '').split(',').filter(Boolean);
      if (list.length === 0 || list.some((b) => b !== 'webgpu' && b !== 'cpu')) throw new BenchUsageError(`bench: --backends must be a comma-separated list of webgpu, cpu; got '${value ?? ''}'`);
      backends = list as BackendName[];
    } else if (a === '--ops' || a.startsWith('--ops=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const list = (value ?? '').split(',').filter(Boolean);
      if (list.length === 0 || list.some((m) => !(m in MIXES))) throw new BenchUsageError(`bench: --ops must be a comma-separated list of ${Object.keys(MIXES).join(', ')}; got '${value ?? ''}'`);
      mixes = list as MixName[];
    } else if (a === '--strategy' || a.startsWith('--strategy=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (value !== 'hybrid' && value !== 'compiled' && value !== 'interpreter') throw new BenchUsageError(`bench: --strategy must be one of hybrid, compiled, interpreter; got '${value ?? ''}'`);
      strategy = value;
    } else if (a === '--out' || a.startsWith('--out=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value) throw new BenchUsageError('bench: --out needs a file name');
      out = resolve(value);
    } else if (a === '--no-kernels') skipKernels = true;
    else throw new BenchUsageError(`bench: unknown option '${a}'; options: --quick, --full, --backends webgpu,cpu, --ops all,arith, --strategy hybrid|compiled|interpreter, --no-kernels, --out FILE`);
  }
  return { grid, backends, mixes, out, skipKernels, ...(strategy ? { strategy } : {}) };
}

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

async function measure(evaluator: PoolBackedEvaluator, backend: BackendName, mix: MixName, batch: number, points: number): Promise<BenchCell> {
  const programs = randomPrograms(batch, 5, 30, `bench/${mix}/${batch}/${points}`, MIXES[mix]);
  const texts = programs.map(printProgram);
  const ops = programs.reduce((n, p) => n + p.body.length, 0);
  const before = { ...(evaluator.gpuTiming ?? { compileMs: 0, runMs: 0 }) };
  const t0 = performance.now();
  const results = await evaluator.evaluate({ id: 'fn:exp2', options: { points } }, texts);
  const wallMs = performance.now() - t0;
  const nodeEvaluations = ops * points;
  const cell: BenchCell = { backend, mix, batch, points, ops, nodeEvaluations, wallMs, nodeEvaluationsPerSecond: nodeEvaluations / (wallMs / 1000), invalid: results.filter((r) => !r.valid).length };
  const after = evaluator.gpuTiming;
  if (!after) return cell;
  const compileMs = after.compileMs - before.compileMs;
  const runMs = after.runMs - before.runMs;
  return { ...cell, compileMs, runMs, compileShare: compileMs / (compileMs + runMs) };
}

const si = (x: number): string => (x >= 1e9 ? `${(x / 1e9).toFixed(2)}G` : x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : `${(x / 1e3).toFixed(1)}k`);

function table(cells: readonly BenchCell[], backends: readonly BackendName[]): string {
  const header = ['ops', 'batch', 'points', ...backends.map((b) => `${b} node-evals/s`), ...(backends.includes('webgpu') ? ['webgpu compile share'] : [])];
  const keys = [...new Set(cells.map((c) => `${c.mix}/${c.batch}/${c.points}`))];
  const rows = keys.map((k) => {
    const [mix, b, p] = k.split('/');
    const batch = Number(b);
    const points = Number(p);
    const of = (backend: BackendName): BenchCell | undefined => cells.find((c) => c.backend === backend && c.mix === mix && c.batch === batch && c.points === points);
    const gpu = of('webgpu');
    return [mix, String(batch), `2^${Math.log2(points)}`, ...backends.map((x) => (of(x) ? si(of(x)!.nodeEvaluationsPerSecond) : '-')), ...(backends.includes('webgpu') ? [gpu?.compileShare !== undefined ? `${(gpu.compileShare * 100).toFixed(0)}%` : '-'] : [])];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n');
}

/** Runs the benchmark with command-line arguments; resolves to an exit code. */
export async function runBench(argv: readonly string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const options = parseArgs(argv);
  const grid = GRIDS[options.grid];
  const cells: BenchCell[] = [];
  const backendInfo: Record<string, unknown> = {};
  const started = Date.now();
  for (const backend of options.backends) {
    const evaluator = await createEvaluator({ backend, log: (l) => log(`  ${l}`), ...(options.strategy ? { gpu: { strategy: options.strategy } } : {}) });
    backendInfo[backend] = evaluator.info;
    if (backend === 'webgpu' && evaluator.info.backend !== 'webgpu') throw new Error('bench: no WebGPU adapter');
    try {
      // Warm-up: worker start-up, the task's data upload, V8 / driver first-use costs.
      await evaluator.evaluate({ id: 'fn:exp2', options: { points: 1024 } }, randomPrograms(4, 5, 30, 'bench/warm-up').map(printProgram));
      for (const mix of options.mixes) for (const batch of grid.batches) {
        for (const points of grid.points) {
          const cell = await measure(evaluator, backend, mix, batch, points);
          cells.push(cell);
          log(`  ${backend} ${mix} batch ${batch} points 2^${Math.log2(points)}: ${si(cell.nodeEvaluationsPerSecond)} node-evals/s, ${cell.wallMs.toFixed(0)} ms${cell.compileShare !== undefined ? `, compile ${(cell.compileShare * 100).toFixed(0)}% (${cell.compileMs!.toFixed(0)} ms compile, ${cell.runMs!.toFixed(0)} ms run, summed over GPU processes)` : ''}`);
        }
      }
    } finally {
      await evaluator.close();
    }
  }
  const report = {
    benchmark: 'eval',
    date: new Date().toISOString(),
    grid: options.grid,
    gpuStrategy: options.strategy ?? 'hybrid',
    elapsedSeconds: (Date.now() - started) / 1000,
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    task: 'fn:exp2 (f32), random programs of 5-30 live ops',
    mixes: Object.fromEntries(options.mixes.map((m) => [m, MIXES[m].map((op) => op.name)])),
    backends: backendInfo,
    cells,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  const gpu = backendInfo.webgpu as { description?: string } | undefined;
  if (gpu?.description) log(`adapter: ${gpu.description}`);
  log(table(cells, options.backends));
  log(`wrote ${options.out}`);
  if (!options.skipKernels) {
    log('kernels (same programs, side by side: closures, wasm, gcc -O3 -march=native):');
    await runKernelBench({ quick: options.grid === 'quick', out: resolve(dirname(options.out), 'kernels.json') }, log);
  }
  // Optimizer training: trainings and parameter updates per second (bench/optimizer.ts).
  log('optimizer training:');
  await runOptimizerBench({ backends: options.backends, quick: options.grid === 'quick', out: resolve(dirname(options.out), 'optimizer.json') }, log);
  // Exported C of front programs vs degree-6 Horner and glibc (bench/fn-speed.ts; skipped loudly without gcc).
  await runFnSpeedBench({ out: resolve(dirname(options.out), 'fn-speed.json') }, log);
  if (options.backends.includes('cpu')) {
    // The CPU trainer's fast paths against its reference path, seconds per candidate (bench/optimizer-trainer.ts).
    log('optimizer trainer, reference vs fast paths:');
    runOptimizerTrainerBench({ quick: options.grid === 'quick', seeds: ['adamw', 'adam'], out: resolve(dirname(options.out), 'optimizer-trainer.json') });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runBench(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof BenchUsageError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
