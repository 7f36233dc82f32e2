/**
 * `symdisc verify FILE --task fn:exp2 [--precision f32]`: the max error of a function program at
 * EVERY float32 input of the task's interval, open or closed at either end (f32; worker threads, eval/verify/), with progress,
 * or, for --precision f64 (where every double is out of reach), on the dense grid of 2^20 + 1
 * points against the double-double reference.
 */
import { printProgram } from '../dsl/print.ts';
import { DslError } from '../dsl/errors.ts';
import { bitsToFloat32, float32ToBits } from '../eval/float32.ts';
import { denseErrors, DENSE_POINTS } from '../eval/tasks/function/front-comparison.ts';
import { isFunctionTask } from '../eval/tasks/function/task.ts';
import type { FunctionTask } from '../eval/tasks/function/task.ts';
import { TaskError, getTask } from '../eval/tasks/registry.ts';
import { float32IntervalRange } from '../eval/verify/exhaustive.ts';
import { formatInterval } from '../eval/reference/interval.ts';
import { verifyExhaustive } from '../eval/verify/verify.ts';
import type { Command } from './command.ts';
import { FUNCTION_TASK_FLAGS, functionTaskRef } from './function-task-flags.ts';
import { loadProgram } from './program-source.ts';
import { parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc verify FILE --task fn:NAME [--precision f32|f64] [options]

Evaluates a function program (a file, a seed name, or a run directory: its best front entry, or
the entry of cost K with --at-cost K) at every float32 x of the task's interval, a closed end
included and an open end not (--precision f32, the default) and prints the max float32 ULP error and the input where it
occurs. The program runs in float32 arithmetic (Math.fround after every op, as the interpreter);
the reference is the target in f64 (within 2^-26 ULP). Worker threads, one per core; progress on
stderr. With --precision f64 the program is checked on ${DENSE_POINTS} evenly spaced points
against the double-double reference instead (every double is out of reach).

Options:
  --task T        function task (fn:exp2, ...); or --target NAME|FILE with --interval
  --interval I    '(0,1]', '[a,b)', '(a,b)', '[a,b]' or a,b (closed); default: the task's (closed)
  --precision P   f32 (default) | f64
  --at-cost K     with a run directory: the front entry of cost K
  --workers K     threads (default: one per core)
  --json          print the result as JSON`;

const FLAGS = {
  task: { accepts: 'a function task id (fn:exp2, ...)' },
  target: FUNCTION_TASK_FLAGS.target,
  interval: FUNCTION_TASK_FLAGS.interval,
  precision: FUNCTION_TASK_FLAGS.precision,
  'at-cost': { accepts: 'a cost on the run directory front' },
  workers: { accepts: 'a positive integer' },
  json: { boolean: true, accepts: '' },
} as const;

const hex = (x: number): string => `0x${float32ToBits(x).toString(16).padStart(8, '0')}`;

export const command: Command = {
  name: 'verify',
  summary: 'max float32 ULP error of a function program over every float32 in the interval',
  usage,
  async run(argv) {
    const flags = parseFlags('verify', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`verify: expected one program (file, seed or run directory), got ${flags.positional.length}; usage: symdisc verify FILE --task fn:NAME`);
    const atCost = flags.values.has('at-cost') ? positiveInteger('verify', 'at-cost', flags.values.get('at-cost') as string, 0) : undefined;
    const loaded = loadProgramOrUsage(flags.positional[0], atCost);
    const withPrecision = { ...flags, values: new Map([...flags.values, ['precision', flags.values.get('precision') ?? 'f32']]) };
    const ref = functionTaskRef('verify', flags.values.get('task') ?? loaded.task, withPrecision);
    if (ref === undefined) throw new UsageError('verify: --task fn:NAME (or --target) is required');
    let task: FunctionTask;
    try {
      const t = getTask(ref.id, ref.options ?? {});
      if (!isFunctionTask(t)) throw new UsageError(`verify: ${t.id} is not a function task (fn:...)`);
      task = t;
    } catch (error) {
      if (error instanceof TaskError) throw new UsageError(`verify: --task: ${error.message}`);
      throw error;
    }
    if (loaded.program.domain !== 'function') throw new UsageError(`verify: ${loaded.origin} is a ${loaded.program.domain} program; verify checks function programs`);
    const text = printProgram(loaded.program);
    const [a, b] = task.interval;
    const json = flags.booleans.has('json');
    if (task.precision === 'f64') {
      const [error] = denseErrors(task, [text]);
      if (json) process.stdout.write(`${JSON.stringify({ task: task.id, precision: 'f64', interval: [a, b], open: [task.bounds.loOpen, task.bounds.hiOpen], points: DENSE_POINTS, measure: task.objectives[0], maxError: error })}\n`);
      else process.stdout.write(`${task.id} f64 on ${DENSE_POINTS} points of ${formatInterval(task.bounds)}: max ${task.objectives[0]} ${error.toExponential(3)}\n`);
      return 0;
    }
    const range = float32IntervalRange(task.bounds);
    const total = range.end - range.start;
    const workers = flags.values.has('workers') ? positiveInteger('verify', 'workers', flags.values.get('workers') as string) : undefined;
    process.stderr.write(`verify: ${loaded.origin}: ${total} float32 inputs in ${formatInterval(task.bounds)}\n`);
    const started = Date.now();
    let lastReport = 0;
    const result = await verifyExhaustive(ref, text, range, {
      ...(workers !== undefined ? { threads: workers } : {}),
      onProgress: (done) => {
        const now = Date.now();
        if (now - lastReport < 1000 && done < total) return;
        lastReport = now;
        const rate = done / Math.max(1e-3, (now - started) / 1000);
        process.stderr.write(`verify: ${((100 * done) / total).toFixed(1)}% (${done} of ${total}), ${(rate / 1e6).toFixed(1)} M points/s, ${Math.round((total - done) / rate)} s left\n`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    if (json) {
      process.stdout.write(`${JSON.stringify({ task: task.id, precision: 'f32', interval: [a, b], open: [task.bounds.loOpen, task.bounds.hiOpen], ...result, seconds })}\n`);
    } else {
      const x = result.argmax;
      process.stdout.write(
        [
          `${task.id} f32, every float32 in ${formatInterval(task.bounds)} (${result.points} inputs, ${seconds.toFixed(1)} s):`,
          `  max error ${result.maxUlp.toFixed(4)} ULP at x = ${x} (${Number.isFinite(x) ? hex(bitsToFloat32(float32ToBits(x))) : '-'}): program ${result.output}, reference ${result.reference}`,
          ...(result.nonFinite > 0 ? [`  ${result.nonFinite} inputs give NaN or Infinity (first at x = ${result.firstNonFinite})`] : []),
        ].join('\n') + '\n',
      );
    }
    return result.nonFinite > 0 ? 1 : 0;
  },
};

function loadProgramOrUsage(arg: string, cost: number | undefined): ReturnType<typeof loadProgram> {
  try {
    return loadProgram('verify', arg, cost);
  } catch (error) {
    if (error instanceof DslError) throw new UsageError(`verify: ${error.message}`);
    throw error;
  }
}
