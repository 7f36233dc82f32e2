/**
 * What `search` and `resume` print after a session: the run summary, then for a function task the
 * front beside the minimax polynomials of equal cost (with a dense check), for an optimizer task
 * the best programs beside the baseline optimizers. One function, so both commands print the same.
 */
import type { RunSummary } from '../evolve/progress.ts';
import { RunDirectory } from '../run/run-directory.ts';
import { printFunctionFront } from './function-front.ts';
import { frontVersusBaselines, readFrontEntries } from './optimizer-baselines.ts';
import { summaryLines } from './progress-format.ts';

export function printEndSummary(summary: RunSummary, print: (text: string) => void, width = Math.max(60, (process.stdout.columns ?? 120) - 1)): void {
  print(`\n${summaryLines(summary, width).join('\n')}\n`);
  if (!RunDirectory.isRun(summary.dir)) return;
  const ref = RunDirectory.open(summary.dir).config().task;
  // Function tasks: the front beside the minimax polynomials of equal cost, with a dense check.
  if (ref.id.startsWith('fn:')) printFunctionFront(summary.dir, ref, (line) => print(`${line}\n`));
  // Optimizer tasks: the best programs beside the baseline optimizers, per family.
  if (ref.id.startsWith('opt:')) print(`\n${frontVersusBaselines(summary.dir, ref, readFrontEntries(summary.dir), true).join('\n')}\n`);
}
