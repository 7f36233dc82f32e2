/**
 * `symdisc search --task T [...]`: runs a search in a run directory with a live display, stops on
 * budget, time, patience or Ctrl-C (first: finish the batch in flight if the evaluator allows,
 * checkpoint, print how to resume; second: exit at once, the journal stays valid), and prints a
 * summary. `runSession` is shared with `resume`.
 */
import { TaskError, getTask, listTaskIds } from '../eval/tasks/registry.ts';
import { gpuSupports } from '../eval/backends/webgpu/supports.ts';
import { DEFAULT_VALIDATION_POINTS } from '../eval/tasks/function/task.ts';
import { DiskFullError } from '../evolve/run.ts';
import type { RunSummary, SearchProgress } from '../evolve/run.ts';
import { RunDirectoryError } from '../run/run-config.ts';
import { RESTART_FROM } from '../evolve/restart.ts';
import type { SearchSettings } from '../evolve/settings.ts';
import { VocabularyError, resolveOps } from '../evolve/vocabulary.ts';
import { WarmStartError } from '../evolve/warm-start.ts';
import { search } from '../search.ts';
import type { SessionCallbacks } from '../search.ts';
import type { Command } from './command.ts';
import { createProgressDisplay } from './progress.ts';
import { BACKENDS, duration, oneOf, parseFlags, positiveInteger } from './search-options.ts';
import type { BackendChoice, FlagSpec } from './search-options.ts';
import { UsageError } from './usage-error.ts';
import { loadTaskModuleFlag, TASK_MODULE_FLAG, TASK_MODULE_USAGE } from './task-module-flag.ts';
import { FUNCTION_TASK_FLAGS, FUNCTION_TASK_USAGE, functionTaskRef } from './function-task-flags.ts';
import { FAMILIES_FLAG, GAIN_CAP_FLAG, withOptimizerTaskFlags } from './optimizer-task-flags.ts';
import { limitHeapGrowth } from '../run/heap-policy.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../report/live/server.ts';
import type { Dashboard } from '../report/live/server.ts';
import { portFlag, serveRuns } from './serve.ts';
import { printEndSummary } from './end-summary.ts';
import { printRemoteWorkers, remoteFlags } from './remote-flags.ts';

const STRATEGIES = ['regularized', 'nsga2'] as const;

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  task: { accepts: 'a task id' },
  budget: { accepts: 'a positive integer (evaluations)' },
  time: { accepts: 'a duration such as 90s, 30m, 2h' },
  patience: { accepts: 'a positive integer (evaluations without improvement)' },
  seed: { accepts: 'letters, digits, - or _' },
  backend: { accepts: BACKENDS.join('|') },
  workers: { accepts: 'a positive integer' },
  out: { accepts: 'a directory' },
  'warm-start': { accepts: 'seed names or program files, comma-separated' },
  strategy: { accepts: STRATEGIES.join('|') },
  population: { accepts: 'an integer >= 2' },
  tournament: { accepts: 'an integer >= 1' },
  islands: { accepts: 'a positive integer' },
  batch: { accepts: 'a positive integer' },
  ops: { accepts: 'op names, comma-separated (e.g. add,sub,mul,div,fma,sqrt)' },
  'max-statements': { accepts: 'a positive integer' },
  hurdle: { accepts: 'on|off' },
  families: FAMILIES_FLAG,
  'gain-cap': GAIN_CAP_FLAG,
  'restart-after': { accepts: 'an integer >= 0 (0: never)' },
  'restart-from': { accepts: RESTART_FROM.join('|') },
  'checkpoint-every': { accepts: 'a duration such as 10s' },
  'no-progress': { boolean: true, accepts: '' },
  serve: { optionalValue: true, accepts: 'a port from 0 to 65535 (optional)' },
  redis: { accepts: 'redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…' },
  'local-workers': { accepts: 'a positive integer (threads here, besides the remote workers)' },
  ...FUNCTION_TASK_FLAGS,
  ...TASK_MODULE_FLAG,
};

