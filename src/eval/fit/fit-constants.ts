/**
 * Fits a program's numeric constants to minimise the max error over a point set. The caller
 * supplies the residuals (see objective.ts); two methods, comparable on the same budget:
 *
 * - 'cmaes': CMA-ES on the max error with IPOP restarts (AutoNumerics-Zero's choice);
 * - 'lm-minimax': Levenberg-Marquardt on the squared residuals, then Lawson reweighting toward
 *   the minimax solution.
 *
 * Both return the best point they evaluated, so the result is never worse than `initial`.
 */
import { cmaes } from './cmaes.ts';
import { lmMinimax } from './lm-minimax.ts';
import { CountingObjective, type FitObjective, type FitOptions, type FitResult } from './objective.ts';

export type { FitMethod, FitObjective, FitOptions, FitResult } from './objective.ts';

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
    default:
      throw new Error(`fitConstants: unknown method '${String(options.method)}' (cmaes, lm-minimax)`);
  }
  return counted.result();
}
