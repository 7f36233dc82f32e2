/**
 * Function-approximation scoring on the CPU: when the task fits constants (`fit` option), each
 * program's nonzero literals are first fitted on the training points (fit/program-objective.ts)
 * and the fitted text is handed back as CandidateResult.program; then the program is evaluated
 * over the validation points (or the training points when the task has none) by the column
 * kernels (columnar.ts: the op table's `ts` emitters, f32 or f64 semantics) and the task's error
 * reductions give the measures.
 */
import { printProgram } from '../../../dsl/print.ts';
import { literals } from '../../../dsl/program.ts';
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { fitProgram, textSeed } from '../../fit/program-objective.ts';
import { functionResult, functionTaskData, reduceErrors } from './task.ts';
import type { FunctionTask } from './task.ts';
import { ColumnPool, evaluateColumnar } from './columnar.ts';

export function scoreFunctionsOnCpu(task: FunctionTask, programs: readonly Program[]): CandidateResult[] {
  const training = functionTaskData(task);
  const n = task.validation > 0 ? task.validation : task.points;
  const data = task.validation > 0 ? functionTaskData(task, n) : training;
  const pool = new ColumnPool(n);
  const constantOutput = new Float64Array(n);
  return programs.map((p) => {
    let scored = p;
    let fittedText: string | undefined;
    if (task.fit !== 'none') {
      const text = printProgram(p);
      // The budget buys about the same number of LM iterations whatever the number of constants
      // (a forward-difference Jacobian costs one evaluation per constant).
      const budget = Math.round(task.fitBudget * Math.max(1, (literals(p).length + 1) / 4));
      const fit = fitProgram(p, training, { method: task.fit, budget, seed: textSeed(text), error: task.error });
      if (fit.changed) {
        scored = fit.program;
        fittedText = printProgram(scored);
      }
    }
    pool.reset();
    const [y] = evaluateColumnar(scored, [data.xs], n, task.precision, pool);
    const ys = typeof y === 'number' ? constantOutput.fill(y) : y;
    return functionResult(task, scored, reduceErrors(ys, data, n), { ...(fittedText !== undefined ? { program: fittedText } : {}), points: n });
  });
}