const usage = `Usage: symdisc search --task T [options]

Searches for programs that do well on task T and writes a run directory (results/<run-id>/
unless --out): config.json, journal/, checkpoint.json.br, front.json, front.csv.

Options:
  --task T            task id (${listTaskIds().join(', ')})
  --budget N          stop after N evaluations (cache hits are free)
  --time D            stop after this long (90s, 30m, 2h, 1d)
  --patience N        stop after N evaluations without a change of the front
  --seed S            random seed (default 1); same seed, same search
  --backend B         auto | webgpu | cpu (default auto: cpu threads for tasks the GPU does not
                      score; otherwise the faster of webgpu and cpu on a 32-program probe, cached
                      per machine and task in ~/.cache/symdisc/backend-choice.json)
  --workers K         evaluator worker threads
${TASK_MODULE_USAGE}
  --out DIR           run directory (default results/<task>-s<seed>-<date>-<time>)
  --warm-start X      seed names (adamw, lion, ...) or program files, comma-separated
                      (default: adamw for optimizer tasks; for function tasks low-degree
                      seeds, the task's baselines up to cost 12 (minimax, odd/even x*P(x^2),
                      rational p/q) and random programs). New front entries of a function
                      search with --fit are refitted hard (mutation 'polish' in the journal)
  --strategy S        regularized | nsga2 (default: regularized for optimizers, nsga2 for functions)
  --population P      population per island (default 100; Lion used 1000 on long runs)
  --tournament T      tournament size for regularized evolution (default 10 optimizers, 2 functions)
  --islands N         populations with migration (default 1 optimizers, 2 functions)
  --batch N           candidates per batch (default 32 optimizers, 64 functions)
  --ops A,B,...       ops mutations may write (default: the task's; names as in the op table)
  --max-statements N  longest program a mutation may grow (default 30 optimizers, 20 functions)
  --families A,B      optimizer tasks: score on these families only (e.g. iris,digits,charlm: the
                      real-data ones); the task's families by default
  --gain-cap C        optimizer tasks: the score counts a family's gain over AdamW up to about C
                      (log loss ratio; e.g. 0.2), its losses in full, so that one family cannot
                      carry the mean (default 0: the plain mean of family scores)
  --hurdle on|off     a cheap first stage for every child, full evaluation only above the running
                      median (default on for optimizer tasks; off for functions)
  --restart-after N   restart an island after N evaluated candidates without a new best (0: never)
  --restart-from R    best | initial | alternate: what a restart refills from (default best for
                      optimizers, alternate for functions)
  --checkpoint-every D  time between checkpoints (default 10s)
  --no-progress       no live display, only the summary
  --serve [PORT]      also serve the live dashboard of this run on 127.0.0.1 (default port ${DEFAULT_PORT})
  --redis URL         send batches to \`symdisc worker\` processes through this Redis
                      (redis://[:PASSWORD@]HOST[:PORT], rediss:// for TLS); cpu jobs unless
                      --backend webgpu; the journal is the same as a local run's
  --local-workers N   with --redis: also score on N threads here

${FUNCTION_TASK_USAGE}
  --fit M             constant fitting of every child: lm-minimax (default) | cmaes | none
  --fit-budget N      residual evaluations per child's fit (default 100)
  --validation N      points the front is scored on (default 16384; training: 1024)

Ctrl-C stops after the batch in flight and prints how to resume; a second Ctrl-C stops at once.`;

