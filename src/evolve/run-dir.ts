/**
 * A run directory and its config.json: everything needed to reproduce the run (task, seed,
 * settings, initial programs, versions). Layout:
 *   config.json      written once at the start
 *   journal.jsonl    one line per candidate (journal.ts)
 *   checkpoint.json  the search state at a batch boundary (checkpoint.ts)
 *   front.json/.csv  the Pareto front by cost (archive.ts)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskRef } from '../eval/evaluator.ts';
import type { Domain } from '../dsl/signature.ts';
import type { ScoreLabel } from './archive.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { SearchSettings, StopSettings } from './settings.ts';

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
export const JOURNAL_FILE = 'journal.jsonl';

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

/** Creates `results/<run-id>` (with a `-2`, `-3` suffix if taken) or the given directory. */
export function createRunDirectory(out: string | undefined, resultsRoot: string, id: string): { dir: string; runId: string } {
  if (out !== undefined) {
    mkdirSync(out, { recursive: true });
    return { dir: out, runId: id };
  }
  for (let k = 1; ; k++) {
    const name = k === 1 ? id : `${id}-${k}`;
    const dir = join(resultsRoot, name);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      return { dir, runId: name };
    }
  }
}

export function writeConfig(dir: string, config: RunConfig): void {
  writeFileAtomic(join(dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
}

export function readConfig(dir: string): RunConfig {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) throw new RunDirectoryError(`${dir} is not a run directory (no ${CONFIG_FILE})`);
  return JSON.parse(readFileSync(path, 'utf8')) as RunConfig;
}

/** A path given by the user that is not a usable run directory: one line, exit 2. */
export class RunDirectoryError extends Error {
  override readonly name = 'RunDirectoryError';
}
