/**
 * Resident memory of a long search: runs `symdisc search ARGS...` as a child process and samples
 * the resident set (VmRSS of the search process plus every process below it: GPU children) every
 * `--every` seconds, writing the curve and its spread after the first `--settle` minutes to
 * results/bench/memory-<label>.json. The search's own memory trace (src/run/memory-trace.ts: V8 heap
 * of the main thread and of each worker thread, cache, memo and journal-window sizes) is taken at
 * the same interval and stored beside the curve as `trace`; `slopeMiBPerMin` is the least-squares
 * slope of the resident set after the settle time.
 *
 *   npx tsx bench/memory.ts [--every 30] [--settle 5] [--label NAME] -- search --task fn:exp2 --time 1h ...
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
}

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}

/** Children of every process, from /proc (Linux only). */
function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended between readdir and read
    }
  }
  return children;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` and all its descendants, in MiB. */
function treeRssMiB(pid: number): number {
  const children = childrenOf();
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    total += rssKiB(p);
    stack.push(...(children.get(p) ?? []));
  }
  return total / 1024;
}

/** Least-squares slope of the resident set, MiB per minute (0 with fewer than 2 samples). */
function slope(samples: readonly Sample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.seconds / 60, 0) / n;
  const my = samples.reduce((a, s) => a + s.rssMiB, 0) / n;
  const sxy = samples.reduce((a, s) => a + (s.seconds / 60 - mx) * (s.rssMiB - my), 0);
  const sxx = samples.reduce((a, s) => a + (s.seconds / 60 - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 100) / 100;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const split = argv.indexOf('--');
  if (split === -1) throw new Error('usage: tsx bench/memory.ts [--every S] [--settle MIN] [--label NAME] -- search ...');
  const own = argv.slice(0, split);
  const command = argv.slice(split + 1);
  const everyS = Number(flag(own, 'every', '30'));
  const settleMin = Number(flag(own, 'settle', '5'));
  const label = flag(own, 'label', command.includes('--task') ? command[command.indexOf('--task') + 1].replace(/[^A-Za-z0-9]+/g, '-') : 'search');
  const traceDir = mkdtempSync(join(tmpdir(), 'symdisc-memory-'));
  const traceFile = join(traceDir, 'trace.jsonl');
  const env = { ...process.env, SYMDISC_MEMORY_TRACE: traceFile, SYMDISC_MEMORY_TRACE_S: String(everyS) };
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/symdisc.js'), ...command, '--no-progress'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const started = Date.now();
  const samples: Sample[] = [];
  const take = (): void => {
    if (child.pid !== undefined) samples.push({ seconds: Math.round((Date.now() - started) / 1000), rssMiB: Math.round(treeRssMiB(child.pid) * 10) / 10 });
  };
  const timer = setInterval(take, everyS * 1000);
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
  clearInterval(timer);
  const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown) : [];
  rmSync(traceDir, { recursive: true, force: true });
  const after = samples.filter((s) => s.seconds >= settleMin * 60);
  const settled = after.map((s) => s.rssMiB);
  const summary =
    settled.length > 0
      ? (() => {
          const first = settled[0];
          const min = Math.min(...settled);
          const max = Math.max(...settled);
          return { afterSettleFirstMiB: first, minMiB: min, maxMiB: max, maxDeviationFromFirst: Math.max(Math.abs(max - first), Math.abs(first - min)) / first, slopeMiBPerMin: slope(after) };
        })()
      : undefined;
  const out = resolve(ROOT, `results/bench/memory-${label}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ command: ['symdisc', ...command], everyS, settleMin, exitCode: code, measuredAt: new Date().toISOString(), summary, samples, trace }, null, 2)}\n`);
  console.log(`memory: ${samples.length} samples written to ${out}`);
  if (summary) console.log(`memory: after ${settleMin} min: first ${summary.afterSettleFirstMiB} MiB, range ${summary.minMiB}–${summary.maxMiB} MiB, max deviation ${(summary.maxDeviationFromFirst * 100).toFixed(1)}%, slope ${summary.slopeMiBPerMin} MiB/min`);
  process.exitCode = code;
}

await main();
