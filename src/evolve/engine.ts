/**
 * The search core: islands of one strategy, asked for a batch of children and told their results.
 * It holds all its state in one plain object (`SearchState`), changed only by `ask` (RNG draws,
 * retry counts, fill cursors) and `tell`; serialised at a batch boundary, that object is a
 * checkpoint. Nothing here knows how results are computed or where they are stored.
 */
import type { CandidateResult } from '../eval/evaluator.ts';
import { displayText } from '../dsl/display.ts';
import { fingerprint } from '../dsl/fingerprint.ts';
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import type { Program } from '../dsl/program.ts';
import type { Domain } from '../dsl/signature.ts';
import { Lru } from '../util/lru.ts';
import { archiveAccepts, archiveInsert } from './archive.ts';
import { isHurdleFailure, recordHurdles } from './hurdle.ts';
import type { HurdleState } from './hurdle.ts';
import type { ArchiveEntry } from './archive.ts';
import type { Breeder, Child, Individual, Origin } from './individual.ts';
import { mutate } from './mutate/index.ts';
import type { RetryCounts } from './mutate/index.ts';
import { restartSeeds } from './restart.ts';
import { Rng } from './rng.ts';
import type { RngState } from './rng.ts';
import type { SearchSettings, StopSettings } from './settings.ts';
import { initialNsga2, initialRegularized, strategyFor } from './strategies/index.ts';
import type { Strategy, StrategyState } from './strategies/index.ts';
import type { SearchSpace } from './search-space.ts';
import { makeVocabulary } from './vocabulary.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface IslandState {
  strategy: StrategyState;
  rng: RngState;
  /** Candidates this island has produced. */
  candidates: number;
  /** Its best score so far (null before any valid one) and the island candidate count then. */
  best: number | null;
  bestAt: number;
}

export interface SearchState {
  readonly version: 1;
  readonly domain: Domain;
  readonly objectives: readonly string[];
  /** Programs the run started from (canonical text); restarts return to them. */
  readonly initial: readonly string[];
  /** The batch the next `ask` makes. */
  nextBatch: number;
  /** Children scored so far (evaluated or from the cache). */
  candidates: number;
  /** Children actually evaluated (cache misses). */
  evaluations: number;
  cacheHits: number;
  retries: RetryCounts;
  /** `evaluations` when the front last changed. */
  lastImprovement: number;
  restarts: number;
  islands: IslandState[];
  /** Pareto front by cost (best program at each cost). */
  archive: ArchiveEntry[];
  /** Wall-clock milliseconds spent over all sessions, as of the last checkpoint. */
  elapsedMs: number;
  stop: StopSettings;
  /** The hurdles' running window (hurdle.ts), when the search has hurdles. */
  hurdle?: HurdleState;
}

/** A child as asked, with what the run loop needs to journal and cache it. */
export interface PendingChild extends Child {
  readonly island: number;
  readonly hash: string;
  readonly fingerprint: string;
  /** The parent's structural hash (null for a seed). */
  readonly parentHash: string | null;
}

export interface Outcome {
  readonly result: CandidateResult;
  readonly cacheHit: boolean;
}

export interface TellReport {
  /** Whether the archive (front) changed. */
  readonly frontChanged: boolean;
}

export function initialState(domain: Domain, objectives: readonly string[], initial: readonly string[], settings: SearchSettings, seed: string, stop: StopSettings): SearchState {
  if (initial.length === 0) throw new Error('a search needs at least one initial program');
  const root = Rng.fromSeed(seed);
  const islands: IslandState[] = Array.from({ length: settings.islands }, () => ({
    strategy: settings.strategy === 'regularized' ? initialRegularized(settings.population, settings.tournament, initial) : initialNsga2(settings.population, initial),
    rng: root.fork().state(),
    candidates: 0,
    best: null,
    bestAt: 0,
  }));
  return {
    version: 1,
    domain,
    objectives: [...objectives],
    initial: [...initial],
    nextBatch: 0,
    candidates: 0,
    evaluations: 0,
    cacheHits: 0,
    retries: { invalid: 0, identical: 0 },
    lastImprovement: 0,
    restarts: 0,
    islands,
    archive: [],
    elapsedMs: 0,
    stop: { ...stop },
  };
}