/** Runs a search or resume with the live display, Ctrl-C handling and the final summary. */
export async function runSession(
  command: string,
  showProgress: boolean,
  run: (callbacks: SessionCallbacks) => Promise<RunSummary>,
): Promise<number> {
  limitHeapGrowth();
  const display = createProgressDisplay({ enabled: showProgress });
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      display.message(`${command}: stopping after the batch in flight (Ctrl-C again to quit at once; the journal stays valid)`);
      controller.abort();
    } else {
      process.stderr.write(`\n${command}: stopped at once; resume continues from the last checkpoint and the journal\n`);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: RunSummary;
  try {
    summary = await run({
      signal: controller.signal,
      onStart: (dir) => display.message(`${command}: run directory ${dir}`),
      onProgress: (p: SearchProgress) => display.update(p),
    });
  } catch (error) {
    if (error instanceof TaskError || error instanceof WarmStartError || error instanceof RunDirectoryError || error instanceof VocabularyError) throw new UsageError(`${command}: ${error.message}`);
    if (error instanceof DiskFullError) {
      process.stderr.write(`${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    display.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printEndSummary(summary, (text) => process.stdout.write(text));
  return summary.reason === 'interrupted' ? 130 : 0;
}

/** `--ops add,sub,...`: op names of the op table, checked here so a typo fails before the run starts. */
function opsFlag(value: string): string[] {
  try {
    return resolveOps(value.split(',').map((s) => s.trim()).filter((s) => s !== '')).map((op) => op.name);
  } catch (error) {
    if (error instanceof VocabularyError) throw new UsageError(`search: ${error.message}`);
    throw error;
  }
}

export const command: Command = {
  name: 'search',
  summary: 'search for programs on a task (live progress, checkpoints, resumable)',
  usage,
  async run(argv) {
    const { values, booleans, positional } = parseFlags('search', argv, FLAGS);
    if (positional.length > 0) throw new UsageError(`search: unexpected argument '${positional[0]}'; usage: symdisc search --task T [options]`);
    const loadedRef = await loadTaskModuleFlag('search', values, functionTaskRef('search', values.get('task'), { values, booleans, positional }, { fit: 'lm-minimax', validation: DEFAULT_VALIDATION_POINTS }));
    if (loadedRef === undefined) throw new UsageError(`search: --task is required; tasks: ${listTaskIds().join(', ')}`);
    const ref = withOptimizerTaskFlags('search', loadedRef, { families: values.get('families'), gainCap: values.get('gain-cap') });
    const taskId = ref.id;
    let gpuTask = true;
    try {
      gpuTask = gpuSupports(getTask(taskId, ref.options));
    } catch (error) {
      if (error instanceof TaskError) throw new UsageError(`search: --task: ${error.message}`);
      throw error;
    }
    const int = (flag: string, min = 1): number | undefined => {
      const v = values.get(flag);
      return v === undefined ? undefined : positiveInteger('search', flag, v, min);
    };
    const seed = values.get('seed') ?? '1';
    if (!/^[A-Za-z0-9_-]+$/.test(seed)) throw new UsageError(`search: --seed must be letters, digits, - or _, got '${seed}'`);
    const settings: { -readonly [K in keyof SearchSettings]?: SearchSettings[K] } = {
      ...(values.has('strategy') ? { strategy: oneOf('search', 'strategy', values.get('strategy') as string, STRATEGIES) } : {}),
      ...(values.has('population') ? { population: int('population', 2) } : {}),
      ...(values.has('tournament') ? { tournament: int('tournament') } : {}),
      ...(values.has('islands') ? { islands: int('islands') } : {}),
      ...(values.has('batch') ? { batchSize: int('batch') } : {}),
      ...(values.has('ops') ? { ops: opsFlag(values.get('ops') as string) } : {}),
      ...(values.has('max-statements') ? { maxStatements: int('max-statements') } : {}),
      ...(values.has('restart-after') ? { restartAfter: int('restart-after', 0) } : {}),
      ...(values.has('restart-from') ? { restartFrom: oneOf('search', 'restart-from', values.get('restart-from') as string, RESTART_FROM) } : {}),
    };
    // `on` takes the hurdle stage the task offers (its search space's), `off` none.
    if (values.has('hurdle')) {
      const on = oneOf('search', 'hurdle', values.get('hurdle') as string, ['on', 'off'] as const) === 'on';
      const offered = getTask(taskId, ref.options).searchSpace.hurdle;
      if (on && offered === undefined) throw new UsageError(`search: --hurdle on: task ${taskId} has no hurdle stage (optimizer tasks have one)`);
      settings.hurdle = on ? offered : undefined;
    }
    // A task the GPU cannot score (f64, fitted function tasks) needs no GPU processes at all.
    const backend: BackendChoice = values.has('backend') ? oneOf('search', 'backend', values.get('backend') as string, BACKENDS) : gpuTask ? 'auto' : 'cpu';
    const budget = int('budget');
    const patience = int('patience');
    const workers = int('workers');
    const timeMs = values.has('time') ? duration('search', 'time', values.get('time') as string) : undefined;
    const checkpointIntervalMs = values.has('checkpoint-every') ? duration('search', 'checkpoint-every', values.get('checkpoint-every') as string) : undefined;
    const out = values.get('out');
    const warmStart = values.get('warm-start');
    const redis = remoteFlags('search', values);
    const servePort = values.has('serve') ? portFlag('search', 'serve', values.get('serve') as string) : booleans.has('serve') ? DEFAULT_PORT : undefined;
    // Started before the search, so that a port in use stops it before any work; it shows the run once its directory exists.
    const watched: string[] = [];
    const dashboard: Dashboard | undefined = servePort === undefined ? undefined : await serveRuns('search', () => watched, servePort, DEFAULT_HOST, (line) => process.stderr.write(`${line}\n`));
    let runDir: string | undefined;
    const code = await runSession('search', !booleans.has('no-progress'), (callbacks) =>
      search({
        task: ref,
        seed,
        settings,
        backend,
        ...(workers !== undefined ? { workers } : {}),
        ...(budget !== undefined ? { budget } : {}),
        ...(patience !== undefined ? { patience } : {}),
        ...(timeMs !== undefined ? { timeMs } : {}),
        ...(checkpointIntervalMs !== undefined ? { checkpointIntervalMs } : {}),
        ...(out !== undefined ? { out } : {}),
        ...(warmStart !== undefined ? { warmStart } : {}),
        ...redis,
        log: (line) => process.stderr.write(`${line}\n`),
        ...callbacks,
        onStart: (dir, runId) => {
          runDir = dir;
          callbacks.onStart?.(dir, runId);
          watched.push(dir);
        },
      }),
    ).finally(() => dashboard?.close());
    if (runDir !== undefined) printRemoteWorkers(runDir, redis.redis);
    return code;
  },
};
