import { describe, expect, it } from 'vitest';
import { completion, formatDuration, formatScore, frontTable, logLine, remaining, summaryLines } from '../../src/cli/progress-format.ts';
import type { RunSummary, SearchProgress } from '../../src/evolve/run.ts';

const progress: SearchProgress = {
  dir: 'results/fn-exp2-s1',
  runId: 'fn-exp2-s1',
  task: 'fn:exp2',
  label: 'error',
  batch: 10,
  candidates: 640,
  evaluations: 400,
  cacheHits: 240,
  hitRate: 0.375,
  evaluationsPerSecond: 123.4,
  candidatesPerSecond: 200,
  elapsedMs: 65_000,
  sessionMs: 30_000,
  budget: 1000,
  timeMs: 60_000,
  retries: { invalid: 3, identical: 5 },
  restarts: 0,
  front: [
    { cost: 1, score: 0.0477, measures: {}, hash: 'a', program: 'def f(x):\n  y = x + 0.95\n  return y\n', candidate: 3 },
    { cost: 4, score: 2.5e-7, measures: {}, hash: 'b', program: 'def f(x):\n  s1 = x * 0.3\n  y = fma(s1, x, 1)\n  return y\n', candidate: 9 },
  ],
  replayedBatches: 0,
};

describe('progress text', () => {
  it('formats durations and scores', () => {
    expect(formatDuration(5_000)).toBe('0:05');
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatScore(0.0477)).toBe('0.04770');
    expect(formatScore(2.5e-7)).toBe('2.500e-7');
    expect(formatScore(Infinity)).toBe('Infinity');
  });

  it('measures completion against the nearest limit and says what is left', () => {
    expect(completion(progress)).toBe(0.5); // 30 s of 60 s beats 400 of 1000 evaluations
    expect(remaining(progress)).toBe('600 evals left, 0:30 left');
    expect(completion({ ...progress, budget: undefined, timeMs: undefined })).toBeUndefined();
  });

  it('prints the front with one program per line', () => {
    const table = frontTable(progress.front, 'error');
    expect(table[0]).toMatch(/cost\s+error\s+program/);
    expect(table[2]).toContain('s1 = x * 0.3; y = fma(s1, x, 1)');
    expect(frontTable(progress.front, 'error', 30)[2].length).toBe(30);
  });

  it('writes a log line and a summary with the resume command', () => {
    expect(logLine(progress)).toContain('cache hits 37.5%');
    expect(logLine(progress)).toContain('best error 2.500e-7 at cost 4');
    const summary: RunSummary = { ...progress, reason: 'interrupted', resumeCommand: 'symdisc resume results/fn-exp2-s1' };
    const text = summaryLines(summary).join('\n');
    expect(text).toContain('interrupted');
    expect(text).toContain('Resume:  symdisc resume results/fn-exp2-s1');
    expect(summaryLines({ ...summary, reason: 'budget' }).join('\n')).not.toContain('Resume:');
  });
});
