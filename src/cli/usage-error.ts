/** A bad command line: printed as one line without a stack trace, exit code 2 (defined in src/errors.ts). */
export { UsageError } from '../errors.ts';
