/** Byte-level access to a compact journal's segments, for tests that simulate kills and damage. */
import { readFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

export function segmentPaths(runDir: string): string[] {
  const dir = join(runDir, 'journal');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.seg'))
    .sort()
    .map((f) => join(dir, f));
}

/** The last segment that holds a record. */
export function lastSegment(runDir: string): string {
  const withData = segmentPaths(runDir).filter((p) => statSync(p).size > 0);
  return withData[withData.length - 1];
}

/** Byte offsets where the records of a segment start, and its end. */
export function recordOffsets(path: string): number[] {
  const data = readFileSync(path);
  const offsets: number[] = [];
  // The length word's top bit marks a record with byte planes (src/run/compact-journal.ts).
  for (let at = 0; at + 8 <= data.length; at += 8 + (data.readUInt32LE(at) & 0x7fffffff)) offsets.push(at);
  offsets.push(data.length);
  return offsets;
}

/** Cuts the last record of the journal in the middle, as a kill during its write would. */
export function tearLastRecord(runDir: string): void {
  const path = lastSegment(runDir);
  const offsets = recordOffsets(path);
  const start = offsets[offsets.length - 2];
  truncateSync(path, start + Math.floor((offsets[offsets.length - 1] - start) / 2));
}

/** Bytes of all segments. */
export function journalBytes(runDir: string): number {
  return segmentPaths(runDir).reduce((s, p) => s + statSync(p).size, 0);
}
