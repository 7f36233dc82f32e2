/**
 * `symdisc inspect DIR [--top N] [--lineage HASH] [--json]`: a quick terminal view of a run, still
 * going or killed (it reads what is on disk): the summary (task, seed, backend and adapter,
 * evaluations, evaluations/s, cache hit rate, elapsed, best score) and the front with PySR's score
 * column; or the ancestry of one program. `--json` prints the same for scripts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nonFiniteReplacer } from '../run/json-numbers.ts';
import { JournalCorruptError } from '../run/journal-entry.ts';
import { CONFIG_FILE, RunDirectoryError } from '../run/run-config.ts';
import { frontJson, frontLines, lineageLines, summaryLines } from '../report/inspect-view.ts';
import { AmbiguousHashError, lineageOfHash } from '../report/lineage.ts';
import { readRun } from '../report/run-reader.ts';
import type { RunData } from '../report/run-reader.ts';
import { programDisplay } from '../report/program-display.ts';
import { warmStartDistance } from '../report/optimizer-views.ts';
import { frontRows, runSummary } from '../report/run-summary.ts';
import type { Command } from './command.ts';
import { frontVersusBaselines } from './optimizer-baselines.ts';
import { parseFlags, positiveInteger } from './search-options.ts';
import { loadRunTaskModule, loadTaskModuleFlag, TASK_MODULE_FLAG } from './task-module-flag.ts';
import { UsageError } from './usage-error.ts';
import { printFunctionFront } from './function-front.ts';
import { workerLines } from '../eval/remote/workers-file.ts';

const usage = `Usage: symdisc inspect DIR [--top N] [--lineage HASH] [--json]

Prints a summary of the run in DIR (task, seed, backend, evaluations, evaluations/s, cache hit
rate, elapsed time, best score) and its front: the best program found at each cost, with cost,
error or score, PySR's score (−Δlog error / Δcost from the next cheaper entry; −Δscore / Δcost
for optimizer runs) and the program on one line. Works on a run still going or killed.

Options:
  --top N          only the N entries of the front with the best error or score
  --lineage HASH   the ancestry of the program with this hash (or unique prefix): each
                   generation's mutation and change of error or score
  --json           the same as JSON: { summary, front } or { lineage }
  --task-module F  load the task kinds of file F (a run of a --task-module task)`;

const FLAGS = {
  json: { boolean: true, accepts: '' },
  top: { accepts: 'a positive integer' },
  lineage: { accepts: 'a program hash (hex digits, as inspect prints it)' },
  ...TASK_MODULE_FLAG,
} as const;

function json(value: unknown): string {
  return `${JSON.stringify(value, nonFiniteReplacer, 2)}\n`;
}

function read(dir: string): RunData {
  if (!existsSync(join(dir, CONFIG_FILE))) throw new UsageError(`inspect: ${dir} is not a run directory (no ${CONFIG_FILE})`);
  try {
    return readRun(dir);
  } catch (error) {
    if (error instanceof RunDirectoryError || error instanceof JournalCorruptError) throw new UsageError(`inspect: ${error.message}`);
    throw error;
  }
}

function printLineage(run: RunData, hash: string, asJson: boolean, width: number): void {
  if (!/^[0-9a-f]{1,16}$/i.test(hash)) throw new UsageError(`inspect: --lineage needs ${FLAGS.lineage.accepts}, got '${hash}'`);
  let lineage;
  try {
    lineage = lineageOfHash(run, hash);
  } catch (error) {
    if (error instanceof AmbiguousHashError) throw new UsageError(`inspect: ${error.message}; give more digits`);
    throw error;
  }
  if (!lineage) throw new UsageError(`inspect: no program with hash '${hash}' in ${run.dir} (hashes are in the front table and front.csv)`);
  if (asJson) {
    process.stdout.write(json({ lineage }));
    return;
  }
  process.stdout.write(`${lineageLines(lineage, run.front.label, width, programDisplay(run.config.task)).join('\n')}\n`);
}

export const command: Command = {
  name: 'inspect',
  summary: 'summary, front (with PySR scores) or a lineage of a run directory',
  usage,
  async run(argv) {
    const { values, booleans, positional } = parseFlags('inspect', argv, FLAGS);
    if (positional.length !== 1) throw new UsageError(`inspect: expected one run directory, got ${positional.length}; usage: symdisc inspect DIR [--top N] [--lineage HASH] [--json]`);
    await loadTaskModuleFlag('inspect', values);
    if (positional.length === 1) await loadRunTaskModule(positional[0]);
    const top = values.has('top') ? positiveInteger('inspect', 'top', values.get('top') as string) : undefined;
    const run = read(positional[0]);
    const width = Math.max(60, (process.stdout.columns ?? 160) - 1);
    const asJson = booleans.has('json');
    const lineageHash = values.get('lineage');
    if (lineageHash !== undefined) {
      printLineage(run, lineageHash, asJson, width);
      return 0;
    }
    const summary = runSummary(run);
    const rows = frontRows(run.front.entries, run.config.domain);
    const show = programDisplay(run.config.task);
    if (asJson) {
      const kept = top !== undefined ? new Set([...rows].sort((a, b) => a.score - b.score).slice(0, top)) : undefined;
      const { best, ...rest } = summary;
      const shown = kept ? rows.filter((r) => kept.has(r)) : rows;
      let front = frontJson(shown, run.front.label, show);
      // Optimizer runs: each entry's distance from the warm start (statements changed, as displayed).
      if (run.config.domain === 'optimizer') front = front.map((row, i) => ({ ...row, changed: warmStartDistance(shown[i].program, run.config.initial, show.precision) ?? NaN }));
      process.stdout.write(json({ summary: { ...rest, ...(best ? { best: { cost: best.cost, [run.front.label]: best.score, hash: best.hash, program: best.program, display: show.text(best.program, best.display) } } : {}) }, front }));
      return 0;
    }
    const workers = workerLines(run.dir);
    const lines = [
      ...summaryLines(summary, width),
      ...(workers.length > 0 ? ['', ...workers] : []),
      '',
      `${run.front.task}: ${rows.length} programs on the front (${run.front.label} = ${run.front.measure})`,
      ...frontLines(rows, run.front.label, width, top, show),
    ];
    // Optimizer runs: the best programs beside the baseline optimizers (baselines.json, else scored now).
    if (run.config.domain === 'optimizer') lines.push('', ...frontVersusBaselines(run.dir, run.config.task, run.front.entries, false));
    process.stdout.write(`${lines.join('\n')}\n`);
    // Function runs: the front beside the minimax polynomials of equal cost (validation errors).
    if (run.config.domain === 'function') printFunctionFront(run.dir, run.config.task, (line) => process.stdout.write(`${line}\n`), false);
    return 0;
  },
};
