/**
 * Tables of optimizer scores for the terminal: one program's per-family details (`eval`), and
 * programs beside the baseline optimizers, one column per family (`search`'s end summary,
 * `inspect`, `select`). Pure functions of CandidateResults (measures `family.<id>`, `lr.<id>`,
 * `loss.<id>`, `diverged.<id>`, task.ts), so every command prints the same numbers the same way.
 */
import type { CandidateResult } from '../eval/evaluator.ts';

/** A row of a comparison table: a program or a baseline and its result. */
export interface ScoredRow {
  readonly name: string;
  readonly result: CandidateResult;
  /** A mark after the name (`*` selected, `base`, ...). */
  readonly note?: string;
}

/** Display names of the baseline seeds. */
export const BASELINE_LABELS: Readonly<Record<string, string>> = {
  adamw: 'AdamW',
  adam: 'Adam',
  sgd: 'SGD',
  sgd_momentum: 'SGD-momentum',
  rmsprop: 'RMSProp',
  lion: 'Lion',
};

/** A log-ratio score: sign always shown, 3 decimals; non-finite as `inf` / `nan`. */
export function formatLogRatio(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(3);
  return x >= 0 && !s.startsWith('-') ? `+${s}` : s === '-0.000' ? '+0.000' : s;
}

function formatShort(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

function align(rows: readonly (readonly string[])[], leftColumns = 1): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
}

/** The families a result has scores for, in measure order (`family.<id>`). */
export function familiesOf(result: CandidateResult): string[] {
  return Object.keys(result.measures)
    .filter((k) => k.startsWith('family.'))
    .map((k) => k.slice('family.'.length));
}

/**
 * One program's score on each family: the family score (mean log loss ratio to tuned AdamW), the
 * grid lr it was taken at, the geometric-mean scored loss there (held-out where the family has a
 * held-out split), the share of diverged trainings, and held-out accuracy for classifiers.
 */
export function familyDetailLines(families: readonly string[], result: CandidateResult): string[] {
  const m = result.measures;
  // Classifier families report held-out accuracy (acc.<id>); the column appears only when one does.
  const accuracy = families.some((f) => m[`acc.${f}`] !== undefined);
  const acc = (f: string): string[] => (accuracy ? [m[`acc.${f}`] === undefined ? '–' : `${(100 * m[`acc.${f}`]).toFixed(1)}%`] : []);
  const rows = [
    ['family', 'score', 'best lr', 'loss', 'diverged', ...(accuracy ? ['accuracy'] : [])],
    ...families.map((f) => [f, formatLogRatio(m[`family.${f}`]), formatShort(m[`lr.${f}`]), formatShort(m[`loss.${f}`]), m[`diverged.${f}`] === undefined ? '–' : `${Math.round(100 * m[`diverged.${f}`])}%`, ...acc(f)]),
    ['mean', formatLogRatio(result.score), '', '', '', ...(accuracy ? [''] : [])],
  ];
  return align(rows);
}

/**
 * Programs and baselines side by side: score (mean over families), then each family's score.
 * Scores are mean log ratios of final loss to tuned AdamW's: negative beats AdamW.
 */
export function comparisonLines(families: readonly string[], rows: readonly ScoredRow[]): string[] {
  const table = [
    ['', 'score', ...families],
    ...rows.map((r) => [`${r.name}${r.note ? ` ${r.note}` : ''}`, r.result.valid ? formatLogRatio(r.result.score) : 'invalid', ...families.map((f) => (r.result.valid ? formatLogRatio(r.result.measures[`family.${f}`]) : ''))]),
  ];
  return align(table);
}
