/**
 * `symdisc select DIR [--top K] [--task T] [--instances N] [--baseline NAME] [--backend B] [--json]`:
 * the Lion search's "funnel selection". Re-evaluates the K best distinct programs of an optimizer
 * run (by search score, from its journal) on the meta-validation task (larger and longer
 * instances, including families never used in search) beside the baseline optimizers, keeps only
 * the programs that beat the baseline there, prints a table with per-family scores and writes
 * DIR/selected.json.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printProgram } from '../dsl/print.ts';
import { parseProgram } from '../dsl/parse.ts';
import { BACKENDS, createEvaluator } from '../eval/create-evaluator.ts';
import type { CandidateResult, TaskRef } from '../eval/evaluator.ts';
import { BASELINE_SEEDS, baselineVariantTexts, tunedBaselines, tunedResult } from '../eval/tasks/optimizer/score.ts';
import { FAMILIES_FLAG, GAIN_CAP_FLAG, withOptimizerTaskFlags } from './optimizer-task-flags.ts';
import { DECOUPLED_DECAY_GRID, withDecoupledDecay } from '../eval/tasks/optimizer/decoupled-decay.ts';
import { isOptimizerTask, META_VALIDATION_ID } from '../eval/tasks/optimizer/task.ts';
import type { OptimizerTask } from '../eval/tasks/optimizer/task.ts';
import { getTask, TaskError } from '../eval/tasks/registry.ts';
import { SIMPLIFIED_CAPTION, programDisplay } from '../report/program-display.ts';
import { displayLine } from '../dsl/display.ts';
import { withoutDeadCode } from '../dsl/liveness.ts';
import { programDistance } from '../dsl/program-distance.ts';
import { loadSeed } from '../dsl/seeds/index.ts';
import { JournalCorruptError } from '../run/journal-entry.ts';
import { RunDirectory, SELECTED_FILE } from '../run/run-directory.ts';
import { stringifyNumbers } from '../run/json-numbers.ts';
import { CONFIG_FILE, RunDirectoryError } from '../run/run-config.ts';
import { isValidAt, readEntry, readRun } from '../report/run-reader.ts';
import type { RunData } from '../report/run-reader.ts';
import type { Command } from './command.ts';
import { BASELINE_LABELS, comparisonLines, formatLogRatio } from './optimizer-table.ts';
import type { ScoredRow } from './optimizer-table.ts';
import { oneOf, parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

export { SELECTED_FILE };
const DEFAULT_TOP = 10;

const DECAY_MODES = ['tuned', 'fixed'] as const;
type DecayMode = (typeof DECAY_MODES)[number];

const usage = `Usage: symdisc select DIR [--top K] [--task T] [--instances N] [--families A,B] [--gain-cap C] [--baseline NAME] [--decay tuned|fixed] [--backend B] [--json]

Funnel selection for an optimizer run: re-evaluates the K best distinct programs of the run in DIR
(by search score, from its journal) on a validation task with larger and longer instances,
including families never used in search, beside the baseline optimizers; keeps only the programs
that beat the baseline there. Prints a table with per-family scores (mean log ratio of final loss
to tuned AdamW; negative beats AdamW) and writes DIR/${SELECTED_FILE}.
  --top K           how many programs to re-evaluate (default ${DEFAULT_TOP})
  --task T          the validation task (default ${META_VALIDATION_ID}; any opt:* task)
  --instances N     instances per family of the validation task (default: the task's)
  --families A,B    score on these families of the validation task only (e.g. iris,digits,charlm)
  --gain-cap C      rank by family scores whose gains over AdamW count up to about C (as in
                    search --gain-cap; default 0: the plain mean)
  --baseline NAME   the baseline to beat: ${BASELINE_SEEDS.join(', ')} (default adamw)
  --decay MODE      tuned (default): every program, like every baseline, is tuned per family on
                    decoupled weight decay (update + d * lr * w, d in ${DECOUPLED_DECAY_GRID.join(', ')})
                    as well as on the learning rate; fixed: programs run as they are
  --backend B       auto (default), webgpu, cpu
  --json            print ${SELECTED_FILE}'s content instead of the table`;

const FLAGS = {
  top: { accepts: 'a positive integer' },
  task: { accepts: 'an optimizer task id (symdisc tasks lists them)' },
  instances: { accepts: 'a positive integer' },
  baseline: { accepts: BASELINE_SEEDS.join('|') },
  decay: { accepts: DECAY_MODES.join('|') },
  families: FAMILIES_FLAG,
  'gain-cap': GAIN_CAP_FLAG,
  backend: { accepts: BACKENDS.join('|') },
  json: { boolean: true, accepts: '' },
} as const;

/** A program of the run chosen for re-evaluation. */
export interface RunCandidate {
  /** Rank by search score, 1 = best. */
  readonly rank: number;
  readonly hash: string;
  /** Outputs on fixed inputs (the journal's), which equal programs share. */
  readonly fingerprint: string;
  readonly candidate: number;
  /** Canonical text (after fitting, when the evaluator fitted constants). */
  readonly program: string;
  readonly searchScore: number;
}

