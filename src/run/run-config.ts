/**
 * config.json: everything needed to reproduce a run (task, seed, settings, initial programs,
 * versions), written once at the start; and the run id a new run directory is named after.
 */
import { readFileSync } from 'node:fs';
import type { TaskRef } from '../eval/evaluator.ts';
import type { Domain } from '../dsl/signature.ts';
import type { ScoreLabel } from '../evolve/archive.ts';
import type { SearchSettings, StopSettings } from '../evolve/settings.ts';

export interface RunConfig {
  readonly version: 1;
  readonly runId: string;
  readonly createdAt: string;
  readonly task: TaskRef;
  readonly domain: Domain;
  readonly objectives: readonly string[];
  readonly label: ScoreLabel;
  readonly seed: string;
  readonly settings: SearchSettings;
  /** Stop conditions given at the start (a resume may change them; the state has the current ones). */
  readonly stop: StopSettings;
  /** What the user asked to start from (`adamw`, a file, or the default). */
  readonly warmStart: string;
  readonly initial: readonly string[];
  readonly backend: string;
  readonly backendDescription?: string;
  readonly workers?: number;
  readonly versions: Readonly<Record<string, string>>;
}

export const CONFIG_FILE = 'config.json';

function packageVersion(relative: string): string {
  try {
    const text = readFileSync(new URL(relative, import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Versions recorded in config.json. */
export function versions(): Record<string, string> {
  return {
    symdisc: packageVersion('../../package.json'),
    node: process.version,
    webgpu: packageVersion('../../node_modules/webgpu/package.json'),
  };
}

function stamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}`;
}

/** A run id such as `fn-exp2-s1-20261128-1530` (UTC). */
export function runId(task: string, seed: string, date: Date): string {
  return `${task.replace(/[^A-Za-z0-9]+/g, '-')}-s${seed.replace(/[^A-Za-z0-9]+/g, '-')}-${stamp(date)}`;
}

/** A path given by the user that is not a usable run directory: one line, exit 2. */
export class RunDirectoryError extends Error {
  override readonly name = 'RunDirectoryError';
}
