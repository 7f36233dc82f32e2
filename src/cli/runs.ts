/**
 * `symdisc runs [DIR] [--json]`: the run directories under DIR (default results/) as a table:
 * task, status (running, stopped, finished), evaluations, best score, size on disk, age.
 */
import { existsSync, statSync } from 'node:fs';
import { listRuns } from '../run/run-list.ts';
import type { RunListing } from '../run/run-list.ts';
import { stringifyNumbers } from '../run/json-numbers.ts';
import type { Command } from './command.ts';
import { formatScore } from './progress-format.ts';
import { parseFlags } from './search-options.ts';
import type { FlagSpec } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  json: { boolean: true, accepts: '' },
};

const usage = `Usage: symdisc runs [DIR] [--json]

Lists the run directories under DIR (default results/): task, status, evaluations, best score,
size on disk and age. Status: running (a live search holds it), finished (budget or patience
reached), stopped (time limit, Ctrl-C, full disk or killed: symdisc resume DIR continues it).

Options:
  --json   one JSON array of the runs, for scripts`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let x = n / 1024;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x < 10 ? x.toFixed(1) : Math.round(x)} ${units[u]}`;
}

export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
}

export function runsTable(runs: readonly RunListing[]): string[] {
  const rows = runs.map((r) => [r.name, r.task, r.status, String(r.evaluations), r.best === null ? '-' : `${r.label} ${formatScore(r.best)}`, formatBytes(r.bytes), formatAge(r.ageMs)]);
  const header = ['RUN', 'TASK', 'STATUS', 'EVALS', 'BEST', 'SIZE', 'AGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const right = new Set([3, 5, 6]);
  const line = (r: readonly string[]): string => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export const command: Command = {
  name: 'runs',
  summary: 'list run directories: task, status, evaluations, best score, size, age',
  usage,
  async run(argv) {
    const { booleans, positional } = parseFlags('runs', argv, FLAGS);
    if (positional.length > 1) throw new UsageError(`runs: expected at most one directory, got ${positional.length}; usage: symdisc runs [DIR] [--json]`);
    const root = positional[0] ?? 'results';
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`runs: ${root} is not a directory`);
    const runs = listRuns(root);
    if (booleans.has('json')) {
      process.stdout.write(`${stringifyNumbers(runs, 2)}\n`);
      return 0;
    }
    process.stdout.write(runs.length === 0 ? `no run directories under ${root}\n` : `${runsTable(runs).join('\n')}\n`);
    return 0;
  },
};
