/**
 * The ancestry of a program in a run: from a candidate back through its parents to a seed (or to a
 * parent that is no longer in the journal), each step with its mutation and score change.
 *
 * The journal records each child's parent by the parent's structural hash as adopted, i.e. after
 * the evaluator fitted its constants; a line's own `hash` is that of the program as sent. So a
 * parent is the latest earlier line whose adopted program has that hash: its own hash when it was
 * not fitted, else the hash of its fitted text (computed only for the lines a walk visits).
 */
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import type { Origin } from '../evolve/individual.ts';
import { isFittedAt, lineOfCandidate, readEntry } from './run-reader.ts';
import type { RunData } from './run-reader.ts';

export interface LineageStep {
  /** Candidate number and journal line. */
  readonly candidate: number;
  readonly line: number;
  readonly batch: number;
  readonly island: number;
  readonly mutation: Origin;
  /** The program as adopted (fitted text when the evaluator fitted it). */
  readonly program: string;
  /** Structural hash of `program`. */
  readonly hash: string;
  readonly score: number;
  /** score minus the parent's score; undefined for the first step. */
  readonly change?: number;
}

export interface Lineage {
  /** Oldest first; the last step is the program asked about. */
  readonly steps: readonly LineageStep[];
  /** Why the walk stopped: a seed (no parent), or a parent hash not found in the journal. */
  readonly origin: 'seed' | 'missing-parent';
}

/** The adopted hash of journal lines, computed lazily. */
export class AdoptedHashes {
  private readonly memo = new Map<number, string>();

  constructor(private readonly run: Pick<RunData, 'journalPath' | 'candidates'>) {}

  at(k: number): string {
    const c = this.run.candidates;
    if (!isFittedAt(c, k)) return c.hash[k];
    let h = this.memo.get(k);
    if (h === undefined) {
      const fitted = readEntry(this.run, k).fitted;
      h = fitted === undefined ? c.hash[k] : structuralHash(parseProgram(fitted));
      this.memo.set(k, h);
    }
    return h;
  }

  /** The latest line before `before` whose adopted program has hash `hash`, or -1. */
  latestBefore(hash: string, before: number): number {
    for (let k = before - 1; k >= 0; k--) if (this.at(k) === hash) return k;
    return -1;
  }
}

/** The lineage of the program at journal line `line`. */
export function lineageOfLine(run: Pick<RunData, 'journalPath' | 'candidates'>, line: number, hashes = new AdoptedHashes(run)): Lineage {
  const c = run.candidates;
  const chain: number[] = [];
  let k = line;
  let origin: Lineage['origin'] = 'seed';
  // Parents are always earlier lines, so the walk ends.
  for (;;) {
    chain.push(k);
    const parent = c.parent[k];
    if (parent === null) break;
    const p = hashes.latestBefore(parent, k);
    if (p < 0) {
      origin = 'missing-parent';
      break;
    }
    k = p;
  }
  chain.reverse();
  const steps: LineageStep[] = chain.map((j, i) => {
    const e = readEntry(run, j);
    const score = e.valid ? e.score : Infinity;
    const previous = i > 0 ? chain[i - 1] : undefined;
    return {
      candidate: e.candidate,
      line: j,
      batch: e.batch,
      island: e.island,
      mutation: e.mutation,
      program: e.fitted ?? e.program,
      hash: hashes.at(j),
      score,
      ...(previous !== undefined ? { change: score - (c.flags[previous] & 1 ? c.score[previous] : Infinity) } : {}),
    };
  });
  return { steps, origin };
}

/** The lineage of candidate number `candidate`. */
export function lineageOfCandidate(run: Pick<RunData, 'journalPath' | 'candidates'>, candidate: number): Lineage | undefined {
  const line = lineOfCandidate(run.candidates, candidate);
  return line < 0 ? undefined : lineageOfLine(run, line);
}

/**
 * The lineage of the program with this structural hash (or unique hash prefix): the front entry
 * with that hash if there is one (it names the candidate that found it), else the latest line whose
 * adopted program has it. Undefined when no line matches; throws on an ambiguous prefix.
 */
export function lineageOfHash(run: RunData, hash: string): Lineage | undefined {
  const wanted = hash.toLowerCase();
  const fromFront = run.front.entries.filter((e) => e.hash.startsWith(wanted));
  const distinct = new Set(fromFront.map((e) => e.hash));
  if (distinct.size > 1) throw new AmbiguousHashError(`hash prefix '${hash}' matches ${distinct.size} programs on the front: ${[...distinct].join(', ')}`);
  if (fromFront.length > 0) return lineageOfCandidate(run, fromFront[0].candidate);
  const hashes = new AdoptedHashes(run);
  const found = new Set<string>();
  let latest = -1;
  for (let k = run.candidates.count - 1; k >= 0; k--) {
    const h = hashes.at(k);
    if (h.startsWith(wanted)) {
      found.add(h);
      if (latest < 0) latest = k;
    }
  }
  if (found.size > 1) throw new AmbiguousHashError(`hash prefix '${hash}' matches ${found.size} programs: ${[...found].slice(0, 5).join(', ')}${found.size > 5 ? ', …' : ''}`);
  return latest < 0 ? undefined : lineageOfLine(run, latest, hashes);
}

/** A hash prefix that names more than one program: a user error (one line, exit 2). */
export class AmbiguousHashError extends Error {
  override readonly name = 'AmbiguousHashError';
}
