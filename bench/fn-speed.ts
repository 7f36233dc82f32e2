/**
 * Speed of the winners: the exported C (`symdisc export --to c`, src/dsl/emit/c.ts) of a run's
 * front programs, side by side with the degree-6 Horner polynomial (the exp2_taylor6 seed: 6
 * multiplies and 6 adds, the same code as the degree-6 minimax polynomial) and glibc's exp2f /
 * exp2, on the same inputs, in ns per call.
 *
 *   npx tsx bench/fn-speed.ts [--run DIR] [--max-cost K] [--out FILE]
 *
 * Each function is its own translation unit (gcc -O2, no LTO), so every call is a real call, as
 * a user linking the exported file gets; the driver calls it on 4096 inputs evenly spaced over
 * [0, 1) (y[i] = f(x[i])), 100 round-robin rounds of 1 ms each, keeping each function's fastest
 * round (other jobs' load only adds time). Default run: results/examples/fn-exp2-f32-s1; its
 * task's precision picks float or double. Writes results/bench/fn-speed.json. Without gcc it
 * prints a loud SKIPPED line and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportC } from '../src/dsl/emit/c.ts';
import type { Precision } from '../src/dsl/ops/table.ts';
import { parseProgram } from '../src/dsl/parse.ts';
import { seedText } from '../src/dsl/seeds/index.ts';
import { programCost } from '../src/eval/program-cost.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_RUN = resolve(ROOT, 'results/examples/fn-exp2-f32-s1');
const DEFAULT_OUT = resolve(ROOT, 'results/bench/fn-speed.json');
const INPUTS = 4096;
const ROUNDS = 100;

export interface SpeedSubject {
  /** C identifier of the function. */
  readonly name: string;
  readonly kind: 'front' | 'horner6' | 'glibc';
  readonly cost?: number;
  /** The front's score of the program (its task's measure), when it comes from a front. */
  readonly score?: number;
  /** One translation unit defining `name` (absent for glibc: the driver calls libm). */
  readonly source?: string;
}

export interface SpeedRow {
  readonly name: string;
  readonly kind: SpeedSubject['kind'];
  readonly cost?: number;
  readonly score?: number;
  readonly nsPerCall: number;
}

