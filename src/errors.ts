/**
 * The errors a user causes, each printed by the CLI as one line without a stack trace (exit code
 * 2). They live here, below every layer, so the evaluator, the DSL and the report can throw them
 * without importing the CLI.
 */

/** A bad command line or a bad input the user named: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A task id or option the user got wrong: printed as one line (the CLI exits 2). */
export class TaskError extends Error {
  override readonly name = 'TaskError';
}
