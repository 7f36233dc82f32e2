/**
 * `symdisc polish FILE|DIR --task fn:NAME`: float32 constant polish on demand. Each program (a
 * file, a seed, or every front entry of a run directory) is re-fitted in float32
 * (eval/fit/float32-polish.ts: the float32 neighbours of its constants, against the max ULP error
 * of the program run in float32), the finalists are ranked on a dense float32 grid, and the best
 * is checked against the original at every float32 of the interval (eval/verify/, the code of
 * `symdisc verify`): the polished program is kept only if its verified error is lower.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DslError } from '../dsl/errors.ts';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import type { Program } from '../dsl/program.ts';
import type { TaskRef } from '../eval/evaluator.ts';
import { float32Objective, float32Polish } from '../eval/fit/float32-polish.ts';
import { formatInterval } from '../eval/reference/interval.ts';
import { functionTaskData, isFunctionTask } from '../eval/tasks/function/task.ts';
import type { FunctionTask } from '../eval/tasks/function/task.ts';
import { POLISH_SEARCH_POINTS } from '../eval/tasks/function/cpu-scorer.ts';
import { getTask, TaskError } from '../eval/tasks/registry.ts';
import { float32IntervalRange } from '../eval/verify/exhaustive.ts';
import { verifyExhaustive } from '../eval/verify/verify.ts';
import type { Command } from './command.ts';
import { FUNCTION_TASK_FLAGS, functionTaskRef } from './function-task-flags.ts';
import { loadProgram, readFront } from './program-source.ts';
import { oneOf, parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

/** The dense grid the finalists are ranked on (and, with --check dense, the final check). */
export const DENSE_CHECK_POINTS = 2 ** 20 + 1;
const CHECKS = ['exhaustive', 'dense'] as const;
type Check = (typeof CHECKS)[number];

const usage = `Usage: symdisc polish FILE|DIR --task fn:NAME [--interval I] [options]

Float32 constant polish of a function program (a file, a seed name, or a run directory: every
entry of its front.json, or the entry of cost K with --at-cost K). The constants are re-fitted in
float32: starting from the program's constants rounded to float32, a small beam search steps each
constant by 1, 2, 3, 4, 8, ... 64 float32 ULPs against the max float32 ULP error on
${POLISH_SEARCH_POINTS} points, with the program run in float32 exactly as the f32 evaluator and
'verify' run it. The best finalists on ${DENSE_CHECK_POINTS} points are then checked at every
float32 of the interval (--check exhaustive, the default: the code of 'symdisc verify'; about
1e9 inputs for [0, 1), minutes per program on 2 cores) or on those ${DENSE_CHECK_POINTS} points
(--check dense); a polished program replaces the original only if its checked error is lower.
Prints, per program, the error before and after and the polished program. A search with
--precision f32 and --fit does this in its front polish already (on a dense grid, not exhaustively).

Options:
  --task T        function task (fn:exp2, ...); default: the run directory's task
  --target NAME|FILE, --interval I   as for 'verify' (the run's interval is not read: give it)
  --at-cost K     with a run directory: only the entry of cost K
  --max-cost K    with a run directory: only entries of cost <= K
  --check C       exhaustive (default) | dense
  --finalists N   polished finalists checked after the original (default 1)
  --workers K     verification threads (default: one per core)
  --out FILE      write the results (before, after, programs) as JSON to FILE
  --json          print the results as JSON`;

const FLAGS = {
  task: { accepts: 'a function task id (fn:exp2, ...)' },
  target: FUNCTION_TASK_FLAGS.target,
  interval: FUNCTION_TASK_FLAGS.interval,
  'at-cost': { accepts: 'a cost on the run directory front' },
  'max-cost': { accepts: 'a cost (entries of at most this cost)' },
  check: { accepts: CHECKS.join('|') },
  finalists: { accepts: 'a positive integer' },
  workers: { accepts: 'a positive integer' },
  out: { accepts: 'a file path' },
  json: { boolean: true, accepts: '' },
} as const;

