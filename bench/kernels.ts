/**
 * Kernel throughput side by side in one run, on the same random programs and points: the column
 * kernels of the cpu backend (JS closures, src/eval/backends/cpu/columnar.ts), the SIMD128 wasm
 * modules (src/eval/backends/wasm/), and the same programs compiled by `gcc -O3 -march=native`
 * from the C emitter (when gcc is present) as the machine's reference. One thread each, then
 * both cores: wasm in N worker threads, gcc in N processes, each over all programs, at the same
 * time (rates summed). Node-evaluations = live ops x points. Wasm's compile (emission, V8
 * compile, instantiation) is timed apart from its runs: the compile share.
 *
 *   npx tsx bench/kernels.ts [--quick] [--out FILE]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exportC } from '../src/dsl/emit/c.ts';
import { APPLICABLE_OPS } from '../src/dsl/ops/table.ts';
import type { OpSpec, Precision } from '../src/dsl/ops/table.ts';
import { printProgram } from '../src/dsl/print.ts';
import type { Program } from '../src/dsl/program.ts';
import { ColumnPool, evaluateColumnar } from '../src/eval/tasks/function/columnar.ts';
import { WasmColumns } from '../src/eval/backends/wasm/column-kernels.ts';
import { randomPrograms } from './random-programs.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const ARITH_OPS: readonly OpSpec[] = APPLICABLE_OPS.filter((op) => ['add', 'sub', 'mul', 'div', 'fma', 'mul2', 'div2', 'mul4', 'div4', 'negative', 'square'].includes(op.name));
const MIXES: Readonly<Record<'arith' | 'all', readonly OpSpec[]>> = { arith: ARITH_OPS, all: APPLICABLE_OPS };

export interface KernelCell {
  readonly mix: 'arith' | 'all';
  readonly precision: Precision;
  readonly programs: number;
  readonly points: number;
  readonly nodeEvaluations: number;
  /** Node-evaluations/s, one thread. */
  readonly closures: number;
  readonly wasm: number;
  /** Wasm including its compile: nodeEvaluations / (compile + one run). */
  readonly wasmWithCompile: number;
  readonly wasmCompileMs: number;
  readonly wasmRunMs: number;
  /** compile / (compile + one run), for one batch of `programs` programs run once. */
  readonly wasmCompileShare: number;
  /** gcc -O3 -march=native (GCC_FLAGS), and with -fno-trapping-math (GCC_VECTOR_FLAGS). */
  readonly gcc?: number;
  readonly gccVector?: number;
  /** Both cores (threads / processes at once, rates summed). */
  readonly wasmAllCores: number;
  readonly gccAllCores?: number;
  readonly gccVectorAllCores?: number;
  /** wasm / gcc (the faster of the two gcc builds), same thread count. */
  readonly ratio?: number;
  readonly ratioAllCores?: number;
}

function inputs(points: number, precision: Precision): Float64Array {
  return Float64Array.from({ length: points }, (_, i) => {
    const x = -1 + (2 * i) / (points - 1);
    return precision === 'f32' ? Math.fround(x) : x;
  });
}

const opsOf = (programs: readonly Program[]): number => programs.reduce((n, p) => n + p.body.length, 0);

/** Repeats `run` until `minMs` have passed; returns ms per repetition. */
function timed(run: () => void, minMs: number): number {
  let reps = 0;
  const t0 = performance.now();
  do {
    run();
    reps++;
  } while (performance.now() - t0 < minMs);
  return (performance.now() - t0) / reps;
}

function closureRate(programs: readonly Program[], xs: Float64Array, precision: Precision, minMs: number): number {
  const pool = new ColumnPool(xs.length);
  const ms = timed(() => {
    for (const p of programs) {
      pool.reset();
      evaluateColumnar(p, [xs], xs.length, precision, pool);
    }
  }, minMs);
  return (opsOf(programs) * xs.length) / (ms / 1000);
}

/** Compile once (timed), run once cold (timed: the batch as a scorer runs it), then warm runs. */
export function wasmRates(programs: readonly Program[], xs: Float64Array, precision: Precision, minMs: number): { compileMs: number; coldMs: number; warm: number } {
  const t0 = performance.now();
  const batch = new WasmColumns(xs, precision).compile(programs);
  const compileMs = performance.now() - t0;
  const t1 = performance.now();
  for (let k = 0; k < batch.size; k++) batch.run(k);
  const coldMs = performance.now() - t1;
  const ms = timed(() => {
    for (let k = 0; k < batch.size; k++) batch.run(k);
  }, minMs);
  return { compileMs, coldMs, warm: (opsOf(programs) * xs.length) / (ms / 1000) };
}

