/**
 * Per-op latency of exported C on this machine, the table behind `--cost latency`
 * (src/eval/tasks/function/cost-model.ts). For each op with a C emitter (the op table's, what
 * `symdisc export --to c` writes) and each precision, gcc -O2 compiles a dependent chain
 *
 *     x = OP(x, k...) * z + c        (z = 0 and c = 0.5 read from volatiles: the compiler knows neither)
 *
 * unrolled 16 times per loop iteration, and the same chain without OP (`x = x * z + c`); the
 * difference of their ns per step is OP's latency. Every step evaluates OP at the same in-domain
 * inputs (x = 0.5, k = 0.75), so no value drifts into subnormals, infinities or NaN. Each chain
 * runs for 1 ms, in 200 round-robin rounds over all chains; the minimum of each is kept (load from
 * other jobs only ever adds time).
 *
 *   npx tsx bench/op-latency.ts [--out FILE]
 *
 * Writes results/bench/op-latency.json and src/eval/tasks/function/op-latency.json (the copy the
 * cost model reads), with the machine, gcc version and date. Exits with a message if gcc is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLICABLE_OPS } from '../src/dsl/ops/table.ts';
import type { Precision } from '../src/dsl/ops/table.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, 'results/bench/op-latency.json');
const COPY = resolve(ROOT, 'src/eval/tasks/function/op-latency.json');
const UNROLL = 16;
const ROUNDS = 200;

export interface OpLatencyTable {
  readonly machine: string;
  readonly gcc: string;
  readonly flags: string;
  readonly date: string;
  readonly method: string;
  /** ns per op in a dependent chain, by precision and op name. */
  readonly f32: Readonly<Record<string, number>>;
  readonly f64: Readonly<Record<string, number>>;
}

export function gccVersion(): string | undefined {
  try {
    return execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The C source that times every op's chain in `precision`; prints `name ns_per_step` lines. */
export function latencySource(precision: Precision): string {
  const t = precision === 'f32' ? 'float' : 'double';
  const ops = APPLICABLE_OPS.filter((o) => o.arity >= 1);
  const chain = (expr: string | undefined): string[] => {
    const step = expr === undefined ? 'x = x * z + c;' : `x = (${expr}) * z + c;`;
    return Array.from({ length: UNROLL }, () => `      ${step}`);
  };
  const fn = (name: string, expr: string | undefined): string[] => [
    `static double run_${name}(void) {`,
    `  ${t} x = vx, z = vz, c = vc, k = vk; long n = 0; double start = now(), t;`,
    `  do {`,
    `    for (int i = 0; i < 1024; i++) {`,
    ...chain(expr),
    `    }`,
    `    n += 1024 * ${UNROLL};`,
    `  } while ((t = now() - start) < 0.001);`,
    `  sink = (double)x + (double)k;`,
    `  return t * 1e9 / (double)n;`,
    `}`,
  ];
  const args = (arity: number): string[] => ['x', ...Array.from({ length: arity - 1 }, () => 'k')];
  const lines = [
    '#define _POSIX_C_SOURCE 199309L',
    '#include <math.h>',
    '#include <stdio.h>',
    '#include <time.h>',
    `static volatile ${t} vx = 0.5, vz = 0.0, vc = 0.5, vk = 0.75;`,
    'static volatile double sink;',
    'static double now(void) { struct timespec s; clock_gettime(CLOCK_MONOTONIC, &s); return (double)s.tv_sec + 1e-9 * (double)s.tv_nsec; }',
    ...fn('baseline', undefined),
    ...ops.flatMap((o) => fn(o.name, o.emit.c(args(o.arity), precision))),
    `static double (*const runs[])(void) = { run_baseline, ${ops.map((o) => `run_${o.name}`).join(', ')} };`,
    `static const char *const names[] = { "baseline", ${ops.map((o) => `"${o.name}"`).join(', ')} };`,
    'int main(void) {',
    `  enum { N = ${ops.length + 1}, ROUNDS = ${ROUNDS} };`,
    '  double best[N];',
    '  for (int j = 0; j < N; j++) best[j] = 1e30;',
    // Round-robin rounds, the minimum of each: other jobs' load only ever adds time.
    '  for (int r = 0; r < ROUNDS; r++) for (int j = 0; j < N; j++) { double v = runs[j](); if (v < best[j]) best[j] = v; }',
    '  for (int j = 0; j < N; j++) printf("%s %.6f\\n", names[j], best[j]);',
    '  return 0;',
    '}',
  ];
  return lines.join('\n') + '\n';
}

/** Compiles and runs the chains of one precision: ns per op (chain minus baseline, at least 0). */
export function measure(precision: Precision, dir: string): Record<string, number> {
  const src = join(dir, `latency-${precision}.c`);
  const bin = join(dir, `latency-${precision}`);
  writeFileSync(src, latencySource(precision));
  execFileSync('gcc', ['-O2', '-o', bin, src, '-lm']);
  const out = execFileSync(bin, { encoding: 'utf8' });
  const raw = new Map(out.trim().split('\n').map((l) => { const [name, ns] = l.split(' '); return [name, Number(ns)] as const; }));
  const base = raw.get('baseline') ?? 0;
  const table: Record<string, number> = {};
  for (const [name, ns] of raw) if (name !== 'baseline') table[name] = Math.round(Math.max(0, ns - base) * 1000) / 1000;
  return table;
}

async function main(): Promise<void> {
  const gcc = gccVersion();
  if (gcc === undefined) {
    process.stderr.write('op-latency: SKIPPED: gcc not found on PATH (the latency table needs gcc -O2)\n');
    process.exitCode = 1;
    return;
  }
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : OUT;
  const dir = mkdtempSync(join(tmpdir(), 'symdisc-latency-'));
  try {
    const table: OpLatencyTable = {
      machine: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores; measured under load from other jobs)`,
      gcc,
      flags: 'gcc -O2 -lm (no -march: fma is a libm call)',
      date: new Date().toISOString(),
      method: `dependent chain x = OP(x, k) * z + c (z = 0, c = 0.5 volatile), ${UNROLL}x unrolled, minus the chain x = x * z + c; ns per op, minimum of ${ROUNDS} round-robin runs of 1 ms (bench/op-latency.ts)`,
      f32: measure('f32', dir),
      f64: measure('f64', dir),
    };
    const text = `${JSON.stringify(table, null, 2)}\n`;
    writeFileSync(out, text);
    if (out === OUT) writeFileSync(COPY, text);
    process.stdout.write(`op latency (ns, ${table.machine}, ${gcc}):\nop            f32      f64\n`);
    for (const name of Object.keys(table.f32)) process.stdout.write(`${name.padEnd(12)}  ${table.f32[name].toFixed(3).padStart(7)}  ${(table.f64[name] ?? NaN).toFixed(3).padStart(7)}\n`);
    process.stdout.write(`wrote ${out}${out === OUT ? ` and ${COPY}` : ''}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
