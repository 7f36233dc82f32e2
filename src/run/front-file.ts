/**
 * front.json and front.csv: the archive (src/evolve/archive.ts) as the run directory keeps it,
 * rewritten atomically whenever it changes. Entries may carry fields beyond ArchiveEntry's
 * required ones (a `display` text); they are kept as they are.
 */
import { oneLine } from '../evolve/archive.ts';
import type { ArchiveEntry, ScoreLabel } from '../evolve/archive.ts';
import { parseNumbers, stringifyNumbers } from './json-numbers.ts';

export const FRONT_FILE = 'front.json';
export const FRONT_CSV = 'front.csv';

export interface FrontFile {
  readonly task: string;
  readonly label: ScoreLabel;
  /** The measure name objectives[0] stands for (e.g. `maxAbsError`). */
  readonly measure: string;
  readonly entries: readonly ArchiveEntry[];
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function frontCsv(front: FrontFile): string {
  const measureNames = [...new Set(front.entries.flatMap((e) => Object.keys(e.measures)))].sort();
  const header = ['cost', front.label, 'hash', 'candidate', ...measureNames, 'program'];
  const rows = front.entries.map((e) => [String(e.cost), String(e.score), e.hash, String(e.candidate), ...measureNames.map((m) => String(e.measures[m] ?? '')), csvField(oneLine(e.program))]);
  return `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;
}

export function encodeFront(front: FrontFile): string {
  return `${stringifyNumbers(front, 2)}\n`;
}

/** front.json's content; undefined when it is not a front (a damaged file). */
export function decodeFront(text: string): FrontFile | undefined {
  let raw: FrontFile;
  try {
    raw = parseNumbers<FrontFile>(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.entries)) return undefined;
  return { ...raw, entries: raw.entries.map((e) => ({ ...e, score: Number(e.score), measures: e.measures ?? {} })) };
}
