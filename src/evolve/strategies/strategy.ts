/**
 * The ask/tell interface every strategy implements, and the state they share. A strategy's whole
 * state is a plain object (JSON-safe) that the strategy mutates in place; a checkpoint is that
 * object serialised, and a strategy is rebuilt from it with `strategyFor(state)`.
 */
import type { Breeder, Child, Individual } from '../individual.ts';
import type { Rng } from '../rng.ts';

export interface PopulationState {
  /** Members, oldest first. */
  population: Individual[];
  /** Target population size. */
  size: number;
  /** Programs the population is (re)filled from while it is below `size`. */
  seeds: string[];
  /** How many fill children have been made from `seeds` since the last (re)start. */
  seedCursor: number;
  /** Restarts so far (fill copies after a restart are marked `restart`, not `seed`). */
  restarts: number;
}

export interface RegularizedState extends PopulationState {
  readonly kind: 'regularized';
  tournament: number;
}

export interface Nsga2State extends PopulationState {
  readonly kind: 'nsga2';
}

export type StrategyState = RegularizedState | Nsga2State;
export type StrategyKind = StrategyState['kind'];

export interface Strategy {
  readonly state: StrategyState;
  /** `n` children, chosen with `rng` (the island's) and made by `breeder`. */
  ask(n: number, rng: Rng, breeder: Breeder): Child[];
  /** The scored children of the last ask, in order. */
  tell(scored: readonly Individual[]): void;
  /** Migrants from another island join the population. */
  immigrate(migrants: readonly Individual[]): void;
  /** The best members, at most `k` (lowest score; for NSGA-II, the first front's best scores). */
  elite(k: number): Individual[];
  /** Empties the population; it refills from `seeds`. */
  restart(seeds: readonly string[]): void;
}

/** Empties the population so that it refills from `seeds` (a restart; no seeds keeps the old ones). */
export function restartPopulation(state: PopulationState, seeds: readonly string[]): void {
  state.population = [];
  if (seeds.length > 0) state.seeds = [...seeds];
  state.seedCursor = 0;
  state.restarts++;
}

/**
 * Fill children while the population is short of its size: the seed programs themselves first
 * (each once), then mutants of the seeds in turn.
 */
export function fillChildren(state: PopulationState, n: number, breeder: Breeder): Child[] {
  const origin = state.restarts > 0 ? 'restart' : 'seed';
  const children: Child[] = [];
  const deficit = Math.max(0, state.size - state.population.length);
  for (let i = 0; i < Math.min(n, deficit) && state.seeds.length > 0; i++) {
    const k = state.seedCursor++;
    const seed = state.seeds[k % state.seeds.length];
    children.push(k < state.seeds.length ? breeder.copy(seed, origin) : breeder.mutant(seed));
  }
  return children;
}

/**
 * A batch of children: seeds while the population fills, then mutants of parents picked by
 * `selectParent` (each strategy's own tournament); an empty population mutates a random seed.
 */
export function breedChildren(
  state: PopulationState,
  n: number,
  rng: Rng,
  breeder: Breeder,
  selectParent: (population: readonly Individual[], rng: Rng) => Individual,
): Child[] {
  const children = fillChildren(state, n, breeder);
  if (children.length < n && state.population.length === 0 && state.seeds.length === 0) {
    throw new Error('strategy: nothing to breed from (no members and no seed programs)');
  }
  while (children.length < n) {
    const parent = state.population.length === 0 ? state.seeds[rng.int(state.seeds.length)] : selectParent(state.population, rng).program;
    children.push(breeder.mutant(parent));
  }
  return children;
}

/** Lowest objectives[0] first, ties by age (older first), for a deterministic order. */
export function byScore(a: Individual, b: Individual): number {
  const d = a.objectives[0] - b.objectives[0];
  if (d < 0 || (Number.isFinite(a.objectives[0]) && !Number.isFinite(b.objectives[0]))) return -1;
  if (d > 0 || (!Number.isFinite(a.objectives[0]) && Number.isFinite(b.objectives[0]))) return 1;
  return a.born - b.born;
}
