/**
 * Regularized (aging) evolution (Real et al. 2019), as the Lion search ran it: pick T members at
 * random, mutate the best of them, add the child, and remove the oldest member. With batches, a
 * whole batch is asked from the same population, then told; the oldest leave after each tell.
 */
import type { Breeder, Child, Individual } from '../individual.ts';
import type { Rng } from '../rng.ts';
import { breedChildren, byScore, restartPopulation } from './strategy.ts';
import type { RegularizedState, Strategy } from './strategy.ts';

export function initialRegularized(size: number, tournament: number, seeds: readonly string[]): RegularizedState {
  return { kind: 'regularized', population: [], size, tournament, seeds: [...seeds], seedCursor: 0, restarts: 0 };
}

export class RegularizedEvolution implements Strategy {
  constructor(readonly state: RegularizedState) {}

  ask(n: number, rng: Rng, breeder: Breeder): Child[] {
    return breedChildren(this.state, n, rng, breeder, (population) => {
      let winner = population[rng.int(population.length)];
      for (let t = 1; t < this.state.tournament; t++) {
        const contender = population[rng.int(population.length)];
        if (byScore(contender, winner) < 0) winner = contender;
      }
      return winner;
    });
  }

  tell(scored: readonly Individual[]): void {
    this.state.population.push(...scored);
    const excess = this.state.population.length - this.state.size;
    if (excess > 0) this.state.population.splice(0, excess);
  }

  /** Migrants join as the youngest; more than the population holds, only its size of the best. */
  immigrate(migrants: readonly Individual[]): void {
    this.tell(migrants.length > this.state.size ? [...migrants].sort(byScore).slice(0, this.state.size).sort((a, b) => a.born - b.born) : migrants);
  }

  elite(k: number): Individual[] {
    return [...this.state.population].sort(byScore).slice(0, k);
  }

  restart(seeds: readonly string[]): void {
    restartPopulation(this.state, seeds);
  }
}
