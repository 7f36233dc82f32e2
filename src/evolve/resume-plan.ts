/**
 * Resume planning: from a checkpoint and the journal, rebuild the equivalence cache from the
 * batches the checkpoint covers and keep the later batches for replay, checking that the two
 * agree (a run directory edited by hand or a non-deterministic search fails here, clearly).
 */
import type { JournalEntry } from '../run/journal-entry.ts';
import { RunDirectoryError } from '../run/run-config.ts';
import type { JournalSink, RunDirectory } from '../run/run-directory.ts';
import { replayIntoCache } from './batch-answer.ts';
import type { Replay } from './batch-answer.ts';
import { EquivalenceCache } from './cache.ts';
import type { SearchState } from './engine.ts';

export interface ResumePlan {
  readonly cache: EquivalenceCache;
  readonly replay: Replay;
  readonly journal: JournalSink;
}

export function planResume(run: RunDirectory, state: SearchState, cacheCapacity: number): ResumePlan {
  const cache = new EquivalenceCache(cacheCapacity);
  const replay: Replay = { entries: new Map(), positions: new Map() };
  let covered = 0;
  let group: JournalEntry[] = [];
  let lastBatch = -1;
  const where = run.dir;
  const journal = run.openJournal((e, position) => {
    if (e.batch < lastBatch) throw new RunDirectoryError(`${where}: journal batch ${e.batch} after batch ${lastBatch} at entry ${position}`);
    if (e.batch < state.nextBatch) {
      if (e.batch !== lastBatch && group.length > 0) {
        replayIntoCache(cache, group);
        group = [];
      }
      group.push(e);
      covered++;
    } else {
      if (!replay.entries.has(e.batch)) {
        replay.entries.set(e.batch, []);
        replay.positions.set(e.batch, position);
      }
      replay.entries.get(e.batch)?.push(e);
    }
    lastBatch = e.batch;
  });
  try {
    replayIntoCache(cache, group);
    if (covered !== state.candidates) {
      throw new RunDirectoryError(`${where}: the journal holds ${covered} entries for batches 0..${state.nextBatch - 1}, the checkpoint expects ${state.candidates}`);
    }
    const pending = [...replay.entries.keys()];
    if (pending.some((b, i) => b !== state.nextBatch + i)) {
      throw new RunDirectoryError(`${where}: journal batches after the checkpoint are not consecutive from batch ${state.nextBatch} (found ${pending.join(', ')})`);
    }
  } catch (error) {
    journal.close();
    throw error;
  }
  return { cache, replay, journal };
}
