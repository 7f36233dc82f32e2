/**
 * `symdisc tasks [--json]`: every task with its domain, interval, error measures and objectives.
 */
import { isFunctionTask } from '../eval/tasks/function/task.ts';
import { listTasks } from '../eval/tasks/registry.ts';
import type { Command } from './command.ts';
import { parseFlags } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc tasks [--json]

Lists the tasks programs can be scored on: id, domain, description, interval, error measures and
objectives (measures minimised; the first is the score). Use an id with --task.`;

export const command: Command = {
  name: 'tasks',
  summary: 'list the tasks with their intervals, error measures and objectives',
  usage,
  async run(argv) {
    const flags = parseFlags('tasks', argv, { json: { boolean: true, accepts: '' } });
    if (flags.positional.length > 0) throw new UsageError(`tasks: unexpected argument '${flags.positional[0]}'; usage: symdisc tasks [--json]`);
    const tasks = listTasks();
    if (flags.booleans.has('json')) {
      const out = tasks.map((t) => ({ t, fn: isFunctionTask(t) ? t : undefined })).map(({ t, fn }) => ({
        id: t.id,
        domain: t.domain,
        description: t.description,
        ...(fn ? { interval: fn.interval, errorMeasures: fn.errorMeasures } : {}),
        objectives: t.objectives,
        measures: t.measures,
        options: t.options,
      }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    const rows = tasks.map((t) => ({ t, fn: isFunctionTask(t) ? t : undefined })).map(({ t, fn }) => [
      t.id,
      t.domain,
      t.description,
      fn ? `[${fn.interval[0]}, ${fn.interval[1]}]` : '-',
      fn ? fn.errorMeasures.join(', ') : '-',
      t.objectives.join(', '),
    ]);
    const header = ['task', 'domain', 'description', 'interval', 'error measures', 'objectives (first = score)'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    return 0;
  },
};
