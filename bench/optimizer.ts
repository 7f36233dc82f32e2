/**
 * The optimizer-training benchmark, part of `npm run bench`: candidate × instance trainings per
 * second and parameter updates per second (one parameter, one step) of
 *   - the CPU trainer on one thread (measureCpuTrainer: AdamW on every opt:suite family),
 *   - the WGSL training kernel (measureGpuTrainer: 32 AdamW variants, one structure, one
 *     dispatch series per family), in a child process that owns the device,
 * and candidates per second through the whole pool as a search sees it (createEvaluator: every
 * CPU worker thread / GPU process; 24 programs = the 6 baselines × 4 constant variants).
 * Writes results/bench/optimizer.json and prints a table.
 *
 *   tsx bench/optimizer.ts [--quick] [--backends webgpu,cpu] [--out FILE]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { printProgram } from '../src/dsl/print.ts';
import { literals, withLiterals } from '../src/dsl/program.ts';
import { loadSeed } from '../src/dsl/seeds/index.ts';
import { createEvaluator } from '../src/eval/create-evaluator.ts';
import { BASELINE_SEEDS } from '../src/eval/tasks/optimizer/score.ts';
import { measureCpuTrainer } from '../src/eval/tasks/optimizer/throughput.ts';
import type { TrainerThroughput } from '../src/eval/tasks/optimizer/throughput.ts';
import type { GpuTrainerThroughput } from '../src/eval/tasks/optimizer/gpu-throughput.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OPTIMIZER_OUT = resolve(ROOT, 'results/bench/optimizer.json');
const TASK = 'opt:suite';

type BackendName = 'webgpu' | 'cpu';

export interface PoolThroughput {
  readonly backend: BackendName;
  readonly description: string;
  readonly candidates: number;
  readonly trainings: number;
  readonly seconds: number;
  readonly candidatesPerSecond: number;
  readonly trainingsPerSecond: number;
}

export interface OptimizerBenchReport {
  readonly benchmark: 'optimizer';
  readonly date: string;
  readonly task: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly cpuTrainer?: TrainerThroughput;
  readonly gpuTrainer?: (GpuTrainerThroughput & { device: string; software: boolean }) | { missing: readonly string[] } | { error: string };
  readonly pool: readonly PoolThroughput[];
}

export interface OptimizerBenchOptions {
  readonly backends: readonly BackendName[];
  readonly quick: boolean;
  readonly out: string;
}

/** The 6 baselines, each with its constants scaled by 1, 1.01, 1.02, 1.03 (distinct programs, 6 structures). */
function poolPrograms(): string[] {
  return BASELINE_SEEDS.flatMap((name) => {
    const p = loadSeed(name);
    const base = literals(p);
    return [0, 1, 2, 3].map((k) => printProgram(withLiterals(p, base.map((x) => x * (1 + k / 100)))));
  });
}

async function measurePool(backend: BackendName): Promise<PoolThroughput> {
  const evaluator = await createEvaluator({ backend });
  try {
    await evaluator.evaluate({ id: TASK }, [printProgram(loadSeed('adamw'))]); // warm-up: workers, baselines
    const programs = poolPrograms();
    const t0 = performance.now();
    const results = await evaluator.evaluate({ id: TASK }, programs);
    const seconds = (performance.now() - t0) / 1000;
    const trainings = results.reduce((n, r) => n + (r.measures.trainings ?? 0), 0);
    return { backend, description: evaluator.info.description, candidates: programs.length, trainings, seconds, candidatesPerSecond: programs.length / seconds, trainingsPerSecond: trainings / seconds };
  } finally {
    await evaluator.close();
  }
}

async function measureGpuInChild(): Promise<NonNullable<OptimizerBenchReport['gpuTrainer']>> {
  const child = resolve(ROOT, 'bench/optimizer-gpu.ts');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, TASK, '32'], { cwd: ROOT, timeout: 600_000, maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as NonNullable<OptimizerBenchReport['gpuTrainer']>;
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
}

const si = (x: number): string => (x >= 1e9 ? `${(x / 1e9).toFixed(2)}G` : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(1));

/** The printed table (one row per measurement). */
export function optimizerTable(r: OptimizerBenchReport): string[] {
  const rows: string[][] = [['optimizer training on opt:suite', 'trainings/s', 'param-updates/s', 'candidates/s']];
  if (r.cpuTrainer) rows.push(['cpu trainer, 1 thread (AdamW)', si(r.cpuTrainer.trainingsPerSecond), si(r.cpuTrainer.parameterUpdatesPerSecond), si(1 / Object.values(r.cpuTrainer.secondsPerFamily).reduce((a, b) => a + b, 0))]);
  const g = r.gpuTrainer;
  if (g && 'trainingsPerSecond' in g) rows.push([`webgpu kernel, ${g.candidates} candidates`, si(g.trainingsPerSecond), si(g.parameterUpdatesPerSecond), si(g.candidates / g.seconds)]);
  else if (g) rows.push(['webgpu kernel', 'missing' in g ? `no adapter: ${g.missing.join('; ')}` : `failed: ${g.error}`, '', '']);
  for (const p of r.pool) rows.push([`${p.backend} pool, ${p.candidates} programs`, si(p.trainingsPerSecond), '–', si(p.candidatesPerSecond)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

export async function runOptimizerBench(options: OptimizerBenchOptions, log: (line: string) => void = (l) => console.log(l)): Promise<OptimizerBenchReport> {
  let cpuTrainer: TrainerThroughput | undefined;
  let gpuTrainer: OptimizerBenchReport['gpuTrainer'];
  const pool: PoolThroughput[] = [];
  if (options.backends.includes('cpu')) {
    cpuTrainer = measureCpuTrainer(TASK, 'adamw', options.quick ? 1 : 3);
    log(`  cpu trainer: ${si(cpuTrainer.trainingsPerSecond)} trainings/s, ${si(cpuTrainer.parameterUpdatesPerSecond)} parameter-updates/s (1 thread)`);
  }
  if (options.backends.includes('webgpu')) {
    gpuTrainer = await measureGpuInChild();
    if ('trainingsPerSecond' in gpuTrainer) log(`  webgpu kernel: ${si(gpuTrainer.trainingsPerSecond)} trainings/s, ${si(gpuTrainer.parameterUpdatesPerSecond)} parameter-updates/s (${gpuTrainer.device})`);
  }
  for (const backend of options.backends) {
    const p = await measurePool(backend);
    pool.push(p);
    log(`  ${backend} pool: ${si(p.candidatesPerSecond)} candidates/s, ${si(p.trainingsPerSecond)} trainings/s (${p.description})`);
  }
  const report: OptimizerBenchReport = {
    benchmark: 'optimizer',
    date: new Date().toISOString(),
    task: TASK,
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    ...(cpuTrainer ? { cpuTrainer } : {}),
    ...(gpuTrainer ? { gpuTrainer } : {}),
    pool,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(optimizerTable(report).join('\n'));
  log(`wrote ${options.out}`);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const backendsArg = argv.find((a) => a.startsWith('--backends='))?.slice('--backends='.length);
  const outArg = argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  runOptimizerBench({
    backends: (backendsArg?.split(',') ?? ['webgpu', 'cpu']) as BackendName[],
    quick: argv.includes('--quick'),
    out: outArg ? resolve(outArg) : DEFAULT_OPTIMIZER_OUT,
  }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
