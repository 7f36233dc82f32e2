/**
 * `symdisc check FILE`: parses and validates a program file (or a seed by name), prints it in
 * canonical form followed by `# hash: <structural hash>`. A bad program prints `file:line:col:
 * message` and exits 2 (main.ts turns the DslError into that line).
 */
import { structuralHash } from '../dsl/hash.ts';
import { printProgram } from '../dsl/print.ts';
import { seedNames } from '../dsl/seeds/index.ts';
import type { Command } from './command.ts';
import { loadProgram } from './program-source.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc check FILE

Parses and validates the program in FILE, then prints it in canonical form followed by
'# hash: <structural hash>' (the hash ignores variable names and dead statements).
FILE may also name a seed program (${seedNames().join(', ')}).
Errors print as file:line:col: message and exit with code 2.`;

export const command: Command = {
  name: 'check',
  summary: 'parse and validate a program file (or seed), print it canonically with its hash',
  usage,
  async run(argv) {
    const flag = argv.find((a) => a.startsWith('-') && a !== '-');
    if (flag) throw new UsageError(`check: unknown option '${flag}'; usage: symdisc check FILE`);
    if (argv.length !== 1) throw new UsageError(`check: expected one FILE, got ${argv.length}; usage: symdisc check FILE`);
    const p = loadProgram('check', argv[0]).program;
    process.stdout.write(`${printProgram(p)}# hash: ${structuralHash(p)}\n`);
    return 0;
  },
};
