/**
 * NSGA-II's building blocks (Deb et al. 2002) over objective vectors to minimise: fast
 * non-dominated sorting and crowding distance, plus the survivor selection that combines them.
 * Non-finite objectives (invalid candidates score Infinity) are dominated by every finite vector
 * and contribute no crowding distance.
 */

/** `a` dominates `b`: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (x > y || (Number.isNaN(x) && !Number.isNaN(y))) return false;
    if (x < y) better = true;
  }
  return better;
}

/** Fronts of indices into `points`: front 0 is non-dominated, front 1 is dominated only by front 0, … */
export function nonDominatedSort(points: readonly (readonly number[])[]): number[][] {
  const n = points.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const dominationCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i], points[j])) {
        dominatedBy[i].push(j);
        dominationCount[j]++;
      } else if (dominates(points[j], points[i])) {
        dominatedBy[j].push(i);
        dominationCount[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [];
  for (let i = 0; i < n; i++) if (dominationCount[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i]) if (--dominationCount[j] === 0) next.push(j);
    }
    next.sort((a, b) => a - b);
    current = next;
  }
  return fronts;
}

/**
 * Crowding distance of each member of one front (same order as `front`): the sum over objectives of
 * the normalised gap between its neighbours; the extremes of each objective get Infinity.
 */
export function crowdingDistance(points: readonly (readonly number[])[], front: readonly number[]): number[] {
  const m = front.length;
  const distance = new Array<number>(m).fill(0);
  if (m === 0) return distance;
  const objectives = points[front[0]].length;
  for (let k = 0; k < objectives; k++) {
    // Stable order: by value, ties by index, so the result never depends on the sort algorithm.
    const order = [...Array(m).keys()].sort((a, b) => points[front[a]][k] - points[front[b]][k] || front[a] - front[b]);
    const lo = points[front[order[0]]][k];
    const hi = points[front[order[m - 1]]][k];
    if (!Number.isFinite(lo)) continue;
    distance[order[0]] = Infinity;
    if (!Number.isFinite(hi)) {
      // Only the finite part of this objective spreads the front.
      continue;
    }
    distance[order[m - 1]] = Infinity;
    const range = hi - lo;
    if (!(range > 0)) continue;
    for (let r = 1; r < m - 1; r++) {
      const gap = points[front[order[r + 1]]][k] - points[front[order[r - 1]]][k];
      if (Number.isFinite(gap)) distance[order[r]] += gap / range;
    }
  }
  return distance;
}

export interface Ranked {
  /** Indices into the points, in survivor order. */
  readonly survivors: number[];
  /** Front number of each survivor (same order). */
  readonly rank: number[];
  readonly crowding: number[];
}

/** NSGA-II survivor selection: whole fronts while they fit, then the least crowded of the next. */
export function selectSurvivors(points: readonly (readonly number[])[], size: number): Ranked {
  const survivors: number[] = [];
  const rank: number[] = [];
  const crowding: number[] = [];
  const fronts = nonDominatedSort(points);
  for (let f = 0; f < fronts.length && survivors.length < size; f++) {
    const front = fronts[f];
    const distance = crowdingDistance(points, front);
    let members = [...front.keys()];
    if (survivors.length + front.length > size) {
      members = members.sort((a, b) => distance[b] - distance[a] || front[a] - front[b]).slice(0, size - survivors.length);
    }
    for (const j of members) {
      survivors.push(front[j]);
      rank.push(f);
      crowding.push(distance[j]);
    }
  }
  return { survivors, rank, crowding };
}

/** NSGA-II's crowded comparison: lower rank wins, then larger crowding distance. */
export function crowdedBetter(rankA: number, crowdA: number, rankB: number, crowdB: number): boolean {
  return rankA < rankB || (rankA === rankB && crowdA > crowdB);
}
