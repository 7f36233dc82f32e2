#!/usr/bin/env node
/**
 * The `symdisc` entry point: dispatches to one module per command. User errors (bad program text,
 * bad flags) print one clear line and exit 2; anything else is a bug and keeps its stack trace.
 */
import { DslError } from '../dsl/errors.ts';
import type { Command } from './command.ts';
import { UsageError } from './usage-error.ts';

/** Commands, loaded lazily so `symdisc check` does not load Dawn. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import('./check.ts')).command,
  search: async () => (await import('./search.ts')).command,
  resume: async () => (await import('./resume.ts')).command,
  inspect: async () => (await import('./inspect.ts')).command,
  report: async () => (await import('./report.ts')).command,
  eval: async () => (await import('./eval.ts')).command,
  tasks: async () => (await import('./tasks.ts')).command,
  bench: async () => (await import('./bench.ts')).command,
  simplify: async () => (await import('./simplify.ts')).command,
  export: async () => (await import('./export.ts')).command,
  select: async () => (await import('./select.ts')).command,
  verify: async () => (await import('./verify.ts')).command,
  polish: async () => (await import('./polish.ts')).command,
  serve: async () => (await import('./serve.ts')).command,
  runs: async () => (await import('./runs.ts')).command,
  worker: async () => (await import('./worker.ts')).command,
};

function help(summaries: readonly Command[]): string {
  const width = Math.max(...summaries.map((c) => c.name.length));
  return [
    'symdisc: discover small numerical programs (optimizer update rules, function approximations) by evolution.',
    '',
    'Usage: symdisc <command> [options]        symdisc <command> --help for a command\'s options',
    '',
    'Commands:',
    ...summaries.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const all = await Promise.all(Object.values(COMMANDS).map((load) => load()));
    console.log(help(all));
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  return command.run(rest);
}

/** Runs `main` as a process: user errors become one line on stderr and exit code 2. */
export async function runAsProcess(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`symdisc inspect DIR | head`) closes the pipe: end quietly, as Unix
  // tools do, instead of dying on an unhandled EPIPE with a stack trace. A search keeps its run
  // directory consistent through its checkpoint and journal whatever ends the process.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (error instanceof DslError || error instanceof UsageError) {
      console.error(`symdisc: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