/**
 * The task's objective values of a result; Infinity for an invalid or missing measure. A missing
 * `cost` is measured with the task's `cost`.
 */
export function objectiveValues(result: CandidateResult, objectives: readonly string[], program: () => Program, cost: (p: Program) => number): number[] {
  return objectives.map((name, k) => {
    if (!result.valid) return Infinity;
    const x = k === 0 ? result.score : (result.measures[name] ?? (name === 'cost' ? cost(program()) : NaN));
    return Number.isNaN(x) ? Infinity : x;
  });
}

/**
 * A bounded memo of parsed programs and their fingerprints and hashes, keyed by canonical text.
 * What it is asked for are parents (population and front members: a few hundred at a time) and
 * fitted texts told once, so a small memo keeps nearly all its hits; a parsed program is a few
 * KiB, and 20,000 of them (the old capacity) took ~10 minutes to fill, growing memory all along.
 */
class ProgramMemo {
  private readonly entries: Lru<string, { program: Program; hash?: string; fingerprint?: string }>;

  constructor(capacity = 2048) {
    this.entries = new Lru(capacity);
  }

  private entry(text: string): { program: Program; hash?: string; fingerprint?: string } {
    let e = this.entries.get(text);
    if (!e) {
      e = { program: parseProgram(text) };
      this.entries.set(text, e);
    }
    return e;
  }

  /** Entries held (at most the capacity). */
  get size(): number {
    return this.entries.size;
  }

  program(text: string): Program {
    return this.entry(text).program;
  }

  hash(text: string): string {
    const e = this.entry(text);
    return (e.hash ??= structuralHash(e.program));
  }

  fingerprint(text: string): string {
    const e = this.entry(text);
    return (e.fingerprint ??= fingerprint(e.program));
  }
}

export class SearchEngine {
  readonly vocab: Vocabulary;
  private readonly memo = new ProgramMemo();
  private strategies: Strategy[];

  /** `space` is the task's; the settings' `ops` and `maxStatements`, when given, override its vocabulary. */
  constructor(
    readonly settings: SearchSettings,
    readonly state: SearchState,
    readonly space: SearchSpace,
  ) {
    this.vocab = makeVocabulary(space.vocabulary, settings);
    this.strategies = state.islands.map((island) => strategyFor(island.strategy));
  }

  /** Programs the engine's parse memo holds (bounded; for tests of the bound). */
  get memoSize(): number {
    return this.memo.size;
  }

  /** How many children the next batch has: the batch size, cut to what is left of the budget. */
  nextBatchSize(): number {
    const budget = this.state.stop.budget;
    const left = budget === undefined ? Infinity : budget - this.state.evaluations;
    return Math.max(0, Math.min(this.settings.batchSize, left));
  }

  /** The next batch's children; their order is the journal's order. */
  ask(n: number): PendingChild[] {
    const islands = this.state.islands.length;
    const out: PendingChild[] = [];
    for (let i = 0; i < islands; i++) {
      // Spread the remainder over islands in turn, so no island is favoured over a run.
      const extra = (i - (this.state.nextBatch % islands) + islands) % islands < n % islands ? 1 : 0;
      const count = Math.floor(n / islands) + extra;
      if (count === 0) continue;
      const island = this.state.islands[i];
      const rng = Rng.fromState(island.rng);
      const children = this.strategies[i].ask(count, rng, this.breeder(rng));
      island.rng = rng.state();
      for (const child of children) {
        out.push({
          ...child,
          island: i,
          hash: structuralHash(child.program),
          fingerprint: child.fingerprint ?? fingerprint(child.program),
          parentHash: child.parent === null ? null : this.memo.hash(child.parent),
        });
      }
    }
    return out;
  }

