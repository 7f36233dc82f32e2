/**
 * Where `simplify` and `export` read a program: a program file, a seed by name, or a run directory
 * (the best entry of its front.json, the Pareto front the search writes; `cost` picks the entry of
 * that cost instead). Problems are UsageErrors (one line, exit 2); bad program text is a DslError.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgram } from '../dsl/parse.ts';
import type { Program } from '../dsl/program.ts';
import { hasSeed, seedNames, seedPath, seedText } from '../dsl/seeds/index.ts';
import { UsageError } from './usage-error.ts';

export interface LoadedProgram {
  readonly program: Program;
  /** Where it came from, for messages (`run/front.json, cost 7`). */
  readonly origin: string;
  /** The task of the run it came from, if any. */
  readonly task?: string;
}

export interface FrontEntry {
  readonly cost: number;
  readonly score: number | string;
  readonly program: string;
}

export function readFront(command: string, dir: string): { task?: string; entries: FrontEntry[] } {
  const path = join(dir, 'front.json');
  if (!existsSync(path)) throw new UsageError(`${command}: '${dir}' is a directory without front.json (a run directory of 'symdisc search' has one)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${command}: cannot read ${path}: ${(error as Error).message}`);
  }
  const front = parsed as { task?: unknown; entries?: unknown };
  const entries = Array.isArray(front.entries) ? front.entries : undefined;
  const wellFormed = (e: unknown): e is FrontEntry =>
    typeof e === 'object' && e !== null && typeof (e as FrontEntry).program === 'string' && typeof (e as FrontEntry).cost === 'number';
  if (!entries || !entries.every(wellFormed)) throw new UsageError(`${command}: ${path} has no list of entries with a cost and a program`);
  return { ...(typeof front.task === 'string' ? { task: front.task } : {}), entries };
}

/** Reads a program from `arg` (file, seed name or run directory); `cost` selects a front entry. */
export function loadProgram(command: string, arg: string, cost?: number): LoadedProgram {
  if (existsSync(arg) && statSync(arg).isDirectory()) {
    const { task, entries } = readFront(command, arg);
    if (entries.length === 0) throw new UsageError(`${command}: ${join(arg, 'front.json')} is empty (the run has no valid program yet)`);
    const score = (e: FrontEntry): number => (typeof e.score === 'number' ? e.score : Infinity);
    let entry: FrontEntry | undefined;
    if (cost !== undefined) {
      entry = entries.find((e) => e.cost === cost);
      if (!entry) throw new UsageError(`${command}: --cost ${cost}: the front has costs ${entries.map((e) => e.cost).sort((a, b) => a - b).join(', ')}`);
    } else {
      entry = entries.reduce((best, e) => (score(e) < score(best) || (score(e) === score(best) && e.cost < best.cost) ? e : best));
    }
    const origin = `${join(arg, 'front.json')} (cost ${entry.cost}, score ${entry.score})`;
    return { program: parseProgram(entry.program, origin), origin, ...(task ? { task } : {}) };
  }
  if (cost !== undefined) throw new UsageError(`${command}: --cost picks an entry of a run directory's front; '${arg}' is not a directory`);
  try {
    return { program: parseProgram(readFileSync(arg, 'utf8'), arg), origin: arg };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && hasSeed(arg)) return { program: parseProgram(seedText(arg), seedPath(arg)), origin: `seed ${arg}` };
    if (code === 'ENOENT') throw new UsageError(`${command}: no such file or run directory '${arg}' (and no seed of that name; seeds: ${seedNames().join(', ')})`);
    if (code !== undefined) throw new UsageError(`${command}: cannot read '${arg}': ${(error as Error).message}`);
    throw error;
  }
}
