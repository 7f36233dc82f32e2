/**
 * The function task's CPU scoring path as a search drives it, on one thread: 512 children of a
 * 60-second fn:exp2 f64 search (bench/fixtures/fn-exp2-children.json, taken from its journal:
 * evaluated, no cache hits, no polish) scored in batches of 64 with lm-minimax fitting on the
 * 1024 training points and scoring on the 16384 validation points, as `symdisc search --task
 * fn:exp2 --precision f64 --backend cpu` does. Reports candidates/s and a digest of the results
 * (scores and fitted texts), so that a change meant to keep results bit-identical can show it.
 * Writes results/bench/fit.json.
 *
 *   npx tsx bench/fit.ts [--repeat N] [--out FILE]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProgram } from '../src/dsl/parse.ts';
import { getTask } from '../src/eval/tasks/registry.ts';
import { scoreFunctionsOnCpu } from '../src/eval/tasks/function/cpu-scorer.ts';
import type { FunctionTask } from '../src/eval/tasks/function/task.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = 64;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const repeat = Number(option('--repeat', '1'));
const out = resolve(option('--out', resolve(ROOT, 'results/bench/fit.json')));
const texts = JSON.parse(readFileSync(resolve(ROOT, 'bench/fixtures/fn-exp2-children.json'), 'utf8')) as string[];
const programs = texts.map((t) => parseProgram(t));
const task = getTask('fn:exp2', { precision: 'f64', fit: 'lm-minimax', validation: 16384 }) as FunctionTask;

const runs: { seconds: number; cpuSeconds: number; candidatesPerSecond: number; candidatesPerCpuSecond: number }[] = [];
let digest = '';
for (let r = 0; r < repeat; r++) {
  const hash = createHash('sha256');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let start = 0; start < programs.length; start += BATCH) {
    for (const result of scoreFunctionsOnCpu(task, programs.slice(start, start + BATCH))) hash.update(`${result.score}|${result.program ?? ''}\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time as well as wall time: on a shared machine the wall clock counts other processes' turns.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  digest = hash.digest('hex').slice(0, 16);
  runs.push({ seconds, cpuSeconds, candidatesPerSecond: programs.length / seconds, candidatesPerCpuSecond: programs.length / cpuSeconds });
  console.log(`fit bench: ${programs.length} candidates in ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} CPU s) = ${(programs.length / seconds).toFixed(1)} candidates/s, ${(programs.length / cpuSeconds).toFixed(1)} per CPU second (one thread), results digest ${digest}`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), candidates: programs.length, batch: BATCH, task: { id: task.id, options: task.options }, digest, runs }, null, 2) + '\n');
