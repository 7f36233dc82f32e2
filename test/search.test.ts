import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, parseProgram, printProgram, readJournal, resume, search } from '../src/index.ts';
import type { SearchProgress } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'symdisc-lib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('library API', () => {
  it('search reports progress, stops on its AbortSignal, and resume continues', async () => {
    const out = join(dir, 'lib');
    const controller = new AbortController();
    const seen: SearchProgress[] = [];
    const summary = await search({
      task: 'fn:exp2',
      backend: 'cpu',
      workers: 1,
      seed: 4,
      settings: { batchSize: 16 },
      out,
      onProgress: (p) => {
        seen.push(p);
        if (p.batch === 3) controller.abort();
      },
      signal: controller.signal,
    });
    expect(summary.reason).toBe('interrupted');
    // The loop records a batch while the next one is evaluated, so under load the batch in flight
    // when the abort lands (batch 4) may finish and be recorded too.
    expect([3, 4]).toContain(summary.batch);
    expect(seen.map((p) => p.batch)).toEqual(Array.from({ length: summary.batch + 1 }, (_, i) => i));
    expect(readJournal(join(out, 'journal.jsonl'))).toHaveLength(16 * summary.batch);

    const more = await resume(out, { budget: summary.evaluations + 32 });
    expect(more.reason).toBe('budget');
    expect(more.evaluations).toBe(summary.evaluations + 32);
  });

  it('evaluate scores program text or values on a task', async () => {
    const text = 'def f(x):\n  y = x + 1\n  return y\n';
    const [a, b] = await evaluate('fn:exp2', [text, parseProgram(text)], { backend: 'cpu', workers: 1 });
    expect(a.valid).toBe(true);
    expect(a.score).toBeCloseTo(0.0861, 3); // max |x + 1 - 2^x| on [0, 1]
    expect(b).toEqual(a);
    expect(printProgram(parseProgram(text))).toBe(text);
  });
});
