/**
 * checkpoint.json: the whole search state at a batch boundary, written atomically. With it, the
 * journal lines written after it (batches evaluated but not yet in the state) let a resumed run
 * make exactly the decisions an uninterrupted run makes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.ts';
import type { SearchState } from './engine.ts';
import { nonFiniteReplacer } from './json-numbers.ts';

export interface Checkpoint {
  readonly version: 1;
  /** Journal bytes covered by the state (every line of batches before `state.nextBatch`). */
  readonly journalBytes: number;
  readonly state: SearchState;
}

export const CHECKPOINT_FILE = 'checkpoint.json';

export function saveCheckpoint(dir: string, state: SearchState, journalBytes: number): void {
  const checkpoint: Checkpoint = { version: 1, journalBytes, state };
  writeFileAtomic(`${dir}/${CHECKPOINT_FILE}`, JSON.stringify(checkpoint, nonFiniteReplacer));
}

function nonFiniteReviver(_key: string, value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  return value;
}

export function loadCheckpoint(dir: string): Checkpoint | undefined {
  const path = `${dir}/${CHECKPOINT_FILE}`;
  if (!existsSync(path)) return undefined;
  const checkpoint = JSON.parse(readFileSync(path, 'utf8'), nonFiniteReviver) as Checkpoint;
  if (checkpoint.version !== 1) throw new Error(`${path}: unsupported checkpoint version ${String(checkpoint.version)}`);
  return checkpoint;
}
