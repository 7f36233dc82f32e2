/**
 * The search as a library: `search(options)` looks up the task, resolves the warm start and the
 * settings, creates an evaluator (unless given one) and runs the search in a run directory;
 * `resume(dir)` continues one. Progress arrives through `onProgress`; an AbortSignal stops the
 * run at the next batch boundary (the batch in flight is abandoned, a checkpoint written). The
 * CLI commands `search` and `resume` are thin layers over these two functions.
 */
import { backendFor } from './eval/evaluator.ts';
import type { BackendChoice, Evaluator, TaskRef } from './eval/evaluator.ts';
import { loadTaskModules } from './eval/tasks/task-module.ts';
import { getTask } from './eval/tasks/registry.ts';
import { resumeSearch, startSearch } from './evolve/run.ts';
import type { RunSummary, SearchProgress } from './evolve/run.ts';
import { RunDirectory } from './run/run-directory.ts';
import type { SearchSettings, StopSettings } from './evolve/settings.ts';
import { makeVocabulary } from './evolve/vocabulary.ts';
import { randomProgram, resolveWarmStart } from './evolve/warm-start.ts';
import type { Vocabulary } from './evolve/vocabulary.ts';
import { Rng } from './evolve/rng.ts';
import { printProgram } from './dsl/print.ts';
import type { Domain } from './dsl/signature.ts';
import { warmStartForms } from './eval/baselines/warm-start-forms.ts';
import { isFunctionTask } from './eval/tasks/function/task.ts';

export type Backend = BackendChoice;

export interface EvaluatorChoice {
  /** An evaluator to use (not closed by the search); otherwise one is created from `backend`. */
  readonly evaluator?: Evaluator;
  readonly backend?: Backend;
  readonly workers?: number;
  /** Diagnostic lines (backend chosen, adapter, fallbacks). */
  readonly log?: (line: string) => void;
  /** Send batches to workers through BullMQ on this Redis (src/eval/remote/). */
  readonly redis?: string;
  /** With `redis`: also score on this many threads of this machine (an in-process worker). */
  readonly localWorkers?: number;
}

export interface SessionCallbacks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SearchProgress) => void;
  /** Called once the run directory exists, before the first batch. */
  readonly onStart?: (dir: string, runId: string) => void;
  /** Wall-clock milliseconds between checkpoints (default 10 s). */
  readonly checkpointIntervalMs?: number;
}

export interface SearchOptions extends EvaluatorChoice, SessionCallbacks {
  /** Task id (`fn:exp2`) or a TaskRef with options. */
  readonly task: string | TaskRef;
  /** Evaluations (cache misses) over the whole run. */
  readonly budget?: number;
  /** Wall-clock milliseconds for this session. */
  readonly timeMs?: number;
  /** Stop after this many evaluations without a change of the front. */
  readonly patience?: number;
  readonly seed?: string | number;
  /** Seed names or program files, comma-separated; default per domain. */
  readonly warmStart?: string;
  /** Overrides of the task's defaults (strategy, population, islands, batch size, ops, max statements, …). */
  readonly settings?: Partial<SearchSettings>;
  /** Run directory; default `results/<run-id>`. */
  readonly out?: string;
  readonly resultsRoot?: string;
}

export interface ResumeOptions extends EvaluatorChoice, SessionCallbacks {
  readonly budget?: number;
  readonly timeMs?: number;
  readonly patience?: number;
}

function stopSettings(o: { budget?: number; timeMs?: number; patience?: number }): StopSettings {
  return {
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
    ...(o.timeMs !== undefined ? { timeMs: o.timeMs } : {}),
    ...(o.patience !== undefined ? { patience: o.patience } : {}),
  };
}

async function withEvaluator<T>(choice: EvaluatorChoice, backend: Backend, body: (evaluator: Evaluator) => Promise<T>, task?: TaskRef): Promise<T> {
  if (choice.evaluator) return body(choice.evaluator);
  if (choice.redis !== undefined && task !== undefined) {
    const { openRemoteEvaluator } = await import('./eval/remote/open-remote.ts');
    const remote = await openRemoteEvaluator({ url: choice.redis, backend, task, ...(choice.localWorkers !== undefined ? { localWorkers: choice.localWorkers } : {}), ...(choice.log ? { log: choice.log } : {}) });
    try {
      return await body(remote);
    } finally {
      await remote.close();
    }
  }
  // Loaded on demand: `symdisc search --help` and flag errors need no backend (nor Dawn).
  const { createEvaluator } = await import('./eval/create-evaluator.ts');
  const evaluator = await createEvaluator({ backend, ...(choice.workers !== undefined ? { workers: choice.workers } : {}), ...(choice.log ? { log: choice.log } : {}) });
  try {
    return await body(evaluator);
  } finally {
    await evaluator.close();
  }
}

