/**
 * `symdisc tasks [--json]`: every task, fitted to the terminal (at most 100 columns): id, domain
 * and objectives on one line, the description wrapped beneath. `--json` has everything else:
 * interval, error measures, every measure, options and the search space.
 */
import { isFunctionTask } from '../eval/tasks/function/task.ts';
import { listTasks } from '../eval/tasks/registry.ts';
import type { TaskDefinition } from '../eval/tasks/registry.ts';
import type { Command } from './command.ts';
import { parseFlags } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc tasks [--json]

Lists the tasks programs can be scored on: id, domain, objectives (measures minimised; the first
is the score) and description. --json adds the interval, error measures, every measure, the
options and the search space (ops, constants, mutation weights, default settings). Use an id
with --task.`;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The table for a terminal `width` columns wide (clamped to 60..100). */
export function taskLines(tasks: readonly TaskDefinition[], width: number): string[] {
  const w = Math.min(100, Math.max(60, width));
  const idWidth = Math.max(4, ...tasks.map((t) => t.id.length));
  const domainWidth = Math.max(6, ...tasks.map((t) => t.domain.length));
  const row = (id: string, domain: string, objectives: string): string => `${id.padEnd(idWidth)}  ${domain.padEnd(domainWidth)}  ${objectives}`.trimEnd();
  const lines = [row('task', 'domain', 'objectives (first = score)')];
  for (const t of tasks) {
    lines.push(row(t.id, t.domain, t.objectives.join(', ')));
    lines.push(...wrap(t.description, w - 4).map((l) => `    ${l}`));
  }
  return lines;
}

/** Everything about a task that is data, for `--json`. */
export function taskJson(t: TaskDefinition): Record<string, unknown> {
  const { vocabulary, settings, warmStart, precision, scoreLabel } = t.searchSpace;
  return {
    id: t.id,
    kind: t.kind,
    domain: t.domain,
    description: t.description,
    ...(isFunctionTask(t) ? { interval: t.interval, errorMeasures: t.errorMeasures } : {}),
    objectives: t.objectives,
    measures: t.measures,
    options: t.options,
    searchSpace: { vocabulary, settings, warmStart: { seeds: warmStart.seeds, randomPrograms: warmStart.randomPrograms }, precision, scoreLabel },
  };
}

export const command: Command = {
  name: 'tasks',
  summary: 'list the tasks with their objectives and descriptions (--json: everything)',
  usage,
  async run(argv) {
    const flags = parseFlags('tasks', argv, { json: { boolean: true, accepts: '' } });
    if (flags.positional.length > 0) throw new UsageError(`tasks: unexpected argument '${flags.positional[0]}'; usage: symdisc tasks [--json]`);
    const tasks = listTasks();
    if (flags.booleans.has('json')) {
      process.stdout.write(`${JSON.stringify(tasks.map(taskJson), null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${taskLines(tasks, process.stdout.columns ?? 100).join('\n')}\n`);
    return 0;
  },
};
