/**
 * Tuned baselines, the yardstick of fitness.ts. Every baseline seed is tuned per family on the
 * family's learning-rate grid, and a seed with a decoupled weight-decay term (`wd = w * C`: AdamW,
 * Lion) on a weight-decay grid too, by rewriting that literal: the Lion paper tuned learning rate
 * and weight decay for every baseline, so a candidate has to beat a fair AdamW, not one handicapped
 * by a decay chosen for another problem (on training loss, AdamW's 0.01 only loses; on held-out
 * loss it may win).
 *
 * Tuned AdamW (every variant × every grid lr) is deterministic (seed programs compiled for
 * float32, on seeded instances) and computed once per process and task, then cached: the first
 * candidate a worker scores on a task pays five candidates' worth of training, none after.
 */
import { compileRule } from './trainer.ts';
import type { CompiledProgram } from '../../../dsl/compile.ts';
import { lit, statement, withBody } from '../../../dsl/program.ts';
import type { Program } from '../../../dsl/program.ts';
import { loadSeed } from '../../../dsl/seeds/index.ts';
import type { Sizing } from './family.ts';
import { getFamily } from './families/index.ts';
import { tuneBaselineOver } from './fitness.ts';
import type { Baseline } from './fitness.ts';
import { decoupledDecayVariants } from './decoupled-decay.ts';
import { trainGrid } from './grid.ts';
import { buildInstances } from './instances.ts';

/** The seed every score is relative to. */
export const BASELINE_SEED = 'adamw';

/**
 * Weight decays each baseline with a decay term is tuned over (its `wd = w * C` literal), in tie
 * order. Lion's decay multiplies a sign (|update| = 1) and a 10× smaller base lr, so its useful
 * decays are about 10× AdamW's (Lion's users take 3-10× larger decay).
 */
export const WEIGHT_DECAY_GRID: Readonly<Record<string, readonly number[]>> = Object.freeze({
  adamw: Object.freeze([0, 1e-4, 1e-3, 1e-2, 1e-1]),
  lion: Object.freeze([0, 1e-3, 1e-2, 1e-1, 1]),
});

/** The index of a program's decoupled weight-decay statement `wd = w * C` (C a literal), or -1. */
export function weightDecayStatement(p: Program): number {
  return p.body.findIndex((s) => s.target === 'wd' && s.op === 'mul' && s.args.length === 2 && s.args[0].kind === 'var' && s.args[0].name === 'w' && s.args[1].kind === 'lit');
}

/** `p` with its weight-decay literal set to `wd`; throws when it has no `wd = w * C` statement. */
export function withWeightDecay(p: Program, wd: number): Program {
  const k = weightDecayStatement(p);
  if (k < 0) throw new Error('withWeightDecay: the program has no `wd = w * C` statement');
  const s = p.body[k];
  return withBody(p, p.body.map((x, i) => (i === k ? statement(s.target, s.op, [s.args[0], lit(wd)]) : x)));
}

/**
 * One setting a baseline is tried with: the weight decay of its own `wd = w * C` term, or (a seed
 * without one) the decoupled decay added to it (decoupled-decay.ts).
 */
export interface BaselineVariantProgram {
  readonly weightDecay?: number;
  readonly decay?: number;
  readonly program: Program;
}

/**
 * The programs baseline seed `name` is tuned over: one per weight decay of its grid (AdamW, Lion:
 * their own decay literal), else one per decoupled decay (Adam, SGD, SGD-momentum, RMSProp), so
 * every baseline is tuned on learning rate and weight decay, as the Lion paper's were.
 */
export function baselineVariants(name: string): readonly BaselineVariantProgram[] {
  const seed = loadSeed(name);
  const grid = WEIGHT_DECAY_GRID[name];
  if (!grid || weightDecayStatement(seed) < 0) return decoupledDecayVariants(seed).map((d) => ({ decay: d.weightDecay, program: d.program }));
  return grid.map((weightDecay) => ({ weightDecay, program: withWeightDecay(seed, weightDecay) }));
}

let adamwRules: { readonly weightDecay: number; readonly rule: CompiledProgram }[] | undefined;
const cache = new Map<string, Baseline>();

/** Tuned AdamW (lr and weight decay) on instances 0..count-1 of `family` with this seed and sizing. */
export function adamwBaseline(family: string, seed: number, count: number, sizing: Sizing): Baseline {
  const key = `${family}/${sizing}/${seed}/${count}`;
  let b = cache.get(key);
  if (!b) {
    adamwRules ??= baselineVariants(BASELINE_SEED).map((v) => ({ weightDecay: v.weightDecay ?? 0, rule: compileRule(v.program, 'f32') }));
    const fam = getFamily(family);
    const instances = buildInstances(family, seed, count, sizing);
    const variants = adamwRules.map((v) => ({ weightDecay: v.weightDecay, results: trainGrid(v.rule, fam, instances) }));
    b = tuneBaselineOver(fam.lrGrid[sizing], variants, fam.lossFloor);
    cache.set(key, b);
  }
  return b;
}