export interface PolishedEntry {
  readonly cost?: number;
  /** Max float32 ULP error of the original and of the result, as checked (`check`). */
  readonly before: number;
  readonly after: number;
  readonly check: Check;
  readonly improved: boolean;
  readonly original: string;
  readonly program: string;
  /** Where the check's worst error was, for the result. */
  readonly argmax?: number;
}

export const command: Command = {
  name: 'polish',
  summary: 'float32 constant polish of a function program or a run front, checked at every float32 of the interval',
  usage,
  async run(argv) {
    const flags = parseFlags('polish', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`polish: expected one program (file, seed or run directory), got ${flags.positional.length}; usage: symdisc polish FILE --task fn:NAME`);
    const arg = flags.positional[0];
    const atCost = flags.values.has('at-cost') ? positiveInteger('polish', 'at-cost', flags.values.get('at-cost') as string, 0) : undefined;
    const maxCost = flags.values.has('max-cost') ? positiveInteger('polish', 'max-cost', flags.values.get('max-cost') as string, 0) : undefined;
    const check = oneOf('polish', 'check', flags.values.get('check') ?? 'exhaustive', CHECKS);
    const finalists = flags.values.has('finalists') ? positiveInteger('polish', 'finalists', flags.values.get('finalists') as string) : 1;
    const workers = flags.values.has('workers') ? positiveInteger('polish', 'workers', flags.values.get('workers') as string) : undefined;
    const programs = loadPrograms(arg, atCost, maxCost);
    const withPrecision = { ...flags, values: new Map([...flags.values, ['precision', 'f32']]) };
    const ref = functionTaskRef('polish', flags.values.get('task') ?? programs.task, withPrecision);
    if (ref === undefined) throw new UsageError('polish: --task fn:NAME (or --target) is required');
    const task = functionTaskOf(ref);
    const results: PolishedEntry[] = [];
    for (const entry of programs.entries) {
      const label = entry.cost !== undefined ? `cost ${entry.cost}` : entry.origin;
      process.stderr.write(`polish: ${label}: float32 neighbour search\n`);
      const result = await polishOne(task, ref, entry.program, { check, finalists, ...(workers !== undefined ? { workers } : {}), log: (m) => process.stderr.write(`polish: ${label}: ${m}\n`) });
      results.push({ ...(entry.cost !== undefined ? { cost: entry.cost } : {}), ...result });
    }
    const out = flags.values.get('out');
    const doc = { task: ref, interval: formatInterval(task.bounds), check, entries: results };
    if (out !== undefined) writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    if (flags.booleans.has('json')) {
      process.stdout.write(`${JSON.stringify(doc)}\n`);
      return 0;
    }
    const where = check === 'exhaustive' ? `every float32 in ${formatInterval(task.bounds)}` : `${DENSE_CHECK_POINTS} points of ${formatInterval(task.bounds)}`;
    const lines = [`${task.id} f32, max ULP error on ${where}, before and after float32 polish:`, 'cost  before   after    program'];
    for (const r of results) {
      lines.push(`${String(r.cost ?? '-').padEnd(4)}  ${r.before.toFixed(4).padEnd(7)}  ${r.after.toFixed(4).padEnd(7)}  ${r.improved ? r.program.trim().split('\n').slice(1, -1).map((l) => l.trim()).join('; ') : '(unchanged)'}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

interface PolishOneOptions {
  readonly check: Check;
  readonly finalists: number;
  readonly workers?: number;
  readonly log?: (message: string) => void;
}

/**
 * Polishes one program: the neighbour search, the finalists ranked on the dense grid, then the
 * original and the best `finalists` of them checked (`check`); the result is never worse.
 */
export async function polishOne(task: FunctionTask, ref: TaskRef, p: Program, options: PolishOneOptions): Promise<Omit<PolishedEntry, 'cost'>> {
  const search = float32Polish(p, functionTaskData(task, POLISH_SEARCH_POINTS));
  const dense = float32Objective(p, functionTaskData(task, DENSE_CHECK_POINTS));
  const startDense = dense.errors(Float64Array.from(search.start.constants)).max;
  const ranked = search.finalists
    .map((f) => ({ f, dense: dense.errors(Float64Array.from(f.constants)).max }))
    .filter((r) => r.dense < startDense)
    .sort((a, b) => a.dense - b.dense)
    .slice(0, options.finalists);
  options.log?.(`${search.evaluations} float32 evaluations; dense max ULP ${startDense.toFixed(4)} -> ${ranked.length > 0 ? ranked[0].dense.toFixed(4) : '(no finalist better)'}`);
  const original = printProgram(p);
  const checkText = async (text: string, denseError: number): Promise<{ ulp: number; argmax?: number }> => {
    if (options.check === 'dense') return { ulp: denseError };
    const range = float32IntervalRange(task.bounds);
    const started = Date.now();
    const r = await verifyExhaustive(ref, text, range, options.workers !== undefined ? { threads: options.workers } : {});
    options.log?.(`verified ${r.points} float32 inputs in ${((Date.now() - started) / 1000).toFixed(0)} s: ${r.maxUlp.toFixed(4)} ULP`);
    return { ulp: r.nonFinite > 0 ? Infinity : r.maxUlp, argmax: r.argmax };
  };
  const before = await checkText(original, startDense);
  let best = { text: original, ...before };
  for (const r of ranked) {
    const text = printProgram(r.f.program);
    const checked = await checkText(text, r.dense);
    if (checked.ulp < best.ulp) best = { text, ...checked };
  }
  return {
    before: before.ulp,
    after: best.ulp,
    check: options.check,
    improved: best.text !== original,
    original,
    program: best.text,
    ...(best.argmax !== undefined ? { argmax: best.argmax } : {}),
  };
}

function functionTaskOf(ref: TaskRef): FunctionTask {
  try {
    const t = getTask(ref.id, ref.options ?? {});
    if (!isFunctionTask(t)) throw new UsageError(`polish: ${t.id} is not a function task (fn:...)`);
    return t;
  } catch (error) {
    if (error instanceof TaskError) throw new UsageError(`polish: --task: ${error.message}`);
    throw error;
  }
}

interface ToPolish {
  readonly task?: string;
  readonly entries: readonly { readonly program: Program; readonly cost?: number; readonly origin: string }[];
}

function loadPrograms(arg: string, atCost: number | undefined, maxCost: number | undefined): ToPolish {
  try {
    if (existsSync(arg) && statSync(arg).isDirectory()) {
      const front = readFront('polish', arg);
      const entries = front.entries
        .filter((e) => (atCost === undefined || e.cost === atCost) && (maxCost === undefined || e.cost <= maxCost))
        .sort((a, b) => a.cost - b.cost)
        .map((e) => ({ program: parseProgram(e.program, `${join(arg, 'front.json')} (cost ${e.cost})`), cost: e.cost, origin: `cost ${e.cost}` }));
      if (entries.length === 0) throw new UsageError(`polish: ${join(arg, 'front.json')} has no entry${atCost !== undefined ? ` of cost ${atCost}` : maxCost !== undefined ? ` of cost <= ${maxCost}` : ''}`);
      return { ...(front.task !== undefined ? { task: front.task } : {}), entries };
    }
    if (atCost !== undefined || maxCost !== undefined) throw new UsageError(`polish: --at-cost and --max-cost pick entries of a run directory's front; '${arg}' is not a directory`);
    const loaded = loadProgram('polish', arg);
    if (loaded.program.domain !== 'function') throw new UsageError(`polish: ${loaded.origin} is a ${loaded.program.domain} program; polish fits function programs`);
    return { entries: [{ program: loaded.program, origin: loaded.origin }] };
  } catch (error) {
    if (error instanceof DslError) throw new UsageError(`polish: ${error.message}`);
    throw error;
  }
}