  private breeder(rng: Rng): Breeder {
    const { vocab, memo, state, settings } = this;
    return {
      mutant(parent: string): Child {
        const p = memo.program(parent);
        const m = mutate(p, rng, vocab, state.retries, {
          remutateIdentical: settings.remutateIdentical,
          ...(settings.remutateIdentical ? { parentFingerprint: memo.fingerprint(parent), parentHash: memo.hash(parent) } : {}),
        });
        return { program: m.program, text: printProgram(m.program), parent, origin: m.kind, ...(m.fingerprint ? { fingerprint: m.fingerprint } : {}) };
      },
      copy(program: string, origin: Origin): Child {
        return { program: memo.program(program), text: program, parent: null, origin };
      },
    };
  }

  /** Records the outcomes of the batch `ask` returned (same order) and advances to the next batch. */
  tell(children: readonly PendingChild[], outcomes: readonly Outcome[]): TellReport {
    if (children.length !== outcomes.length) throw new Error(`tell: ${children.length} children, ${outcomes.length} outcomes`);
    const state = this.state;
    const perIsland: Individual[][] = state.islands.map(() => []);
    let frontChanged = false;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      const { result, cacheHit } = outcomes[i];
      const text = result.program ?? child.text;
      const program = (): Program => (text === child.text ? child.program : this.memo.program(text));
      const objectives = objectiveValues(result, state.objectives, program, this.space.cost);
      const born = state.candidates + i;
      // A child stopped at the hurdle was not fully evaluated: journaled, never a member (hurdle.ts).
      if (!isHurdleFailure(result)) perIsland[child.island].push({ program: text, objectives, born });
      if (cacheHit) state.cacheHits++;
      else state.evaluations++;
      if (result.valid && Number.isFinite(objectives[0])) {
        const cost = result.measures.cost ?? this.space.cost(program());
        // Hashed and displayed only once it makes the front: parsing every child's fitted text would cost.
        if (archiveAccepts(state.archive, cost, objectives[0])) {
          const hash = text === child.text ? child.hash : this.memo.hash(text);
          archiveInsert(state.archive, { cost, score: objectives[0], measures: { ...result.measures }, hash, program: text, candidate: born, display: displayText(program(), this.space.precision) });
          frontChanged = true;
        }
      }
    }
    state.candidates += children.length;
    recordHurdles(state, this.settings.hurdle, outcomes);
    for (let k = 0; k < perIsland.length; k++) {
      if (perIsland[k].length === 0) continue;
      this.strategies[k].tell(perIsland[k]);
      const island = state.islands[k];
      island.candidates += perIsland[k].length;
      const best = Math.min(...perIsland[k].map((m) => m.objectives[0]));
      if (Number.isFinite(best) && (island.best === null || best < island.best)) {
        island.best = best;
        island.bestAt = island.candidates;
      }
    }
    if (frontChanged) state.lastImprovement = state.evaluations;
    state.nextBatch++;
    this.migrate();
    this.restartStale();
    return { frontChanged };
  }

  /** Every `migrationInterval` batches, each island's best go to the next island (a ring). */
  private migrate(): void {
    const { islands, migrationInterval, migrants } = this.settings;
    if (islands < 2 || migrants <= 0 || this.state.nextBatch % migrationInterval !== 0) return;
    const outgoing = this.strategies.map((s) => s.elite(migrants));
    outgoing.forEach((group, k) => {
      if (group.length > 0) this.strategies[(k + 1) % islands].immigrate(group);
    });
  }

  /**
   * An island whose best has not improved for `restartAfter` of its candidates starts again, from
   * the seeds `restartFrom` names (restart.ts; Lion's restarts).
   */
  private restartStale(): void {
    const after = this.settings.restartAfter;
    if (!(after > 0)) return;
    this.state.islands.forEach((island, k) => {
      if (island.candidates - island.bestAt < after) return;
      this.strategies[k].restart(restartSeeds(this.settings.restartFrom ?? 'alternate', this.state.restarts, this.state.archive, this.state.initial));
      island.bestAt = island.candidates;
      this.state.restarts++;
    });
  }
}