/** The C harness: every program as `static double fK(double)`, timed over the points. */
function cSource(programs: readonly Program[], precision: Precision, points: number, minMs: number): string {
  const type = precision === 'f32' ? 'float' : 'double';
  const fns = programs.map((p, k) => exportC(p, { precision, name: `f${k}` }).replace(`${type} f${k}(`, `static ${type} f${k}(`));
  const loops = programs.map((_, k) => `  for (int i = 0; i < N; i++) ys[i] = f${k}(xs[i]);\n  sink += ys[N / 2];`);
  return [
    '#include <stdio.h>',
    '#include <time.h>',
    ...fns,
    `#define N ${points}`,
    `static ${type} xs[N], ys[N];`,
    'static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }',
    `__attribute__((noinline)) static double all(void) {\n  double sink = 0;\n${loops.join('\n')}\n  return sink;\n}`,
    'int main(void) {',
    `  for (int i = 0; i < N; i++) xs[i] = (${type})(-1.0 + 2.0 * i / (N - 1));`,
    '  double sink = all();',
    '  long reps = 0; double t0 = now(), t;',
    `  do { sink += all(); reps++; t = now() - t0; } while (t < ${minMs / 1000});`,
    '  printf("%.9f %g\\n", t / reps, sink);',
    '  return 0;',
    '}',
  ].join('\n');
}

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The programs compiled by gcc; `rate(copies)` runs `copies` processes at once and sums their
 * node-evaluations/s. `-fno-trapping-math` changes no result (no FP traps are enabled) but lets
 * gcc if-convert the protected division (`b == 0 ? 0 : a / b`) and vectorize the loop at all.
 */
