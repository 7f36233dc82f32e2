/** Rebuilds the strategy object for a saved state. */
import { Nsga2 } from './nsga2.ts';
import { RegularizedEvolution } from './regularized.ts';
import type { Strategy, StrategyState } from './strategy.ts';

export function strategyFor(state: StrategyState): Strategy {
  return state.kind === 'regularized' ? new RegularizedEvolution(state) : new Nsga2(state);
}

export { initialNsga2 } from './nsga2.ts';
export { initialRegularized } from './regularized.ts';
export type { Nsga2State, RegularizedState, Strategy, StrategyKind, StrategyState } from './strategy.ts';
