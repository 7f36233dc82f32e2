/**
 * NSGA-II (Deb et al. 2002) over the task's objectives, as AutoNumerics-Zero searches error × cost:
 * parents by binary tournament on (front, crowding distance), children by mutation only, and the
 * next population chosen from parents and children by non-dominated sorting and crowding.
 */
import type { Breeder, Child, Individual } from '../individual.ts';
import { crowdedBetter, selectSurvivors } from '../pareto.ts';
import type { Rng } from '../rng.ts';
import { breedChildren, byScore, restartPopulation } from './strategy.ts';
import type { Nsga2State, Strategy } from './strategy.ts';

export function initialNsga2(size: number, seeds: readonly string[]): Nsga2State {
  return { kind: 'nsga2', population: [], size, seeds: [...seeds], seedCursor: 0, restarts: 0 };
}

export class Nsga2 implements Strategy {
  constructor(readonly state: Nsga2State) {}

  ask(n: number, rng: Rng, breeder: Breeder): Child[] {
    return breedChildren(this.state, n, rng, breeder, (population) => {
      const a = population[rng.int(population.length)];
      const b = population[rng.int(population.length)];
      return crowdedBetter(a.rank ?? 0, a.crowding ?? 0, b.rank ?? 0, b.crowding ?? 0) ? a : b;
    });
  }

  tell(scored: readonly Individual[]): void {
    const merged = [...this.state.population, ...scored];
    // Below the target size (filling) everyone stays, but ranks are still computed for tournaments.
    const size = Math.min(this.state.size, merged.length);
    const { survivors, rank, crowding } = selectSurvivors(
      merged.map((m) => m.objectives),
      size,
    );
    // Keep survivors in birth order so the state does not depend on sort internals.
    const kept = survivors.map((i, j) => ({ ...merged[i], rank: rank[j], crowding: crowding[j] }));
    kept.sort((x, y) => x.born - y.born);
    this.state.population = kept;
  }

  immigrate(migrants: readonly Individual[]): void {
    this.tell(migrants);
  }

  elite(k: number): Individual[] {
    const front = this.state.population.filter((m) => (m.rank ?? 0) === 0);
    return front.sort(byScore).slice(0, k);
  }

  restart(seeds: readonly string[]): void {
    restartPopulation(this.state, seeds);
  }
}
