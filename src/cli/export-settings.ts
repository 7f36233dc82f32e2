/**
 * What `symdisc export DIR` exports from an optimizer run that `symdisc select` has been run on:
 * the selected rule (DIR/selected.json, the best by meta-validation of those that beat the
 * baseline; the best re-evaluated program when none did) and the learning rate that won there.
 *
 * The default learning rate: on each meta-validation family, the rule's best grid lr (`lr.<family>`)
 * divided by tuned AdamW's there; the geometric mean of those ratios, times the lr input at which the
 * AdamW seed (src/dsl/seeds/adamw.sym, `lr = lr * 0.001`) steps at AdamW's usual 1e-3, i.e. 1. So a
 * user who would start AdamW at its usual rate starts the discovered rule at the rate that stood in
 * the same relation to tuned AdamW during selection. Rounded to 3 significant digits.
 *
 * The weight decay: select tunes a decoupled decay `update + λ · lr · w` per family for every rule
 * (eval/tasks/optimizer/decoupled-decay.ts). A rule without a `w` term of its own is exported with
 * that term added at the median of its per-family λ (when that is not 0), so the export trains as
 * the rule did in selection and exposes the decay as its `weight_decay` argument.
 */
import { parseProgram } from '../dsl/parse.ts';
import type { Program } from '../dsl/program.ts';
import type { LearningRateDefault } from '../dsl/emit/optimizer-settings.ts';
import { loadSeed } from '../dsl/seeds/index.ts';
import { weightDecayTerm } from '../dsl/emit/optimizer-settings.ts';
import { DECOUPLED_DECAY_GRID, withDecoupledDecay } from '../eval/tasks/optimizer/decoupled-decay.ts';
import { RunDirectory, SELECTED_FILE } from '../run/run-directory.ts';

/** AdamW's usual learning rate (PyTorch's and optax's default). */
export const ADAMW_USUAL_LR = 1e-3;

/**
 * The lr input at which the AdamW seed steps at AdamW's usual learning rate: 1e-3 over the seed's
 * base (`lr = lr * 0.001`), so 1.
 */
export function adamwUsualLrInput(): number {
  const base = loadSeed('adamw').body.find((s) => s.target === 'lr' && s.op === 'mul' && s.args[0].kind === 'var' && s.args[0].name === 'lr' && s.args[1].kind === 'lit')?.args[1];
  return base?.kind === 'lit' ? Number((ADAMW_USUAL_LR / base.value).toPrecision(12)) : 1;
}

interface SelectedJson {
  readonly task?: { readonly id?: string };
  readonly families?: readonly string[];
  readonly baseline?: string;
  readonly baselines?: Readonly<Record<string, { readonly measures?: Readonly<Record<string, number>> }>>;
  readonly candidates?: readonly {
    readonly rank: number;
    readonly hash: string;
    readonly program: string;
    readonly result?: { readonly score?: number; readonly measures?: Readonly<Record<string, number>> };
  }[];
  readonly selected?: readonly string[];
}

export interface SelectedRule {
  readonly program: Program;
  readonly origin: string;
  readonly hash: string;
  /** Whether it beat the baseline at selection (false: no program did; this is the best re-evaluated). */
  readonly beatBaseline: boolean;
  readonly learningRate?: LearningRateDefault;
  /** The rule's best grid lr over tuned AdamW's, per family. */
  readonly ratios: Readonly<Record<string, number>>;
  /** The decoupled decay added to `program` (its first statement's literal) and how it was chosen. */
  readonly weightDecay?: { readonly value: number; readonly note: string };
}

const round3 = (x: number): number => Number(x.toPrecision(3));

/** The geometric mean of the per-family ratios of `rule`'s best lr to `adamw`'s (families with both). */
export function lrRatios(families: readonly string[], rule: Readonly<Record<string, number>>, adamw: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of families) {
    const r = rule[`lr.${f}`] / adamw[`lr.${f}`];
    if (Number.isFinite(r) && r > 0) out[f] = r;
  }
  return out;
}

export function geometricMean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** The default learning rate from per-family ratios (undefined when there are none). */
export function learningRateDefault(ratios: Readonly<Record<string, number>>, task: string): LearningRateDefault | undefined {
  const values = Object.values(ratios);
  if (values.length === 0) return undefined;
  const ratio = geometricMean(values);
  const usual = adamwUsualLrInput();
  const lr = round3(ratio * usual);
  return {
    lr,
    note: `the geometric mean over ${values.length} ${task} families of this rule's best grid lr divided by tuned AdamW's (${round3(ratio)}), times ${usual}, the lr at which the AdamW seed steps at AdamW's usual ${ADAMW_USUAL_LR} (symdisc select).`,
  };
}

/** The median (the lower one for an even count) of the per-family tuned decays `decay.<family>`; undefined without any. */
export function medianDecay(families: readonly string[], measures: Readonly<Record<string, number>>): number | undefined {
  const values = families.map((f) => measures[`decay.${f}`]).filter((x): x is number => Number.isFinite(x)).sort((a, b) => a - b);
  return values.length === 0 ? undefined : values[Math.floor((values.length - 1) / 2)];
}

/** The rule `select` chose in `dir`, or undefined when `dir` has no (readable) selected.json. */
export function selectedRule(dir: string): SelectedRule | undefined {
  if (!RunDirectory.isRun(dir)) return undefined;
  const s = RunDirectory.open(dir).readJson<SelectedJson>(SELECTED_FILE);
  if (!s || !Array.isArray(s.candidates) || s.candidates.length === 0) return undefined;
  const chosenHash = s.selected?.[0];
  const chosen = s.candidates.find((c) => c.hash === chosenHash) ?? s.candidates[0];
  const task = s.task?.id ?? 'meta-validation';
  const ratios = lrRatios(s.families ?? [], chosen.result?.measures ?? {}, s.baselines?.adamw?.measures ?? {});
  const learningRate = learningRateDefault(ratios, task);
  const origin = `${RunDirectory.open(dir).path(SELECTED_FILE)} (#${chosen.rank} by search score, hash ${chosen.hash}${chosen.result?.score !== undefined ? `, ${task} score ${chosen.result.score.toFixed(3)}` : ''})`;
  const program = parseProgram(chosen.program, origin);
  const families = s.families ?? [];
  const decay = weightDecayTerm(program) === undefined ? medianDecay(families, chosen.result?.measures ?? {}) : undefined;
  const weightDecay =
    decay !== undefined && decay > 0
      ? { value: decay, note: `(decoupled: update + C * lr * w, lr and w as the program gets them): the median over ${families.length} ${task} families of the decay select tuned on each, from ${DECOUPLED_DECAY_GRID.map((x) => (x === 0 ? '0' : x.toExponential())).join(', ')}.` }
      : undefined;
  return {
    program: weightDecay ? withDecoupledDecay(program, weightDecay.value) : program,
    origin,
    hash: chosen.hash,
    beatBaseline: chosenHash !== undefined && chosen.hash === chosenHash,
    ...(learningRate ? { learningRate } : {}),
    ratios,
    ...(weightDecay ? { weightDecay } : {}),
  };
}
