/**
 * Function-approximation scoring on the CPU: when the task fits constants (`fit` option), each
 * program's nonzero literals are first fitted on the training points (fit/program-objective.ts)
 * and the fitted text is handed back as CandidateResult.program; then the program is evaluated
 * over the validation points (or the training points when the task has none) — in one SIMD wasm
 * module for the batch, or by the column kernels (columnar.ts), whichever is faster
 * (wasm/function-outputs.ts; both bit-identical to the interpreter) — and the task's error
 * reductions give the measures.
 */
import { printProgram } from '../../../dsl/print.ts';
import { literals } from '../../../dsl/program.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { fitProgram, prepareFits, textSeed } from '../../fit/program-objective.ts';
import { functionResult, functionTaskData, reduceErrors } from './task.ts';
import type { FunctionTask } from './task.ts';
import { forEachFunctionOutput } from '../../backends/wasm/function-outputs.ts';

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
      if (fit.changed) {
        scored = fit.program;
        fittedText = printProgram(scored);
      }
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
