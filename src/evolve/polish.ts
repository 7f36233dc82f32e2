/**
 * Front polish: every program that enters the front gets a much larger constant-fitting effort
 * than a child does, on the task its search space names for it (`SearchSpace.polishTask`: for a
 * function task with fitting on, `fit: 'polish'`, src/eval/fit/fit-constants.ts: multi-start
 * lm-minimax, then CMA-ES with population 128).
 *
 * It runs as a batch of its own, between ordinary batches: after a batch that changed the front,
 * the next batch is the front entries not yet polished, sent through the same evaluator with the
 * polish TaskRef, journaled like any batch (mutation `polish`, parent = the entry) and told to the
 * engine, so the polished program enters the archive if and only if it is better (archiveInsert)
 * and the populations as a new member. Which batch is a polish batch, and what it holds, depends
 * only on the search state, so a run is reproducible from its seed whatever the worker count, and
 * a resumed run replays its polish batches from the journal like the others.
 *
 * State: the structural hashes already polished (or produced by polish) live in the search state
 * (`state.polished`), so they are checkpointed with it.
 */
import { fingerprint } from '../dsl/fingerprint.ts';
import { structuralHash } from '../dsl/hash.ts';
import { parseProgram } from '../dsl/parse.ts';
import type { Outcome, PendingChild, SearchState } from './engine.ts';

/** Fingerprint prefix of polish children: a polish result is never the cached result of a plain fit of the same program. */
const PREFIX = 'polish:';

/** The hashes already polished (stored on the state so that checkpoints keep them). */
function polishedSet(state: SearchState): Set<string> {
  const s = state as SearchState & { polished?: string[] };
  s.polished ??= [];
  return new Set(s.polished);
}

/**
 * The next polish batch: the front entries not yet polished, cheapest first, at most `max` (what
 * is left of the budget), marked polished as they are handed out; undefined when there is none.
 * `polishInitial`: polish warm-start programs too (a float32 search: the f64 optimum of a
 * baseline is not its float32 optimum, src/eval/fit/float32-polish.ts).
 */
export function polishBatch(state: SearchState, max: number, polishInitial = false): PendingChild[] | undefined {
  const done = polishedSet(state);
  // A warm-start program that enters the front as it is (a minimax baseline) is at its (f64) optimum already.
  const initial = new Set(polishInitial ? [] : state.initial);
  const due = state.archive.filter((e) => !done.has(e.hash) && !initial.has(e.program)).slice(0, Math.max(0, max));
  if (due.length === 0) return undefined;
  const polished = (state as SearchState & { polished: string[] }).polished;
  return due.map((e, i) => {
    polished.push(e.hash);
    const program = parseProgram(e.program);
    return {
      program,
      text: e.program,
      parent: e.program,
      origin: 'polish',
      island: i % state.islands.length,
      hash: e.hash,
      fingerprint: `${PREFIX}${fingerprint(program)}`,
      parentHash: e.hash,
    };
  });
}

/** After a polish batch: its results are polished already (they must not be polished again). */
export function markPolished(state: SearchState, outcomes: readonly Outcome[]): void {
  const done = polishedSet(state);
  const polished = (state as SearchState & { polished: string[] }).polished;
  for (const o of outcomes) {
    if (o.result.program === undefined) continue;
    const h = structuralHash(parseProgram(o.result.program));
    if (!done.has(h)) {
      done.add(h);
      polished.push(h);
    }
  }
}

/** Whether a batch is a polish batch (its children carry the polish fingerprint). */
export const isPolishBatch = (children: readonly PendingChild[]): boolean => children.length > 0 && children[0].fingerprint.startsWith(PREFIX);
