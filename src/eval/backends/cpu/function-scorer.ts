/**
 * Function-approximation scoring on the CPU: each program evaluated over the task's points by the
 * column kernels (columnar.ts: the op table's `ts` emitters, f32 or f64 semantics), then the
 * task's error reductions.
 */
import type { Program } from '../../../dsl/program.ts';
import type { CandidateResult } from '../../evaluator.ts';
import { functionResult, functionTaskData, reduceErrors } from '../../tasks/function/task.ts';
import type { FunctionTask } from '../../tasks/function/task.ts';
import { ColumnPool, evaluateColumnar } from './columnar.ts';

export function scoreFunctionsOnCpu(task: FunctionTask, programs: readonly Program[]): CandidateResult[] {
  const data = functionTaskData(task);
  const n = task.points;
  const pool = new ColumnPool(n);
  const constantOutput = new Float64Array(n);
  return programs.map((p) => {
    pool.reset();
    const [y] = evaluateColumnar(p, [data.xs], n, task.precision, pool);
    const ys = typeof y === 'number' ? constantOutput.fill(y) : y;
    return functionResult(task, p, reduceErrors(ys, data, n));
  });
}
