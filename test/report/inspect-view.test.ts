import { beforeAll, describe, expect, it } from 'vitest';
import { programDisplay } from '../../src/report/program-display.ts';
import { frontJson, frontLines, lineageLines, summaryLines } from '../../src/report/inspect-view.ts';
import { lineageOfCandidate } from '../../src/report/lineage.ts';
import { readRun } from '../../src/report/run-reader.ts';
import type { RunData } from '../../src/report/run-reader.ts';
import { frontRows, runSummary } from '../../src/report/run-summary.ts';
import { makeRun } from './support/make-run.ts';

let run: RunData;

beforeAll(async () => {
  run = readRun((await makeRun('function')).dir);
});

describe('inspect views', () => {
  it('summarises task, seed, backend, counters, speed and the best program', () => {
    const s = runSummary(run);
    const text = summaryLines(s, 200).join('\n');
    expect(text).toMatch(/^fn:exp2 \(precision=f32, points=1024\)  run fn-exp2-s1-/);
    expect(text).toContain(`seed 1`);
    expect(text).toContain('backend   cpu — cpu: in-process (tests)');
    expect(text).toContain(`${s.evaluations} of 300 evaluated, ${s.candidates} candidates, cache hits`);
    expect(text).toMatch(/\d+(\.\d)? evals\/s, elapsed \d+:\d\d/);
    expect(text).toContain(`at cost ${s.best?.cost}, hash ${s.best?.hash}`);
    expect(text).toContain('status    stopped');
    for (const line of summaryLines(s, 60)) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('prints the front with the PySR score column, all rows or the --top N best', () => {
    const rows = frontRows(run.front.entries, 'function');
    const all = frontLines(rows, 'error', 400);
    expect(all[0]).toMatch(/^\s+cost\s+error\s+pysr\s+hash\s+program$/);
    expect(all).toHaveLength(rows.length + 1);
    rows.forEach((r, i) => {
      expect(all[i + 1]).toContain(r.hash);
      expect(all[i + 1]).toContain(r.pysrScore.toFixed(3));
      expect(all[i + 1].endsWith(programDisplay().line(r.program, r.display))).toBe(true);
    });
    const top = frontLines(rows, 'error', 400, 2);
    const best2 = [...rows].sort((a, b) => a.score - b.score).slice(0, 2);
    expect(top).toHaveLength(4);
    for (const r of best2) expect(top.some((l) => l.includes(r.hash))).toBe(true);
    expect(top[3]).toBe(`  … ${rows.length - 2} more on the front (without --top)`);
  });

  it('prints a lineage step by step and the front as JSON', () => {
    const best = runSummary(run).best;
    const lineage = lineageOfCandidate(run, best?.candidate ?? -1);
    if (!lineage) throw new Error('no lineage');
    const lines = lineageLines(lineage, 'error', 400);
    expect(lines[0]).toContain(`lineage of ${best?.hash} (candidate ${best?.candidate}): ${lineage.steps.length} generations from a seed`);
    expect(lines.slice(3)).toHaveLength(lineage.steps.length);
    expect(lines[3]).toMatch(/^\s+0\s+\d+\s+seed\s/);
    const json = frontJson(frontRows(run.front.entries, 'function'), 'error');
    expect(Object.keys(json[0])).toEqual(['cost', 'error', 'pysrScore', 'hash', 'candidate', 'program', 'display']);
  });
});
