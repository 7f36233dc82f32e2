/**
 * How a run's programs are shown to people (src/dsl/display.ts), in the precision its task scores
 * them in. A front entry written with its `display` text is shown as written; anything else
 * (journal programs, older fronts, baselines) is displayed here.
 */
import { displayLine, displayOf, displayText } from '../dsl/display.ts';
import { parseProgram } from '../dsl/parse.ts';
import { simplify } from '../dsl/simplify/simplify.ts';
import type { DisplayPrecision } from '../dsl/display.ts';
import type { TaskRef } from '../eval/evaluator.ts';
import { getTask } from '../eval/tasks/registry.ts';

export interface ProgramDisplay {
  readonly precision: DisplayPrecision;
  /** The displayed program text (`def` and `return` lines included). */
  text(program: string, display?: string): string;
  /** The displayed program on one line, for tables. */
  line(program: string, display?: string): string;
  /**
   * The program as simplified for reading: the exact rewrites of simplify (level bitwise: folds,
   * rules such as x + x -> x * 2, unused optimizer state, dead code), then displayed.
   */
  simplified(program: string): string;
}

/** What the `simplified` text says it is, for captions. */
export const SIMPLIFIED_CAPTION = 'as simplified (exact rewrites only: constants folded, dead code and unused state left out)';

/** The precision `task` scores in; f64 for a task this build does not know. */
export function taskPrecision(task: TaskRef | undefined): DisplayPrecision {
  if (task === undefined) return 'f64';
  try {
    return getTask(task.id, task.options).searchSpace.precision;
  } catch {
    return 'f64';
  }
}

export function programDisplay(task?: TaskRef | DisplayPrecision): ProgramDisplay {
  const precision = typeof task === 'string' ? task : taskPrecision(task);
  const text = (program: string, display?: string): string => display ?? displayOf(program, precision);
  const simplified = (program: string): string => {
    try {
      return displayText(simplify(parseProgram(program), { level: 'bitwise' }).program, precision);
    } catch {
      return text(program);
    }
  };
  return { precision, text, line: (program, display) => displayLine(text(program, display)), simplified };
}
