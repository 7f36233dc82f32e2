import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from '../../src/cli/progress.ts';
import type { SearchProgress } from '../../src/evolve/run.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY, columns: 100, rows: 40, write: (s: string) => ((out += s), true), on: () => stream, off: () => stream, once: () => stream, removeListener: () => stream } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

const progress = (evaluations: number): SearchProgress => ({
  dir: 'out',
  runId: 'r',
  task: 'fn:exp2',
  label: 'error',
  batch: 1,
  candidates: evaluations,
  evaluations,
  cacheHits: 0,
  hitRate: 0,
  evaluationsPerSecond: 10,
  candidatesPerSecond: 10,
  elapsedMs: 1000,
  sessionMs: 1000,
  retries: { invalid: 0, identical: 0 },
  restarts: 0,
  front: [{ cost: 2, score: 0.01, measures: {}, hash: 'h', program: 'def f(x):\n  y = x + 1\n  return y\n', candidate: 0 }],
  replayedBatches: 0,
});

describe('progress display', () => {
  it('writes plain lines at an interval when not on a terminal', () => {
    const { stream, text } = fakeStream(false);
    const display = createProgressDisplay({ enabled: true, stream, logIntervalMs: 60_000 });
    display.update(progress(10));
    display.update(progress(20)); // within the interval: not printed
    display.message('a message');
    display.done(); // the last state
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[0:01\] batch 1 {2}10 evals/);
    expect(lines[1]).toBe('a message');
    expect(lines[2]).toMatch(/20 evals/);
    expect(text()).not.toContain('\u001b[');
  });

  it('redraws a bar and the front table in place on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const display = createProgressDisplay({ enabled: true, stream });
    display.update({ ...progress(10), budget: 100 });
    display.done();
    expect(text()).toContain('█');
    expect(text()).toContain('y = x + 1');
    expect(text()).toContain('\u001b['); // cursor control
  });

  it('prints only messages when disabled', () => {
    const { stream, text } = fakeStream(false);
    const display = createProgressDisplay({ enabled: false, stream });
    display.update(progress(10));
    display.message('hello');
    display.done();
    expect(text()).toBe('hello\n');
  });
});
