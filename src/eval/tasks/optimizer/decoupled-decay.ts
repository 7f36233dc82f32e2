/**
 * Decoupled weight decay as a training hyperparameter, tuned per family like the learning rate,
 * for every optimizer alike: the Lion paper tuned learning rate and weight decay for each baseline
 * and for Lion on each task. A rule P with decay λ computes `update + λ · lr · w`, where `lr` and
 * `w` are its inputs as given (before the program rescales or reassigns them), so the decay's
 * scale does not depend on how the program scales its own step.
 *
 * DECOUPLED_DECAY_GRID is AdamW's weight-decay grid times its base learning rate 0.001 (and
 * Lion's times its 0.0001): AdamW with its own `wd = w * C` literal at 0 and decay λ = 0.001 · C
 * computes AdamW with decay C, up to float32 rounding. Tuned AdamW, the yardstick of fitness.ts,
 * is unchanged; the other baselines and, in funnel selection (cli/select.ts), every candidate get
 * the same grid, so a rule that drops its decay term during search gets it back, tuned, before it
 * is compared with an AdamW whose decay was tuned.
 */
import { freshName, lit, program, statement, v } from '../../../dsl/program.ts';
import type { Program } from '../../../dsl/program.ts';

/** Decays per unit of the lr input, in tie order (0 first: the program as it is). */
export const DECOUPLED_DECAY_GRID: readonly number[] = Object.freeze([0, 1e-7, 1e-6, 1e-5, 1e-4]);

/** `p` with decoupled decay λ added to its update (its first output); `p` itself when λ is 0. */
export function withDecoupledDecay(p: Program, decay: number): Program {
  if (p.domain !== 'optimizer') throw new Error(`withDecoupledDecay: an optimizer program is needed, got a ${p.domain} program`);
  if (!(decay >= 0) || !Number.isFinite(decay)) throw new Error(`withDecoupledDecay: decay must be a finite number >= 0, got ${decay}`);
  if (decay === 0) return p;
  const d = freshName(p, 'decay', true);
  const update = p.outputs[0];
  return program(
    p.domain,
    [statement(d, 'mul', [v('w'), lit(decay)]), statement(d, 'mul', [v(d), v('lr')]), ...p.body, statement(update, 'add', [v(update), v(d)])],
    p.outputs,
  );
}

/** One setting of a rule's decay and the program that computes it. */
export interface DecayVariant {
  readonly weightDecay: number;
  readonly program: Program;
}

/** `p` at every decay of the grid, in grid order. */
export function decoupledDecayVariants(p: Program): readonly DecayVariant[] {
  return DECOUPLED_DECAY_GRID.map((weightDecay) => ({ weightDecay, program: withDecoupledDecay(p, weightDecay) }));
}
