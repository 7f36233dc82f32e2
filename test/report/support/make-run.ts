/**
 * Real run directories for the report tests, made by the search library (`search`, the code path
 * of `symdisc search`) with an in-process evaluator on the real task scorers: the CPU backend's
 * function scorer and the optimizer tasks' CPU scorer. Nothing is faked; only the worker pool is
 * left out so a test file runs in one process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateOnCpu } from '../../../src/eval/backends/cpu/cpu-backend.ts';
import type { BackendInfo, CandidateResult, Evaluator, TaskRef } from '../../../src/eval/evaluator.ts';
import { scoreOptimizerCpu } from '../../../src/eval/tasks/optimizer/score.ts';
import { getTask } from '../../../src/eval/tasks/registry.ts';
import type { SearchSettings } from '../../../src/evolve/settings.ts';
import { search } from '../../../src/search.ts';

export class InProcessCpuEvaluator implements Evaluator {
  readonly info: BackendInfo = { backend: 'cpu', description: 'cpu: in-process (tests)', details: {} };

  async evaluate(ref: TaskRef, programs: readonly string[]): Promise<CandidateResult[]> {
    const task = getTask(ref.id, ref.options ?? {});
    if (task.domain === 'optimizer') return programs.map((text) => scoreOptimizerCpu(text, ref.id, ref.options ?? {}));
    return evaluateOnCpu(task, programs);
  }

  async close(): Promise<void> {}
}

export interface MadeRun {
  readonly dir: string;
}

export async function makeRun(kind: 'function' | 'optimizer', options: { budget?: number; dir?: string; seed?: string } = {}): Promise<MadeRun> {
  const dir = options.dir ?? join(mkdtempSync(join(tmpdir(), `symdisc-report-${kind}-`)), 'run');
  const task: TaskRef = kind === 'function' ? { id: 'fn:exp2' } : { id: 'opt:quadratic', options: { instances: 2 } };
  const settings: Partial<SearchSettings> = kind === 'function' ? { population: 40, batchSize: 32 } : { population: 12, batchSize: 8 };
  await search({
    task,
    seed: options.seed ?? '1',
    budget: options.budget ?? (kind === 'function' ? 300 : 40),
    settings,
    // Low-degree seeds only: the default warm start's minimax baselines would make the best
    // program one whose float32 error is rounding, which the f64 error curves cannot show.
    ...(kind === 'function' ? { warmStart: 'exp2_taylor2,exp2_taylor3' } : {}),
    out: dir,
    evaluator: new InProcessCpuEvaluator(),
  });
  return { dir };
}