function taskRef(task: string | TaskRef): TaskRef {
  return typeof task === 'string' ? { id: task } : task;
}

/** The search settings a task starts from (its search space's). */
export function defaultSettings(task: string | TaskRef): SearchSettings {
  const ref = taskRef(task);
  return getTask(ref.id, ref.options).searchSpace.settings;
}

/** A task's settings with the caller's overrides (a strategy change keeps the other defaults). */
export function searchSettings(task: string | TaskRef, overrides: Partial<SearchSettings> = {}): SearchSettings {
  return { ...defaultSettings(task), ...overrides };
}

export async function search(options: SearchOptions): Promise<RunSummary> {
  const ref = taskRef(options.task);
  await loadTaskModules(ref); // a --task-module kind: registered before the task is looked up
  const task = getTask(ref.id, ref.options);
  const seed = String(options.seed ?? 1);
  const settings: SearchSettings = { ...task.searchSpace.settings, ...options.settings };
  const space = task.searchSpace;
  const warm = resolveWarmStart(options.warmStart, task.domain, seed, space.warmStart, makeVocabulary(space.vocabulary, settings), settings.ops);
  let backend = options.backend ?? 'auto';
  if (backend === 'auto' && !options.evaluator && options.redis === undefined) backend = await measuredBackend(ref, task.domain, warm.programs, makeVocabulary(space.vocabulary, settings), options);
  return withEvaluator(options, backend, (evaluator) => {
    const scoring = backendFor(evaluator, ref);
    return startSearch({
      evaluator,
      space,
      task: ref,
      domain: task.domain,
      objectives: task.objectives,
      seed,
      settings,
      stop: stopSettings(options),
      initial: warm.programs,
      warmStart: warm.label,
      // The backend that scores this task (with `auto` on a software adapter, optimizer tasks run
      // on CPU threads), so that `resume` scores it on the same one.
      backend: scoring.backend,
      backendDescription: scoring.description,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.out !== undefined ? { out: options.out } : {}),
      ...(options.resultsRoot !== undefined ? { resultsRoot: options.resultsRoot } : {}),
      ...callbacks(options, evaluator),
    });
  }, ref);
}

/**
 * `auto` resolved by measurement (eval/backend-choice.ts): the faster of webgpu and cpu for this
 * task on this machine, probed on the warm start filled up with random programs of the task's
 * vocabulary (seeded, so every probe sends the same batch), logged in one line.
 */
async function measuredBackend(ref: TaskRef, domain: Domain, warm: readonly string[], vocab: Vocabulary, choice: EvaluatorChoice): Promise<Backend> {
  const { chooseBackend, PROBE_PROGRAMS } = await import('./eval/backend-choice.ts');
  const rng = Rng.fromSeed('backend-probe');
  const programs = [...warm];
  while (programs.length < 2 * PROBE_PROGRAMS) programs.push(printProgram(randomProgram(domain, rng, vocab, 8)));
  const decision = await chooseBackend(ref, {
    programs,
    ...(choice.workers !== undefined ? { workers: choice.workers } : {}),
    open: async (backend) => {
      const { createEvaluator } = await import('./eval/create-evaluator.ts');
      return createEvaluator({ backend, ...(choice.workers !== undefined ? { workers: choice.workers } : {}) });
    },
  });
  choice.log?.(`backend auto: ${decision.backend} for ${ref.id} (${decision.reason})`);
  return decision.backend;
}

export async function resume(dir: string, options: ResumeOptions = {}): Promise<RunSummary> {
  const config = RunDirectory.open(dir).config();
  await loadTaskModules(config.task);
  const space = getTask(config.task.id, config.task.options).searchSpace;
  const backend = options.backend ?? (config.backend as Backend);
  const workers = options.workers ?? config.workers;
  return withEvaluator(
    { ...options, ...(workers !== undefined ? { workers } : {}) },
    backend,
    (evaluator) => resumeSearch(dir, { evaluator, space, stop: stopSettings(options), ...callbacks(options, evaluator) }),
    config.task,
  );
}

function callbacks(o: SessionCallbacks, evaluator?: Evaluator): SessionCallbacks {
  // An evaluator that keeps files in the run directory (remote: workers.json) learns it here.
  const bound = evaluator as (Evaluator & { bindRun?: (runId: string, dir: string) => void }) | undefined;
  const bindRun = typeof bound?.bindRun === 'function' ? bound.bindRun.bind(bound) : undefined;
  const onStart = bindRun
    ? (dir: string, runId: string): void => {
        bindRun(runId, dir);
        o.onStart?.(dir, runId);
      }
    : o.onStart;
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(onStart ? { onStart } : {}),
    ...(o.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: o.checkpointIntervalMs } : {}),
  };
}
