/**
 * The hall of fame, as PySR keeps it: the best program found at each cost, pruned to the Pareto
 * front (a costlier entry stays only if it scores strictly better than every cheaper one). It is
 * part of the search state; the run directory mirrors it to front.json and front.csv
 * (src/run/front-file.ts) whenever it changes.
 */
import { parseProgram } from '../dsl/parse.ts';
import { printStatement } from '../dsl/print.ts';
import type { Program } from '../dsl/program.ts';
import { withoutDeadCode } from '../dsl/liveness.ts';

export interface ArchiveEntry {
  readonly cost: number;
  /** objectives[0]: an error for function tasks, a loss for optimizer tasks. */
  readonly score: number;
  readonly measures: Readonly<Record<string, number>>;
  readonly hash: string;
  /** Canonical text. */
  readonly program: string;
  /** The program as people should read it (src/dsl/display.ts); absent in fronts written before it existed. */
  readonly display?: string;
  /** The candidate number that found it. */
  readonly candidate: number;
}

/** Whether an entry of this cost and score would enter the front (nothing cheaper-or-equal scores as well). */
export function archiveAccepts(front: readonly ArchiveEntry[], cost: number, score: number): boolean {
  return Number.isFinite(score) && Number.isFinite(cost) && !front.some((e) => e.cost <= cost && e.score <= score);
}

/** Adds `entry` to the front (sorted by cost) if nothing cheaper-or-equal scores as well; true if it changed. */
export function archiveInsert(front: ArchiveEntry[], entry: ArchiveEntry): boolean {
  if (!archiveAccepts(front, entry.cost, entry.score)) return false;
  const kept = front.filter((e) => !(e.cost >= entry.cost && e.score >= entry.score));
  kept.push(entry);
  kept.sort((a, b) => a.cost - b.cost);
  front.splice(0, front.length, ...kept);
  return true;
}

/**
 * The program on one line for tables: its live statements joined by `; ` (dead code, the `def`
 * and the `return` left out; a program whose outputs are its inputs reads `return m, v`).
 */
export function oneLine(text: string): string {
  let p: Program;
  try {
    p = parseProgram(text);
  } catch {
    return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('def ')).join('; ');
  }
  const body = withoutDeadCode(p).body.map(printStatement);
  return body.length > 0 ? body.join('; ') : `return ${p.outputs.join(', ')}`;
}

/** What the score is called in front.json, front.csv and `inspect --json`: `error` or `score`. */
export type ScoreLabel = 'error' | 'score';
