/**
 * `symdisc check FILE`: parses and validates a program file (or a seed by name), prints it in
 * canonical form followed by `# hash: <structural hash>`. A bad program prints `file:line:col:
 * message` and exits 2 (main.ts turns the DslError into that line).
 */
import { readFileSync } from 'node:fs';
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import { hasSeed, seedNames, seedPath, seedText } from '../dsl/seeds/index.ts';
import type { Command } from './command.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc check FILE

Parses and validates the program in FILE, then prints it in canonical form followed by
'# hash: <structural hash>' (the hash ignores variable names and dead statements).
FILE may also name a seed program (${seedNames().join(', ')}).
Errors print as file:line:col: message and exit with code 2.`;

/** The program text and the name to use in error locations. */
function readSource(arg: string): { text: string; file: string } {
  try {
    return { text: readFileSync(arg, 'utf8'), file: arg };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && hasSeed(arg)) return { text: seedText(arg), file: seedPath(arg) };
    if (code === 'ENOENT') throw new UsageError(`check: no such file '${arg}' (and no seed of that name; seeds: ${seedNames().join(', ')})`);
    if (code === 'EISDIR') throw new UsageError(`check: '${arg}' is a directory, not a program file`);
    throw new UsageError(`check: cannot read '${arg}': ${(error as Error).message}`);
  }
}

export const command: Command = {
  name: 'check',
  summary: 'parse and validate a program file (or seed), print it canonically with its hash',
  usage,
  async run(argv) {
    const flag = argv.find((a) => a.startsWith('-') && a !== '-');
    if (flag) throw new UsageError(`check: unknown option '${flag}'; usage: symdisc check FILE`);
    if (argv.length !== 1) throw new UsageError(`check: expected one FILE, got ${argv.length}; usage: symdisc check FILE`);
    const { text, file } = readSource(argv[0]);
    const p = parseProgram(text, file);
    process.stdout.write(`${printProgram(p)}# hash: ${structuralHash(p)}\n`);
    return 0;
  },
};