export function gccAvailable(): string | undefined {
  try {
    return execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The functions timed: the front entries (cost <= maxCost), the degree-6 Horner polynomial, glibc. */
export function speedSubjects(entries: readonly { cost: number; score: number | string; program: string }[], precision: Precision, maxCost = Infinity): SpeedSubject[] {
  const subjects: SpeedSubject[] = entries
    .filter((e) => e.cost <= maxCost)
    .map((e) => ({
      name: `front_c${e.cost}`,
      kind: 'front' as const,
      cost: e.cost,
      ...(typeof e.score === 'number' ? { score: e.score } : {}),
      source: exportC(parseProgram(e.program, `front cost ${e.cost}`), { precision, name: `front_c${e.cost}` }),
    }));
  const horner = parseProgram(seedText('exp2_taylor6'), 'exp2_taylor6');
  subjects.push({ name: 'horner6', kind: 'horner6', cost: programCost(horner).interactions, source: exportC(horner, { precision, name: 'horner6' }) });
  subjects.push({ name: precision === 'f32' ? 'exp2f' : 'exp2', kind: 'glibc' });
  return subjects;
}

/** The driver: times every subject on the same inputs; prints `name ns_per_call` lines. */
export function driverSource(subjects: readonly SpeedSubject[], precision: Precision): string {
  const t = precision === 'f32' ? 'float' : 'double';
  const timed = subjects.map((s) => s.name);
  return [
    '#define _POSIX_C_SOURCE 199309L',
    '#include <math.h>',
    '#include <stdio.h>',
    '#include <time.h>',
    ...subjects.filter((s) => s.source !== undefined).map((s) => `${t} ${s.name}(${t} x);`),
    `typedef ${t} (*fn)(${t});`,
    `static ${t} xs[${INPUTS}], ys[${INPUTS}];`,
    'static volatile double sink;',
    'static double now(void) { struct timespec s; clock_gettime(CLOCK_MONOTONIC, &s); return (double)s.tv_sec + 1e-9 * (double)s.tv_nsec; }',
    `static double run(fn f) { long n = 0; double start = now(), t; do { for (int i = 0; i < ${INPUTS}; i++) ys[i] = f(xs[i]); n += ${INPUTS}; } while ((t = now() - start) < 0.001); sink = ys[7]; return t * 1e9 / (double)n; }`,
    `static const fn fns[] = { ${timed.join(', ')} };`,
    `static const char *const names[] = { ${timed.map((n) => `"${n}"`).join(', ')} };`,
    'int main(void) {',
    `  enum { N = ${timed.length} };`,
    `  for (int i = 0; i < ${INPUTS}; i++) xs[i] = (${t})i / (${t})${INPUTS};`,
    '  double best[N];',
    '  for (int j = 0; j < N; j++) best[j] = 1e30;',
    `  for (int r = 0; r < ${ROUNDS}; r++) for (int j = 0; j < N; j++) { double v = run(fns[j]); if (v < best[j]) best[j] = v; }`,
    '  for (int j = 0; j < N; j++) printf("%s %.4f\\n", names[j], best[j]);',
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

/** Writes the sources into `dir` and compiles them with gcc -O2; returns the binary's path. */
export function compileSpeedBench(subjects: readonly SpeedSubject[], precision: Precision, dir: string): string {
  const files = [join(dir, 'driver.c')];
  writeFileSync(files[0], driverSource(subjects, precision));
  for (const s of subjects) {
    if (s.source === undefined) continue;
    const file = join(dir, `${s.name}.c`);
    writeFileSync(file, s.source);
    files.push(file);
  }
  const bin = join(dir, 'fn-speed');
  execFileSync('gcc', ['-O2', '-std=c99', '-o', bin, ...files, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return bin;
}

export function runSpeedBench(subjects: readonly SpeedSubject[], precision: Precision): SpeedRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-fn-speed-'));
  try {
    const bin = compileSpeedBench(subjects, precision, dir);
    const times = new Map(execFileSync(bin, { encoding: 'utf8' }).trim().split('\n').map((l) => { const [n, ns] = l.split(' '); return [n, Number(ns)] as const; }));
    return subjects.map((s) => ({ name: s.name, kind: s.kind, ...(s.cost !== undefined ? { cost: s.cost } : {}), ...(s.score !== undefined ? { score: s.score } : {}), nsPerCall: times.get(s.name) ?? NaN }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FnSpeedOptions {
  readonly run?: string;
  readonly maxCost?: number;
  readonly out?: string;
}

/** The benchmark as `npm run bench` runs it: resolves to false (after a loud line) without gcc. */
export async function runFnSpeedBench(options: FnSpeedOptions, log: (line: string) => void = (l) => console.log(l)): Promise<boolean> {
  const gcc = gccAvailable();
  if (gcc === undefined) {
    log('fn-speed: SKIPPED: gcc not found on PATH; the exported-C speed benchmark needs gcc');
    return false;
  }
  const runDir = options.run ?? DEFAULT_RUN;
  const front = JSON.parse(readFileSync(join(runDir, 'front.json'), 'utf8')) as { entries: { cost: number; score: number | string; program: string }[] };
  const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { task: { id: string; options?: { precision?: Precision } } };
  const precision: Precision = config.task.options?.precision ?? 'f32';
  const subjects = speedSubjects(front.entries, precision, options.maxCost ?? 16);
  const rows = runSpeedBench(subjects, precision);
  const report = {
    benchmark: 'fn-speed',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', gcc, flags: 'gcc -O2 -std=c99, one translation unit per function (no inlining)' },
    run: runDir.startsWith(ROOT) ? runDir.slice(ROOT.length + 1) : runDir,
    task: config.task,
    precision,
    inputs: `${INPUTS} evenly spaced in [0, 1), y[i] = f(x[i]); fastest of ${ROUNDS} rounds of 1 ms`,
    rows,
  };
  const out = options.out ?? DEFAULT_OUT;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`fn-speed (${precision}, ${report.run}; ns per call, measured under load):`);
  log('function      cost  score       ns/call');
  for (const r of rows) log(`${r.name.padEnd(12)}  ${String(r.cost ?? '-').padStart(4)}  ${(r.score !== undefined ? r.score.toPrecision(4) : '-').padEnd(10)}  ${r.nsPerCall.toFixed(3).padStart(7)}`);
  log(`wrote ${out}`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const maxCost = arg('--max-cost');
  const run = arg('--run');
  const out = arg('--out');
  const ok = await runFnSpeedBench({ ...(run !== undefined ? { run: resolve(run) } : {}), ...(maxCost !== undefined ? { maxCost: Number(maxCost) } : {}), ...(out !== undefined ? { out: resolve(out) } : {}) });
  if (!ok) process.exitCode = 1;
}
