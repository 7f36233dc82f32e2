/**
 * checkpoint.json: the whole search state at a batch boundary. With it, the journal entries
 * written after it (batches evaluated but not yet in the state) let a resumed run make exactly the
 * decisions an uninterrupted run makes. A session that ends records why (`end`), which tells a
 * finished run from a stopped one.
 *
 * On disk it is checkpoint.json.br, the JSON brotli-compressed: the populations' program texts
 * made it most of a short optimizer run's directory (46 KB of ~240 KB for 1,120 candidates;
 * 5.6 KB compressed). A checkpoint.json (runs written before) is still read, and replaced by the
 * compressed file at the next checkpoint.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
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

/** The first format's file name (uncompressed JSON); read, never written. */
export const CHECKPOINT_FILE = 'checkpoint.json';
export const CHECKPOINT_BR_FILE = 'checkpoint.json.br';

/** The compressed file's bytes (quality 9: checkpoints are written every 10 s, ~1 ms each). */
export function encodeCheckpointFile(checkpoint: Checkpoint): Buffer {
  return brotliCompressSync(Buffer.from(encodeCheckpoint(checkpoint), 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
}

export function decodeCheckpointFile(data: Buffer, path = CHECKPOINT_BR_FILE): Checkpoint {
  let text: string;
  try {
    text = brotliDecompressSync(data).toString('utf8');
  } catch {
    throw new Error(`${path}: not a brotli-compressed checkpoint`);
  }
  return decodeCheckpoint(text, path);
}

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
