/**
 * `symdisc eval FILE --task T [--backend B] [--precision P] [--points N] [--json]`: scores one
 * program file (or seed by name) on a task and prints every measure; `--json` prints one object
 * with a top-level `score`, every measure by name, and the backend that scored it.
 */
import { readFileSync } from 'node:fs';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import { hasSeed, seedNames, seedPath, seedText } from '../dsl/seeds/index.ts';
import { BACKENDS, createEvaluator } from '../eval/create-evaluator.ts';
import type { TaskRef } from '../eval/evaluator.ts';
import { isOptimizerTask } from '../eval/tasks/optimizer/task.ts';
import { getTask, TaskError } from '../eval/tasks/registry.ts';
import type { Command } from './command.ts';
import { familyDetailLines } from './optimizer-table.ts';
import { oneOf, parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';
import { loadTaskModuleFlag, TASK_MODULE_FLAG } from './task-module-flag.ts';
import { intervalFlag } from './function-task-flags.ts';
import { INTERVAL_FORMS } from '../eval/reference/interval.ts';

const usage = `Usage: symdisc eval FILE --task TASK [--backend auto|webgpu|cpu] [--precision f32|f64] [--points N] [--json]

Scores the program in FILE (or the seed of that name: ${seedNames().join(', ')}) on TASK
(see 'symdisc tasks') and prints the score and every measure.
  --task TASK        the task, e.g. fn:exp2
  --backend B        auto (default: GPU if any, else software WebGPU, else cpu), webgpu, cpu
  --precision P      f32 or f64 arithmetic (function tasks; f64 runs on the cpu backend)
  --points N         number of evaluation points (function tasks)
  --interval I       function tasks: '(0,1]', '[a,b)', '(a,b)', '[a,b]' or a,b (closed)
  --json             print one JSON object: score, every measure by name, valid, error, backend
  --task-module F    load the task kinds of file F (see examples/csv-target/)
Non-finite numbers print as null in JSON. Bad flags exit with code 2.`;

const FLAGS = {
  task: { accepts: 'a task id (symdisc tasks lists them)' },
  backend: { accepts: BACKENDS.join('|') },
  precision: { accepts: 'f32|f64' },
  points: { accepts: 'an integer >= 2' },
  interval: { accepts: INTERVAL_FORMS },
  json: { boolean: true, accepts: '' },
  ...TASK_MODULE_FLAG,
} as const;

function readSource(arg: string): { text: string; file: string } {
  try {
    return { text: readFileSync(arg, 'utf8'), file: arg };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && hasSeed(arg)) return { text: seedText(arg), file: seedPath(arg) };
    if (code === 'ENOENT') throw new UsageError(`eval: no such file '${arg}' (and no seed of that name; seeds: ${seedNames().join(', ')})`);
    throw new UsageError(`eval: cannot read '${arg}': ${(error as Error).message}`);
  }
}

function formatNumber(x: number): string {
  return Number.isFinite(x) && x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6) ? x.toExponential(4) : String(x);
}

export const command: Command = {
  name: 'eval',
  summary: 'score one program file (or seed) on a task',
  usage,
  async run(argv) {
    const flags = parseFlags('eval', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`eval: expected one FILE, got ${flags.positional.length}; usage: symdisc eval FILE --task TASK`);
    const taskId = flags.values.get('task');
    if (!taskId) throw new UsageError('eval: --task is required (symdisc tasks lists them)');
    const backend = oneOf('eval', 'backend', flags.values.get('backend') ?? 'auto', BACKENDS);
    const options: Record<string, string | number> = {};
    const precision = flags.values.get('precision');
    if (precision !== undefined) options.precision = oneOf('eval', 'precision', precision, ['f32', 'f64'] as const);
    const points = flags.values.get('points');
    if (points !== undefined) options.points = positiveInteger('eval', 'points', points, 2);
    const interval = flags.values.get('interval');
    if (interval !== undefined) options.interval = intervalFlag('eval', interval);
    const ref: TaskRef = await loadTaskModuleFlag('eval', flags.values, Object.keys(options).length > 0 ? { id: taskId, options } : { id: taskId });
    let task;
    try {
      task = getTask(ref.id, ref.options ?? {});
    } catch (error) {
      if (error instanceof TaskError) throw new UsageError(`eval: ${error.message}`);
      throw error;
    }
    const { text, file } = readSource(flags.positional[0]);
    const program = parseProgram(text, file);
    const json = flags.booleans.has('json');
    const evaluator = await createEvaluator({ backend, log: (line) => process.stderr.write(`${line}\n`) });
    try {
      // The backend that computed it (f64 function tasks run on CPU threads whatever --backend says).
      const { results, backend: scoredBy } = await evaluator.evaluateBatch(ref, [printProgram(program)]);
      const [result] = results;
      if (json) {
        const out = {
          task: task.id,
          options: task.options,
          file,
          score: result.score,
          ...result.measures,
          valid: result.valid,
          ...(result.error ? { error: result.error } : {}),
          backend: scoredBy,
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        // Optimizer tasks: a per-family table (score, best lr, loss, diverged) instead of ~25 measures.
        const optimizer = isOptimizerTask(task) && result.valid ? familyDetailLines(task.families, result).map((l) => `  ${l}`) : undefined;
        const rows: [string, string][] = [['score', formatNumber(result.score)], ...task.measures.filter((m) => m !== 'score').map((m): [string, string] => [m, formatNumber(result.measures[m] ?? NaN)])];
        const width = Math.max(...rows.map(([k]) => k.length));
        const lines = [
          `${task.id}: ${task.description} (${Object.entries(task.options).map(([k, v]) => `${k} ${v}`).join(', ')})`,
          `backend: ${scoredBy.description}`,
          ...(optimizer ?? rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)),
          result.valid ? '  valid' : `  invalid: ${result.error ?? 'unknown reason'}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    } finally {
      await evaluator.close();
    }
    return 0;
  },
};