/** Simplifies exactly for telling funnel candidates apart (the precision does not matter there). */
const exactSimplification = programDisplay('f64');

/**
 * The `k` best valid programs of a run by search score, one per behaviour: a program whose
 * structural hash, fingerprint (outputs on fixed inputs), search measures or exact simplification
 * an earlier one had is left out, so variants that differ only in how they compute the same thing take one slot. Ties
 * keep journal order.
 */
export function topCandidates(run: Pick<RunData, 'journalPath' | 'candidates'>, k: number): RunCandidate[] {
  const c = run.candidates;
  const lines: number[] = [];
  for (let i = 0; i < c.count; i++) if (isValidAt(c, i) && Number.isFinite(c.score[i])) lines.push(i);
  lines.sort((a, b) => c.score[a] - c.score[b] || a - b);
  const seen = new Set<string>();
  const out: RunCandidate[] = [];
  for (const line of lines) {
    if (out.length >= k) break;
    if (seen.has(c.hash[line])) continue;
    seen.add(c.hash[line]);
    const entry = readEntry(run, line);
    // Same fingerprint, the very same measures (every training ended at the same loss), or the
    // same program once simplified exactly (state nobody reads, or dead code, apart): the search
    // task cannot tell them apart, so neither can a funnel slot.
    const measures = `measures:${JSON.stringify(entry.measures)}`;
    const simplified = `simplified:${exactSimplification.simplified(entry.fitted ?? entry.program)}`;
    if (seen.has(`fingerprint:${entry.fingerprint}`) || seen.has(measures) || seen.has(simplified)) continue;
    seen.add(`fingerprint:${entry.fingerprint}`);
    seen.add(measures);
    seen.add(simplified);
    out.push({ rank: out.length + 1, hash: entry.hash, fingerprint: entry.fingerprint, candidate: entry.candidate, program: entry.fitted ?? entry.program, searchScore: c.score[line] });
  }
  return out;
}

export interface SelectedProgram extends RunCandidate {
  readonly result: CandidateResult;
  /** Scores below the chosen baseline's on the validation task. */
  readonly beatsBaseline: boolean;
  /** Scores below every baseline's. */
  readonly beatsAllBaselines: boolean;
}

export interface Selection {
  readonly run: string;
  readonly searchTask: TaskRef;
  readonly task: TaskRef;
  readonly families: readonly string[];
  readonly baseline: string;
  /** Whether candidates were tuned on decoupled weight decay (the baselines always are). */
  readonly decay: DecayMode;
  readonly backend: string;
  readonly baselines: Readonly<Record<string, CandidateResult>>;
  /** Every re-evaluated program, best validation score first. */
  readonly candidates: readonly SelectedProgram[];
  /** Hashes of the programs that beat the baseline, best first. */
  readonly selected: readonly string[];
}

