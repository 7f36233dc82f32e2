/**
 * What `symdisc inspect` prints, as pure functions of data read from a run directory: the summary
 * block, the front with PySR's score column (`--top N` rows), the lineage of one program
 * (`--lineage HASH`), and the same as JSON for scripts.
 */
import { formatDuration, formatScore, percent } from '../util/format.ts';
import type { Lineage } from './lineage.ts';
import { programDisplay } from './program-display.ts';
import type { ProgramDisplay } from './program-display.ts';
import type { FrontRow, RunSummaryView } from './run-summary.ts';

const cut = (line: string, width: number): string => (line.length > width ? `${line.slice(0, width - 1)}…` : line);

function rate(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** The summary: task, seed, backend and adapter, counters, rates, elapsed time, best score. */
export function summaryLines(s: RunSummaryView, width = 120): string[] {
  const options = Object.entries(s.taskOptions).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const lines = [
    `${s.task}${options ? ` (${options})` : ''}  run ${s.runId}  seed ${s.seed}  ${s.strategy}`,
    `  backend   ${s.backend}${s.backendDescription ? ` — ${s.backendDescription}` : ''}${s.workers !== undefined ? `, ${s.workers} workers` : ''}`,
    `  evals     ${s.evaluations}${s.budget !== undefined ? ` of ${s.budget}` : ''} evaluated, ${s.candidates} candidates, cache hits ${percent(s.hitRate)}, ${s.candidates > 0 ? percent(s.validCandidates / s.candidates) : '–'} valid`,
    `  speed     ${s.evaluationsPerSecond !== undefined ? `${rate(s.evaluationsPerSecond)} evals/s` : '–'}, elapsed ${s.elapsedMs !== undefined ? formatDuration(s.elapsedMs) : '–'} (as of the last checkpoint)`,
    `  best      ${s.best ? `${s.label} ${formatScore(s.best.score)} (${s.measure}) at cost ${s.best.cost}, hash ${s.best.hash}` : 'no valid program yet'}`,
    `  status    ${s.activity}${s.uncheckpointed > 0 ? `, ${s.uncheckpointed} candidates after the last checkpoint` : ''}${s.tornBytes > 0 ? `, torn journal tail of ${s.tornBytes} bytes ignored` : ''}${s.lastWrite ? `, journal last written ${s.lastWrite}` : ''}`,
  ];
  return lines.map((l) => cut(l, width));
}

/**
 * The front as a table, cheapest first: cost, error or score, PySR's score (`pysr`), hash, program on one
 * line. `top` keeps the rows with the best scores (PySR picks by that column), still by cost.
 */
export function frontLines(rows: readonly FrontRow[], label: string, width = 120, top?: number, show: ProgramDisplay = programDisplay()): string[] {
  const shown = top !== undefined && top < rows.length ? [...rows].sort((a, b) => a.score - b.score).slice(0, top).sort((a, b) => a.cost - b.cost) : rows;
  const head = `${'cost'.padStart(5)}  ${label.padEnd(10)}  ${'pysr'.padStart(7)}  ${'hash'.padEnd(16)}  program`;
  const body = shown.map((r) => cut(`${String(r.cost).padStart(5)}  ${formatScore(r.score).padEnd(10)}  ${r.pysrScore.toFixed(3).padStart(7)}  ${r.hash.padEnd(16)}  ${show.line(r.program, r.display)}`, width));
  const lines = [head, ...body];
  if (shown.length < rows.length) lines.push(`  … ${rows.length - shown.length} more on the front (without --top)`);
  return lines;
}

/** The ancestry of a program, oldest first: each step's mutation and score change. */
export function lineageLines(lineage: Lineage, label: string, width = 120, show: ProgramDisplay = programDisplay()): string[] {
  const last = lineage.steps[lineage.steps.length - 1];
  const head = [
    `lineage of ${last.hash} (candidate ${last.candidate}): ${lineage.steps.length} generations from ${lineage.origin === 'seed' ? 'a seed' : 'an ancestor whose parent is not in the journal'}`,
    '',
    `${'step'.padStart(4)}  ${'cand.'.padStart(6)}  ${'mutation'.padEnd(9)}  ${label.padEnd(10)}  ${'change'.padEnd(10)}  program`,
  ];
  const body = lineage.steps.map((s, i) => {
    const change = s.change === undefined ? '' : `${s.change > 0 ? '+' : ''}${formatScore(s.change)}`;
    return cut(`${String(i).padStart(4)}  ${String(s.candidate).padStart(6)}  ${s.mutation.padEnd(9)}  ${formatScore(s.score).padEnd(10)}  ${change.padEnd(10)}  ${show.line(s.program)}`, width);
  });
  return [...head, ...body];
}

/** A front row for `--json`: { cost, error | score, pysrScore, hash, candidate, program, display }. */
export function frontJson(rows: readonly FrontRow[], label: string, show: ProgramDisplay = programDisplay()): Record<string, number | string>[] {
  return rows.map((r) => ({ cost: r.cost, [label]: r.score, pysrScore: r.pysrScore, hash: r.hash, candidate: r.candidate, program: r.program, display: show.text(r.program, r.display) }));
}
