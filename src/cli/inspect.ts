/**
 * `symdisc inspect DIR [--json]`: the front of a run (best program at each cost), with the run's
 * counters. `--json` prints an array of { cost, error | score, hash, program }.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrontFile } from '../evolve/archive.ts';
import { loadCheckpoint } from '../evolve/checkpoint.ts';
import { fromJsonNumber } from '../evolve/json-numbers.ts';
import type { JsonNumber } from '../evolve/json-numbers.ts';
import { CONFIG_FILE, readConfig } from '../evolve/run-dir.ts';
import type { Command } from './command.ts';
import { formatDuration, frontTable, percent } from './progress-format.ts';
import { parseFlags } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc inspect DIR [--json]

Prints the front of the run in DIR: the best program found at each cost (cost, error or score,
program). With --json: an array of objects { cost, error | score, hash, program }.`;

function readFront(dir: string): FrontFile {
  const path = join(dir, 'front.json');
  if (existsSync(path)) {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as FrontFile & { entries: { score: JsonNumber }[] };
    return { ...raw, entries: raw.entries.map((e) => ({ ...(e as unknown as FrontFile['entries'][number]), score: fromJsonNumber(e.score) })) };
  }
  const config = readConfig(dir);
  return { task: config.task.id, label: config.label, measure: config.objectives[0], entries: loadCheckpoint(dir)?.state.archive ?? [] };
}

export const command: Command = {
  name: 'inspect',
  summary: 'print the front (best program at each cost) of a run directory',
  usage,
  async run(argv) {
    const { booleans, positional } = parseFlags('inspect', argv, { json: { boolean: true, accepts: '' } });
    if (positional.length !== 1) throw new UsageError(`inspect: expected one run directory, got ${positional.length}; usage: symdisc inspect DIR [--json]`);
    const dir = positional[0];
    if (!existsSync(join(dir, CONFIG_FILE))) throw new UsageError(`inspect: ${dir} is not a run directory (no ${CONFIG_FILE})`);
    const front = readFront(dir);
    if (booleans.has('json')) {
      const rows = front.entries.map((e) => ({ cost: e.cost, [front.label]: e.score, hash: e.hash, program: e.program }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const state = loadCheckpoint(dir)?.state;
    const lines = [`${front.task}: ${front.entries.length} programs on the front (${front.label} = ${front.measure})`];
    if (state) {
      const hitRate = state.candidates > 0 ? state.cacheHits / state.candidates : 0;
      lines.push(`  ${state.candidates} candidates, ${state.evaluations} evaluated, cache hits ${percent(hitRate)}, ${state.nextBatch} batches, ${formatDuration(state.elapsedMs)} as of the last checkpoint`);
    }
    lines.push('', ...frontTable(front.entries, front.label, Math.max(60, (process.stdout.columns ?? 160) - 1), Infinity));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
