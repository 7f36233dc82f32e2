/** What every CLI command module exports. */
export interface Command {
  readonly name: string;
  /** One line for `symdisc --help`. */
  readonly summary: string;
  /** Full usage text for `symdisc CMD --help`. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}
