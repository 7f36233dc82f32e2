/**
 * The search as a library: `search(options)` looks up the task, resolves the warm start and the
 * settings, creates an evaluator (unless given one) and runs the search in a run directory;
 * `resume(dir)` continues one. Progress arrives through `onProgress`; an AbortSignal stops the
 * run at the next batch boundary (the batch in flight is abandoned, a checkpoint written). The
 * CLI commands `search` and `resume` are thin layers over these two functions.
 */
import type { BackendInfo, Evaluator, TaskRef } from './eval/evaluator.ts';
import { getTask } from './eval/tasks/registry.ts';
import { resumeSearch, startSearch } from './evolve/run.ts';
import type { RunSummary, SearchProgress } from './evolve/run.ts';
import { readConfig } from './evolve/run-dir.ts';
import { defaultSettings } from './evolve/settings.ts';
import type { SearchSettings, StopSettings } from './evolve/settings.ts';
import { resolveWarmStart } from './evolve/warm-start.ts';
import { warmStartForms } from './eval/baselines/warm-start-forms.ts';
import { isFunctionTask } from './eval/tasks/function/task.ts';

export type Backend = 'auto' | 'webgpu' | 'cpu';

export interface EvaluatorChoice {
  /** An evaluator to use (not closed by the search); otherwise one is created from `backend`. */
  readonly evaluator?: Evaluator;
  readonly backend?: Backend;
  readonly workers?: number;
  /** Diagnostic lines (backend chosen, adapter, fallbacks). */
  readonly log?: (line: string) => void;
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
  /** Overrides of the per-domain defaults (strategy, population, islands, batch size, …). */
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

async function withEvaluator<T>(choice: EvaluatorChoice, backend: Backend, body: (evaluator: Evaluator) => Promise<T>): Promise<T> {
  if (choice.evaluator) return body(choice.evaluator);
  // Loaded on demand: `symdisc search --help` and flag errors need no backend (nor Dawn).
  const { createEvaluator } = await import('./eval/create-evaluator.ts');
  const evaluator = await createEvaluator({ backend, ...(choice.workers !== undefined ? { workers: choice.workers } : {}), ...(choice.log ? { log: choice.log } : {}) });
  try {
    return await body(evaluator);
  } finally {
    await evaluator.close();
  }
}

function scoringBackend(evaluator: Evaluator, task: TaskRef): BackendInfo {
  const routed = evaluator as Evaluator & { backendFor?: (task: TaskRef) => BackendInfo };
  return typeof routed.backendFor === 'function' ? routed.backendFor(task) : evaluator.info;
}

/** Settings for a domain with the caller's overrides (a strategy change keeps the other defaults). */
export function searchSettings(domain: 'optimizer' | 'function', overrides: Partial<SearchSettings> = {}): SearchSettings {
  return { ...defaultSettings(domain), ...overrides };
}

export async function search(options: SearchOptions): Promise<RunSummary> {
  const ref: TaskRef = typeof options.task === 'string' ? { id: options.task } : options.task;
  const task = getTask(ref.id, ref.options);
  const seed = String(options.seed ?? 1);
  const settings = searchSettings(task.domain, options.settings);
  const warm = resolveWarmStart(options.warmStart, task.domain, seed, options.warmStart === undefined && isFunctionTask(task) ? warmStartForms(task) : []);
  const backend = options.backend ?? 'auto';
  return withEvaluator(options, backend, (evaluator) =>
    startSearch({
      evaluator,
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
      backend: scoringBackend(evaluator, ref).backend,
      backendDescription: scoringBackend(evaluator, ref).description,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.out !== undefined ? { out: options.out } : {}),
      ...(options.resultsRoot !== undefined ? { resultsRoot: options.resultsRoot } : {}),
      ...callbacks(options),
    }),
  );
}

export async function resume(dir: string, options: ResumeOptions = {}): Promise<RunSummary> {
  const config = readConfig(dir);
  const backend = options.backend ?? (config.backend as Backend);
  const workers = options.workers ?? config.workers;
  return withEvaluator({ ...options, ...(workers !== undefined ? { workers } : {}) }, backend, (evaluator) =>
    resumeSearch(dir, { evaluator, stop: stopSettings(options), ...callbacks(options) }),
  );
}

function callbacks(o: SessionCallbacks): SessionCallbacks {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.onStart ? { onStart: o.onStart } : {}),
    ...(o.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: o.checkpointIntervalMs } : {}),
  };
}