function gccHarness(programs: readonly Program[], precision: Precision, points: number, minMs: number, flags: readonly string[]): { rate: (copies: number) => Promise<number>; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-bench-'));
  writeFileSync(join(dir, 'k.c'), cSource(programs, precision, points, minMs));
  execFileSync('gcc', [...flags, '-o', join(dir, 'k'), join(dir, 'k.c'), '-lm'], { stdio: 'pipe' });
  const once = (): Promise<number> =>
    new Promise((done, fail) => {
      const child = spawn(join(dir, 'k'));
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done(Number(out.split(' ')[0])) : fail(new Error(`gcc harness exited ${code}`))));
    });
  const work = opsOf(programs) * points;
  return {
    rate: async (copies) => (await Promise.all(Array.from({ length: copies }, once))).reduce((s, sec) => s + work / sec, 0),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const GCC_FLAGS = ['-O3', '-march=native'] as const;
export const GCC_VECTOR_FLAGS = ['-O3', '-march=native', '-fno-trapping-math'] as const;

/** Wasm in `copies` worker threads at once, each compiling and running the same programs. */
async function wasmAllCores(programs: readonly Program[], precision: Precision, points: number, minMs: number, copies: number): Promise<number> {
  const texts = programs.map(printProgram);
  const worker = new URL('./kernels-worker.js', import.meta.url);
  const rates = await Promise.all(
    Array.from({ length: copies }, () =>
      new Promise<number>((done, fail) => {
        const w = new Worker(fileURLToPath(worker), { workerData: { texts, precision, points, minMs } });
        w.once('message', (rate: number) => {
          done(rate);
          void w.terminate();
        });
        w.once('error', fail);
      }),
    ),
  );
  return rates.reduce((s, r) => s + r, 0);
}

const si = (x: number | undefined): string => (x === undefined ? '-' : x >= 1e9 ? `${(x / 1e9).toFixed(2)}G` : `${(x / 1e6).toFixed(0)}M`);

export async function runKernelBench(options: { quick: boolean; out: string }, log: (line: string) => void): Promise<KernelCell[]> {
  const cores = availableParallelism();
  const gcc = hasGcc();
  const minMs = options.quick ? 200 : 500;
  // Transcendental programs run 10-50 times slower: fewer of them keep a cell to seconds.
  const countOf = (mix: KernelCell['mix']): number => (mix === 'arith' ? 128 : 32);
  const ROUNDS = options.quick ? 2 : 3;
  const cells: KernelCell[] = [];
  const grid: [KernelCell['mix'], Precision, number][] = options.quick
    ? [['arith', 'f64', 2 ** 16], ['arith', 'f32', 2 ** 16], ['arith', 'f64', 2 ** 10], ['all', 'f64', 2 ** 14]]
    : [['arith', 'f64', 2 ** 16], ['arith', 'f32', 2 ** 16], ['arith', 'f64', 2 ** 14], ['arith', 'f64', 2 ** 10], ['all', 'f64', 2 ** 16], ['all', 'f32', 2 ** 16]];
  for (const [mix, precision, points] of grid) {
    const count = countOf(mix);
    const programs = randomPrograms(count, 5, 30, `bench/kernels/${mix}/${precision}/${points}`, MIXES[mix]);
    const xs = inputs(points, precision);
    const nodeEvaluations = opsOf(programs) * points;
    const plain = gcc ? gccHarness(programs, precision, points, minMs, GCC_FLAGS) : undefined;
    const vector = gcc ? gccHarness(programs, precision, points, minMs, GCC_VECTOR_FLAGS) : undefined;
    // Rounds interleave the contenders, so that load from other processes hits them alike; each
    // keeps its best round.
    const best = { closures: 0, wasm: 0, gcc: 0, gccVector: 0, wasmAll: 0, gccAll: 0, gccVectorAll: 0, compileMs: Infinity, coldMs: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      best.closures = Math.max(best.closures, closureRate(programs, xs, precision, minMs));
      const w = wasmRates(programs, xs, precision, minMs);
      best.wasm = Math.max(best.wasm, w.warm);
      if (w.compileMs + w.coldMs < best.compileMs + best.coldMs) Object.assign(best, { compileMs: w.compileMs, coldMs: w.coldMs });
      if (plain && vector) {
        best.gcc = Math.max(best.gcc, await plain.rate(1));
        best.gccVector = Math.max(best.gccVector, await vector.rate(1));
      }
      best.wasmAll = Math.max(best.wasmAll, await wasmAllCores(programs, precision, points, minMs, cores));
      if (plain && vector) {
        best.gccAll = Math.max(best.gccAll, await plain.rate(cores));
        best.gccVectorAll = Math.max(best.gccVectorAll, await vector.rate(cores));
      }
    }
    plain?.dispose();
    vector?.dispose();
    const reference = Math.max(best.gcc, best.gccVector);
    const referenceAll = Math.max(best.gccAll, best.gccVectorAll);
    const cell: KernelCell = {
      mix, precision, programs: count, points, nodeEvaluations, closures: best.closures, wasm: best.wasm,
      wasmWithCompile: nodeEvaluations / ((best.compileMs + best.coldMs) / 1000),
      wasmCompileMs: best.compileMs, wasmRunMs: best.coldMs, wasmCompileShare: best.compileMs / (best.compileMs + best.coldMs),
      wasmAllCores: best.wasmAll,
      ...(gcc ? { gcc: best.gcc, gccVector: best.gccVector, gccAllCores: best.gccAll, gccVectorAllCores: best.gccVectorAll, ratio: best.wasm / reference, ratioAllCores: best.wasmAll / referenceAll } : {}),
    };
    cells.push(cell);
    log(`  ${mix} ${precision} 2^${Math.log2(points)} x ${count} programs, 1 thread: closures ${si(cell.closures)}, wasm ${si(cell.wasm)} (compile ${cell.wasmCompileMs.toFixed(0)} ms = ${(cell.wasmCompileShare * 100).toFixed(0)}% of one cold batch), gcc ${si(cell.gcc)} / ${si(cell.gccVector)} (-fno-trapping-math); ${cores} cores: wasm ${si(cell.wasmAllCores)}, gcc ${si(cell.gccAllCores)} / ${si(cell.gccVectorAllCores)}${gcc ? `; wasm/gcc ${(cell.ratio! * 100).toFixed(0)}% (1 thread), ${(cell.ratioAllCores! * 100).toFixed(0)}% (${cores} cores)` : ''}`);
  }
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ benchmark: 'kernels', date: new Date().toISOString(), cores, gcc, note: 'node-evaluations/s; wasm and gcc side by side in one run, under whatever load the machine had', cells }, null, 2)}\n`);
  log(`wrote ${options.out}`);
  return cells;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv.includes('--out') ? resolve(process.argv[process.argv.indexOf('--out') + 1]) : resolve(ROOT, 'results/bench/kernels.json');
  await runKernelBench({ quick: process.argv.includes('--quick'), out }, (l) => console.log(l));
}
