import { describe, expect, it } from 'vitest';
import { archiveInsert, oneLine } from '../../src/evolve/archive.ts';
import { frontCsv } from '../../src/run/front-file.ts';
import type { ArchiveEntry } from '../../src/evolve/archive.ts';

const entry = (cost: number, score: number, candidate = 0): ArchiveEntry => ({
  cost,
  score,
  measures: { cost },
  hash: `h${cost}-${score}`,
  program: `def f(x):\n  y = x * ${score}\n  return y\n`,
  candidate,
});

describe('archiveInsert', () => {
  it('keeps the best program at each cost, pruned to the Pareto front', () => {
    const front: ArchiveEntry[] = [];
    expect(archiveInsert(front, entry(3, 0.5))).toBe(true);
    expect(archiveInsert(front, entry(1, 0.9))).toBe(true);
    expect(archiveInsert(front, entry(2, 0.95))).toBe(false); // worse than the cheaper cost-1 entry
    expect(archiveInsert(front, entry(3, 0.6))).toBe(false); // worse at the same cost
    expect(archiveInsert(front, entry(2, 0.4))).toBe(true); // dominates the cost-3 entry
    expect(front.map((e) => [e.cost, e.score])).toEqual([
      [1, 0.9],
      [2, 0.4],
    ]);
    expect(archiveInsert(front, entry(5, 0.1))).toBe(true);
    expect(front.map((e) => e.cost)).toEqual([1, 2, 5]);
  });

  it('rejects non-finite scores', () => {
    const front: ArchiveEntry[] = [];
    expect(archiveInsert(front, entry(1, Infinity))).toBe(false);
    expect(front).toEqual([]);
  });
});

describe('front files', () => {
  it('prints programs on one line and writes a CSV a spreadsheet can open', () => {
    expect(oneLine('def f(x):\n  s1 = x * 2\n  y = s1 + 1\n  return y\n')).toBe('s1 = x * 2; y = s1 + 1');
    const csv = frontCsv({ task: 'fn:exp2', label: 'error', measure: 'maxAbsError', entries: [entry(1, 0.25, 7)] });
    const [head, row] = csv.trim().split('\n');
    expect(head).toBe('cost,error,hash,candidate,cost,program');
    expect(row).toBe('1,0.25,h1-0.25,7,1,y = x * 0.25');
  });
});

describe('oneLine', () => {
  it('leaves dead statements out', () => {
    expect(oneLine('def f(x):\n  s1 = x * 3\n  y = x + 1\n  s2 = y * y\n  return y\n')).toBe('y = x + 1');
    expect(oneLine('def f(x):\n  y = x * 0.5\n  y = y + 1\n  return y\n')).toBe('y = x * 0.5; y = y + 1');
  });
});
