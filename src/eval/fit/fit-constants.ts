/**
 * Fits a program's numeric constants to minimise the max error over a point set. The caller
 * supplies the residuals (see objective.ts); two methods, comparable on the same budget:
 *
 * - 'cmaes': CMA-ES on the max error with IPOP restarts (AutoNumerics-Zero's choice);
 * - 'lm-minimax': Levenberg-Marquardt on the squared residuals, then Lawson reweighting toward
 *   the minimax solution.
 *
 * - 'polish': the effort a program gets when it enters the front (evolve/polish.ts): half the
 *   budget on lm-minimax split over POLISH_RUNS perturbed starts, the rest on CMA-ES with
 *   population 128 (AutoNumerics-Zero's) from the best point so far, with a small relative step
 *   and IPOP restarts until the budget is spent or the error stops falling.
 *
 * All return the best point they evaluated, so the result is never worse than `initial`.
 */
import { cmaes } from './cmaes.ts';
import { lmMinimax } from './lm-minimax.ts';
import { CountingObjective, type FitObjective, type FitOptions, type FitResult } from './objective.ts';

export type { FitMethod, FitObjective, FitOptions, FitResult } from './objective.ts';

export const POLISH_RUNS = 8;
export const POLISH_POPULATION = 128;
/** CMA-ES's first step in polish, relative to each constant: the start is already near an optimum. */
export const POLISH_SIGMA = 0.01;

export function fitConstants(objective: FitObjective, initial: Float64Array, options: FitOptions): FitResult {
  if (!(options.budget >= 1)) throw new Error(`fitConstants: budget must be >= 1, got ${options.budget}`);
  if (initial.some((c) => !Number.isFinite(c))) throw new Error('fitConstants: initial constants must be finite');
  const counted = new CountingObjective(objective, initial);
  const targetError = options.targetError ?? 0;
  switch (options.method) {
    case 'cmaes':
      cmaes(counted, initial, { sigma0: options.sigma0 ?? 0.3, budget: options.budget, seed: options.seed, targetError });
      break;
    case 'lm-minimax':
      lmMinimax(counted, initial, { budget: options.budget, targetError, seed: options.seed, ...(options.runs && options.runs > 1 ? { runBudget: Math.ceil(options.budget / options.runs) } : {}) });
      break;
    case 'polish': {
      const lmBudget = Math.max(1, Math.floor(options.budget / 2));
      lmMinimax(counted, initial, { budget: lmBudget, targetError, seed: options.seed, runBudget: Math.ceil(lmBudget / POLISH_RUNS) });
      cmaes(counted, Float64Array.from(counted.bestConstants), { sigma0: POLISH_SIGMA, budget: options.budget, seed: options.seed, targetError, populationSize: POLISH_POPULATION });
      break;
    }
    default:
      throw new Error(`fitConstants: unknown method '${String(options.method)}' (cmaes, lm-minimax, polish)`);
  }
  return counted.result();
}
