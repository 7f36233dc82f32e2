/**
 * How far a discovered program is from where the search started: the number of statements changed,
 * inserted or deleted between the two programs as people read them (src/dsl/display.ts: constants
 * folded, dead code gone), i.e. the edit (Levenshtein) distance over their live statements, each
 * statement compared as printed (`update = m / sqrt_v`). A rule that only retuned one constant of
 * AdamW is at distance 1; one that dropped the weight-decay term at 2 (`wd = w * 0.01` and
 * `update = update + wd` gone). Variable names count: mutation keeps them, so a renamed variable
 * is a real edit of what a reader sees.
 */
import { displayProgram } from './display.ts';
import type { DisplayPrecision } from './display.ts';
import { liveStatements } from './liveness.ts';
import { printStatement } from './print.ts';
import type { Program } from './program.ts';

/** The live statements of `p` as displayed, one printed line each (what the distance compares). */
export function displayedStatements(p: Program, precision: DisplayPrecision = 'f64'): string[] {
  const shown = displayProgram(p, precision);
  const live = liveStatements(shown);
  return shown.body.filter((_, i) => live[i]).map(printStatement);
}

/** Levenshtein distance between two sequences of lines (unit cost insert, delete, substitute). */
export function lineEditDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** Statements changed between `a` and `b` after display (see the module comment); 0 for equal programs. */
export function programDistance(a: Program, b: Program, precision: DisplayPrecision = 'f64'): number {
  const outputs = a.outputs.length === b.outputs.length && a.outputs.every((o, i) => o === b.outputs[i]) ? 0 : 1;
  return lineEditDistance(displayedStatements(a, precision), displayedStatements(b, precision)) + outputs;
}
