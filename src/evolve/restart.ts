/**
 * Restarts (Lion's search): an island whose best has not improved for `restartAfter` of its
 * evaluated candidates empties its population and refills it from seeds: the run's initial
 * programs, or the best programs found so far (the search then keeps moving from where it got,
 * with a fresh population around it instead of one that has converged), or each in turn.
 */
import type { ArchiveEntry } from './archive.ts';

export const RESTART_FROM = ['best', 'initial', 'alternate'] as const;
/** `alternate`: initial programs at even restarts, best-so-far at odd ones (the first restarts from the initial programs). */
export type RestartFrom = (typeof RESTART_FROM)[number];

/** Best-so-far programs a restart seeds the population with. */
export const RESTART_SEEDS = 8;

/**
 * The programs restart number `restarts` (0-based, over the run) refills from. Best-so-far: the
 * `RESTART_SEEDS` lowest scores of the archive (ties in archive order); with an empty archive,
 * the initial programs.
 */
export function restartSeeds(from: RestartFrom, restarts: number, archive: readonly ArchiveEntry[], initial: readonly string[]): string[] {
  const fromBest = archive.length > 0 && (from === 'best' || (from === 'alternate' && restarts % 2 === 1));
  if (!fromBest) return [...initial];
  return [...archive].sort((a, b) => a.score - b.score).slice(0, RESTART_SEEDS).map((e) => e.program);
}
