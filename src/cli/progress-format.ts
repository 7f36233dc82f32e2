/**
 * Text for the live display and the end-of-run summary: pure functions of a progress snapshot, so
 * the same lines serve a terminal, a log file and tests.
 */
import pc from 'picocolors';
import { displayLine } from '../dsl/display.ts';
import { oneLine } from '../evolve/archive.ts';
import type { ArchiveEntry, ScoreLabel } from '../evolve/archive.ts';
import type { RunSummary, SearchProgress } from '../evolve/run.ts';

export { formatDuration, formatScore, percent } from '../util/format.ts';
import { formatDuration, formatScore, percent } from '../util/format.ts';

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

/** How far the run is towards its nearest limit (evaluation budget or session time), 0..1; undefined without limits. */
export function completion(p: SearchProgress): number | undefined {
  const parts: number[] = [];
  if (p.budget !== undefined && p.budget > 0) parts.push(p.evaluations / p.budget);
  if (p.timeMs !== undefined && p.timeMs > 0) parts.push(p.sessionMs / p.timeMs);
  return parts.length > 0 ? Math.min(1, Math.max(...parts)) : undefined;
}

export function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/** What is left: evaluations of the budget and time of the session. */
export function remaining(p: SearchProgress): string {
  const parts: string[] = [];
  if (p.budget !== undefined) parts.push(`${Math.max(0, p.budget - p.evaluations)} evals left`);
  if (p.timeMs !== undefined) parts.push(`${formatDuration(p.timeMs - p.sessionMs)} left`);
  return parts.length > 0 ? parts.join(', ') : 'no limit (Ctrl-C stops)';
}

/** The status line: counts, rates, cache hit rate, elapsed time. */
export function statusLine(p: SearchProgress): string {
  return [
    `${p.evaluations} evals${p.budget !== undefined ? `/${p.budget}` : ''}`,
    `${formatRate(p.evaluationsPerSecond)} evals/s`,
    `${p.candidates} candidates (${formatRate(p.candidatesPerSecond)}/s)`,
    `cache hits ${percent(p.hitRate)}`,
    `elapsed ${formatDuration(p.elapsedMs)}`,
    remaining(p),
  ].join('  ');
}

/** The program of a front entry on one line: as displayed (src/dsl/display.ts), else its live statements. */
export function entryLine(e: ArchiveEntry): string {
  return e.display !== undefined ? displayLine(e.display) : oneLine(e.program);
}

/** The front as a table: cost, error or score, program as displayed on one line (cut to `width`). */
export function frontTable(front: readonly ArchiveEntry[], label: ScoreLabel, width = 120, maxRows = 20): string[] {
  const head = `${'cost'.padStart(5)}  ${label.padEnd(10)}  program`;
  const rows = front.slice(0, maxRows).map((e) => {
    const line = `${String(e.cost).padStart(5)}  ${formatScore(e.score).padEnd(10)}  ${entryLine(e)}`;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  });
  if (front.length > maxRows) rows.push(`  … ${front.length - maxRows} more (symdisc inspect)`);
  return [head, ...rows];
}

/** The live block a terminal shows (redrawn in place). */
export function liveBlock(p: SearchProgress, width: number): string {
  const done = completion(p);
  const head = `${pc.bold(p.task)}  ${pc.dim(p.dir)}`;
  const progress = `${done !== undefined ? `${bar(done, 24)} ${percent(done).padStart(6)}  ` : ''}${statusLine(p)}`;
  const table = frontTable(p.front, p.label, width);
  return [head, progress, '', pc.bold(table[0]), ...table.slice(1)].join('\n');
}

/** One line for a log file. */
export function logLine(p: SearchProgress): string {
  const best = p.front.reduce<ArchiveEntry | undefined>((b, e) => (b === undefined || e.score < b.score ? e : b), undefined);
  const bestText = best ? `best ${p.label} ${formatScore(best.score)} at cost ${best.cost}` : 'no valid program yet';
  return `[${formatDuration(p.elapsedMs)}] batch ${p.batch}  ${statusLine(p)}  ${bestText}  front ${p.front.length}`;
}

const REASONS: Readonly<Record<RunSummary['reason'], string>> = {
  budget: 'evaluation budget reached',
  time: 'time limit reached',
  patience: 'no improvement within the patience',
  interrupted: 'interrupted',
};

/** The end-of-run summary. */
export function summaryLines(s: RunSummary, width = 120): string[] {
  const lines = [
    `${s.task}: ${REASONS[s.reason]} after ${formatDuration(s.sessionMs)} (run total ${formatDuration(s.elapsedMs)})`,
    `  ${s.candidates} candidates, ${s.evaluations} evaluated, cache hits ${percent(s.hitRate)}; this session ${formatRate(s.evaluationsPerSecond)} evals/s, ${formatRate(s.candidatesPerSecond)} candidates/s`,
    `  re-mutations: ${s.retries.invalid} invalid, ${s.retries.identical} identical to the parent; restarts: ${s.restarts}${s.replayedBatches > 0 ? `; ${s.replayedBatches} batch${s.replayedBatches === 1 ? '' : 'es'} replayed from the journal` : ''}`,
    '',
    ...frontTable(s.front, s.label, width),
    '',
    `Results: ${s.dir} (front.csv, front.json, journal/)`,
  ];
  if (s.reason !== 'budget') lines.push(`Resume:  ${s.resumeCommand}`);
  return lines;
}
