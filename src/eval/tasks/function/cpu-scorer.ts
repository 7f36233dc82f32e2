/**
 * Function-approximation scoring on the CPU: when the task fits constants (`fit` option), each
 * program's nonzero literals are first fitted on the training points (fit/program-objective.ts)
 * and the fitted text is handed back as CandidateResult.program; then the program is evaluated
 * over the validation points (or the training points when the task has none) — in one SIMD wasm
 * module for the batch, or by the column kernels (columnar.ts), whichever is faster
 * (wasm/function-outputs.ts; both bit-identical to the interpreter) — and the task's error
 * reductions give the measures.
 *
 * A float32 task's front polish (`fit: 'polish'`, precision f32) then re-fits the constants in
 * float32: the float32 neighbours of the f64 optimum (fit/float32-polish.ts), searched on
 * POLISH_SEARCH_POINTS and chosen on the denser POLISH_CHOICE_POINTS among the entry, its f64 fit
 * and the finalists (the archive takes the result only if it beats the entry, src/evolve/polish.ts).
 */
import { printProgram } from '../../../dsl/print.ts';
import { literals } from '../../../dsl/program.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { fitProgram, prepareFits, textSeed } from '../../fit/program-objective.ts';
import { functionResult, functionTaskData, reduceErrors } from './task.ts';
import type { FunctionTask } from './task.ts';
import { forEachFunctionOutput } from '../../backends/wasm/function-outputs.ts';
import { float32Objective, float32Polish } from '../../fit/float32-polish.ts';
import type { Program as ProgramType } from '../../../dsl/program.ts';

/** Points the float32 neighbour search runs on (not the validation points, which score the result). */
export const POLISH_SEARCH_POINTS = 16_385;
/** Points the float32 polish's final choice is made on (their double-double reference costs seconds per worker, once). */
export const POLISH_CHOICE_POINTS = 2 ** 16 + 1;

/**
 * The float32 re-fit of `p` (fitted in f64 from `entry`, the front entry as it was): of `entry`,
 * `p` and the finalists of the neighbour search from `p`, the one with the smallest max ULP on
 * POLISH_CHOICE_POINTS, denser than the scoring points, which at the sub-ULP level an f64 fit on
 * the training points can overfit. When that is `entry`, the archive keeps the entry as it was
 * (the result is not better than it); the archive takes the result only if it scores better.
 */
export function float32Refit(task: FunctionTask, entry: ProgramType, p: ProgramType, points = { search: POLISH_SEARCH_POINTS, choice: POLISH_CHOICE_POINTS }): ProgramType {
  const search = float32Polish(p, functionTaskData(task, points.search));
  const choice = functionTaskData(task, points.choice);
  const onChoice = float32Objective(p, choice);
  let best: ProgramType = entry;
  let bestChoice = float32Objective(entry, choice).errors(Float64Array.from(literals(entry).filter((v) => v !== 0), (v) => Math.fround(v))).max;
  for (const f of [search.start, ...search.finalists]) {
    const e = onChoice.errors(Float64Array.from(f.constants)).max;
    if (e < bestChoice) {
      bestChoice = e;
      best = f === search.start ? p : f.program;
    }
  }
  return best;
}

export function scoreFunctionsOnCpu(task: FunctionTask, programs: readonly Program[]): CandidateResult[] {
  const training = functionTaskData(task);
  const n = task.validation > 0 ? task.validation : task.points;
  const data = task.validation > 0 ? functionTaskData(task, n) : training;
  // The batch's fit kernels in one wasm module (one compile per batch, not per child).
  const prepared = task.fit !== 'none' ? prepareFits(programs, training, task.error) : [];
  const fitted = programs.map((p, k) => {
    let scored = p;
    let fittedText: string | undefined;
    if (task.fit !== 'none') {
      const text = printProgram(p);
      // The budget buys about the same number of LM iterations whatever the number of constants
      // (a forward-difference Jacobian costs one evaluation per constant).
      const budget = Math.round(task.fitBudget * Math.max(1, (literals(p).length + 1) / 4));
      const kernel = prepared[k];
      const fit = fitProgram(p, training, { method: task.fit, budget, seed: textSeed(text), error: task.error, ...(kernel ? { prepared: kernel } : {}) });
      if (fit.changed) scored = fit.program;
      if (task.fit === 'polish' && task.precision === 'f32') scored = float32Refit(task, p, scored);
      if (scored !== p) fittedText = printProgram(scored);
    }
    return { scored, fittedText };
  });
  const results: CandidateResult[] = [];
  forEachFunctionOutput(fitted.map((f) => f.scored), data.xs, task.precision, (k, ys) => {
    const { scored, fittedText } = fitted[k];
    results.push(functionResult(task, scored, reduceErrors(ys, data, n), { ...(fittedText !== undefined ? { program: fittedText } : {}), points: n }));
  });
  return results;
}