/** Scores the candidates and the baselines in one batch and decides which beat the baseline. */
export async function selectPrograms(
  run: { dir: string; task: TaskRef },
  candidates: readonly RunCandidate[],
  task: OptimizerTask,
  baseline: string,
  evaluate: (texts: readonly string[]) => Promise<CandidateResult[]>,
  backend: string,
  decay: DecayMode = 'tuned',
): Promise<Selection> {
  // Baselines tuned as the search's yardstick is: every weight-decay variant, best per family;
  // candidates (decay 'tuned') the same way, on the decoupled-decay grid.
  const baselineTexts = baselineVariantTexts().map((t) => t.text);
  const decays = decay === 'tuned' ? DECOUPLED_DECAY_GRID : [0];
  const variantTexts = candidates.flatMap((c) => decays.map((d) => printProgram(withDecoupledDecay(parseProgram(c.program), d))));
  const results = await evaluate([...baselineTexts, ...variantTexts]);
  const baselines = tunedBaselines(task, results.slice(0, baselineTexts.length));
  const bar = baselines[baseline].score;
  const best = Math.min(...BASELINE_SEEDS.map((name) => baselines[name].score));
  const scored: SelectedProgram[] = candidates.map((c, i) => {
    const start = baselineTexts.length + i * decays.length;
    const variants = decays.map((d, k) => ({ ...(decay === 'tuned' ? { decay: d } : {}), result: results[start + k] }));
    const result = decay === 'tuned' ? tunedResult(task, variants) : variants[0].result;
    const ok = result.valid && Number.isFinite(result.score);
    return { ...c, result, beatsBaseline: ok && result.score < bar, beatsAllBaselines: ok && result.score < best };
  });
  // Ranked by the validation score alone (invalid or non-finite last), search rank breaking ties.
  const validation = (s: SelectedProgram): number => (s.result.valid && Number.isFinite(s.result.score) ? s.result.score : Infinity);
  scored.sort((a, b) => (validation(a) === validation(b) ? 0 : validation(a) < validation(b) ? -1 : 1) || a.rank - b.rank);
  return {
    run: run.dir,
    searchTask: run.task,
    task: { id: task.id, options: task.options },
    families: task.families,
    baseline,
    decay,
    backend,
    baselines,
    candidates: scored,
    selected: scored.filter((s) => s.beatsBaseline).map((s) => s.hash),
  };
}

/** Statements changed between `program` and the AdamW seed, both as displayed in `precision`. */
export function distanceFromAdamw(program: string, precision: 'f32' | 'f64'): number | undefined {
  try {
    return programDistance(parseProgram(program), loadSeed('adamw'), precision);
  } catch {
    return undefined;
  }
}

/** How the score caps family gains, for the table's caption ('' for the plain mean). */
function gainCapNote(task: TaskRef): string {
  const c = task.options?.gainCap;
  return typeof c === 'number' && c > 0 ? `, each family's gain counted up to about ${c} (--gain-cap)` : '';
}

/** The table `select` prints: candidates (best first, `*` = beats the baseline), then the baselines. */
export function selectionLines(s: Selection): string[] {
  const label = BASELINE_LABELS[s.baseline] ?? s.baseline;
  const show = programDisplay(s.searchTask);
  const away = (program: string): string => {
    const d = distanceFromAdamw(program, show.precision);
    return d === undefined ? '' : `, ${d} from AdamW`;
  };
  const rows: ScoredRow[] = [
    ...s.candidates.map((c) => ({ name: `${c.beatsBaseline ? '*' : ' '} #${c.rank} ${c.hash.slice(0, 8)} (search ${formatLogRatio(c.searchScore)}${away(c.program)})`, result: c.result })),
    ...BASELINE_SEEDS.map((name) => ({ name: `  ${BASELINE_LABELS[name] ?? name}`, result: s.baselines[name] })),
  ];
  const options = Object.entries(s.task.options ?? {}).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  const lines = [
    `${s.task.id}${options ? ` (${options})` : ''}: ${s.candidates.length} best programs of ${s.run} (searched on ${s.searchTask.id}) beside the baselines`,
    `score = mean over families of the mean log ratio of final loss to tuned AdamW${gainCapNote(s.task)} (negative beats AdamW); * = beats ${label} (${formatLogRatio(s.baselines[s.baseline].score)}); N from AdamW = statements changed from the AdamW seed, as displayed${s.decay === 'tuned' ? '; programs and baselines tuned per family on learning rate and weight decay' : '; programs as they are (decay fixed), baselines tuned on learning rate and weight decay'}`,
    ...comparisonLines(s.families, rows).map((l) => `  ${l}`),
    '',
    `The programs ${SIMPLIFIED_CAPTION}:`,
    ...s.candidates.map((c) => `  #${c.rank} ${c.hash.slice(0, 8)}  ${displayLine(show.simplified(c.program))}`),
    '',
  ];
  const kept = s.candidates.filter((c) => c.beatsBaseline);
  if (kept.length === 0) {
    lines.push(`No program beats ${label} on ${s.task.id}.`);
  } else {
    const top = kept[0];
    const allBeaten = kept.filter((c) => c.beatsAllBaselines).length;
    lines.push(
      `${kept.length} of ${s.candidates.length} programs beat ${label} on ${s.task.id}${allBeaten > 0 ? ` (${allBeaten} beat every baseline)` : ''}; the best (#${top.rank}, hash ${top.hash}, score ${formatLogRatio(top.result.score)}${away(top.program)}; ${SIMPLIFIED_CAPTION}):`,
      ...show.simplified(top.program).trimEnd().split('\n').map((l) => `  ${l}`),
    );
    const decays = s.families.map((f) => top.result.measures[`decay.${f}`]);
    if (decays.some((d) => d !== undefined)) lines.push(`  tuned decoupled weight decay (update + d * lr * w) per family: ${s.families.map((f, i) => `${f} ${decays[i] ?? '-'}`).join(', ')}`);
  }
  return lines;
}

