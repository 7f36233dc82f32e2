/**
 * checkpoint.json: the whole search state at a batch boundary. With it, the journal entries
 * written after it (batches evaluated but not yet in the state) let a resumed run make exactly the
 * decisions an uninterrupted run makes. A session that ends records why (`end`), which tells a
 * finished run from a stopped one.
 */
import type { SearchState } from '../evolve/engine.ts';
import { parseNumbers, stringifyNumbers } from './json-numbers.ts';

/** Why a session ended: budget and patience finish a run; time and an interrupt stop it. */
export type EndReason = 'budget' | 'time' | 'patience' | 'interrupted' | 'disk-full';

export interface Checkpoint {
  readonly version: 1;
  /** Journal bytes covered by the state (every entry of batches before `state.nextBatch`). */
  readonly journalBytes: number;
  readonly state: SearchState;
  /** Set by the checkpoint written when a session ends. */
  readonly end?: { readonly reason: EndReason; readonly at: string };
}

export const CHECKPOINT_FILE = 'checkpoint.json';

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return stringifyNumbers(checkpoint);
}

export function decodeCheckpoint(text: string, path = CHECKPOINT_FILE): Checkpoint {
  const checkpoint = parseNumbers<Checkpoint>(text);
  if (checkpoint.version !== 1) throw new Error(`${path}: unsupported checkpoint version ${String(checkpoint.version)}`);
  return checkpoint;
}

/** The state through the checkpoint codec and back (what a resume would load). */
export function roundTripState(state: SearchState): SearchState {
  return decodeCheckpoint(encodeCheckpoint({ version: 1, journalBytes: 0, state })).state;
}
