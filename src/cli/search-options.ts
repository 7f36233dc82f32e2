/**
 * Flag parsing shared by `search` and `resume`: `--flag value` or `--flag=value`, boolean
 * `--no-progress`. Every mistake is one line naming the flag and what it accepts (UsageError,
 * exit 2).
 */
import { UsageError } from './usage-error.ts';

export interface FlagSpec {
  /** Takes no value. */
  readonly boolean?: boolean;
  /** May stand alone (recorded in `booleans`) or take a value (`--serve`, `--serve 8080`). */
  readonly optionalValue?: boolean;
  /** What it accepts, for error messages (e.g. `a positive integer`, `regularized|nsga2`). */
  readonly accepts: string;
}

export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export function parseFlags(command: string, argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const positional: string[] = [];
  const known = Object.keys(specs).map((k) => `--${k}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`${command}: unknown option '${arg}'; options: ${known}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new UsageError(`${command}: unknown option '--${name}'; options: ${known}`);
    if (spec.boolean) {
      if (eq !== -1) throw new UsageError(`${command}: --${name} takes no value`);
      booleans.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (spec.optionalValue && value === undefined) {
      booleans.add(name);
      continue;
    }
    if (value === undefined || value === '') throw new UsageError(`${command}: --${name} needs a value: ${spec.accepts}`);
    if (values.has(name)) throw new UsageError(`${command}: --${name} given twice`);
    values.set(name, value);
  }
  return { values, booleans, positional };
}

export function positiveInteger(command: string, flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${command}: --${flag} must be an integer >= ${min}, got '${value}'`);
  }
  return n;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `90s`, `30m`, `1.5h`, `2d`, `500ms` in milliseconds (a bare number is seconds). */
export function duration(command: string, flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value);
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's'] : NaN;
  if (!(ms > 0)) throw new UsageError(`${command}: --${flag} must be a duration such as 90s, 30m, 2h or 1d, got '${value}'`);
  return ms;
}

export function oneOf<T extends string>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

export const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