function readRunDir(dir: string): RunData {
  if (!existsSync(join(dir, CONFIG_FILE))) throw new UsageError(`select: ${dir} is not a run directory (no ${CONFIG_FILE})`);
  try {
    return readRun(dir);
  } catch (error) {
    if (error instanceof RunDirectoryError || error instanceof JournalCorruptError) throw new UsageError(`select: ${error.message}`);
    throw error;
  }
}

export const command: Command = {
  name: 'select',
  summary: 'funnel selection: re-evaluate a run\'s best optimizers on meta-validation tasks',
  usage,
  async run(argv) {
    const flags = parseFlags('select', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`select: expected one run directory, got ${flags.positional.length}; usage: symdisc select DIR [--top K] [--task T]`);
    const top = flags.values.has('top') ? positiveInteger('select', 'top', flags.values.get('top') as string) : DEFAULT_TOP;
    const baseline = oneOf('select', 'baseline', flags.values.get('baseline') ?? 'adamw', BASELINE_SEEDS);
    const backend = oneOf('select', 'backend', flags.values.get('backend') ?? 'auto', BACKENDS);
    const decay = oneOf('select', 'decay', flags.values.get('decay') ?? 'tuned', DECAY_MODES);
    const options: Record<string, number> = {};
    if (flags.values.has('instances')) options.instances = positiveInteger('select', 'instances', flags.values.get('instances') as string);
    const ref: TaskRef = withOptimizerTaskFlags('select', { id: flags.values.get('task') ?? META_VALIDATION_ID, ...(Object.keys(options).length > 0 ? { options } : {}) }, {
      families: flags.values.get('families'),
      gainCap: flags.values.get('gain-cap'),
    });
    let task;
    try {
      task = getTask(ref.id, ref.options ?? {});
    } catch (error) {
      if (error instanceof TaskError) throw new UsageError(`select: --task: ${error.message}`);
      throw error;
    }
    if (!isOptimizerTask(task)) throw new UsageError(`select: --task must be an optimizer task (opt:*), got '${task.id}'`);
    const dir = flags.positional[0];
    const run = readRunDir(dir);
    if (run.config.domain !== 'optimizer') throw new UsageError(`select: ${dir} is a ${run.config.domain} run (task ${run.config.task.id}); select re-evaluates optimizer runs`);
    const candidates = topCandidates(run, top);
    if (candidates.length === 0) throw new UsageError(`select: ${dir} has no valid program yet`);
    const evaluator = await createEvaluator({ backend, log: (line) => process.stderr.write(`${line}\n`) });
    let selection: Selection;
    try {
      process.stderr.write(`select: scoring ${candidates.length} programs${decay === 'tuned' ? ` (each at ${DECOUPLED_DECAY_GRID.length} decoupled weight decays)` : ''} and ${BASELINE_SEEDS.length} baselines on ${task.id}\n`);
      selection = await selectPrograms({ dir, task: run.config.task }, candidates, task, baseline, (texts) => evaluator.evaluate({ id: task.id, options: task.options }, texts), evaluator.info.description, decay);
    } finally {
      await evaluator.close();
    }
    const json = `${stringifyNumbers(selection, 2)}\n`;
    RunDirectory.open(dir).writeText(SELECTED_FILE, json);
    if (flags.booleans.has('json')) process.stdout.write(json);
    else process.stdout.write(`${[...selectionLines(selection), '', `Wrote ${join(dir, SELECTED_FILE)}`].join('\n')}\n`);
    return 0;
  },
};
