import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal, search } from '../../src/index.ts';
import { structuralHash } from '../../src/dsl/hash.ts';
import { parseProgram } from '../../src/dsl/parse.ts';

const dir = mkdtempSync(join(tmpdir(), 'symdisc-polish-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = { id: 'fn:exp2', options: { precision: 'f64', fit: 'lm-minimax', validation: 2048 } } as const;
const f32Task = { id: 'fn:exp2', options: { precision: 'f32', error: 'ulp', fit: 'lm-minimax', validation: 2048, interval: '[0,1)' } } as const;
const run = async (name: string, workers: number, on: typeof task | typeof f32Task = task, budget = 100) => {
  const out = join(dir, name);
  await search({ task: on, budget, seed: 5, backend: 'cpu', workers, out, warmStart: 'exp2_taylor2,exp2_taylor3' });
  return readJournal(join(out, 'journal.jsonl'));
};

describe('front polish', () => {
  it('refits every new front entry, never making it worse, the same whatever the worker count', async () => {
    const one = await run('one', 1);
    const polish = one.filter((e) => e.mutation === 'polish');
    expect(polish.length).toBeGreaterThan(0);
    // A polish child's parent is the entry it polished; its score is never worse.
    const scoreOf = new Map<string, number>();
    for (const e of one) {
      if (e.mutation === 'polish') {
        const before = scoreOf.get(e.parent ?? '');
        expect(before, 'the polished entry was scored before').toBeDefined();
        expect(e.score).toBeLessThanOrEqual(before as number);
      }
      // The front keys an entry by the hash of the program as adopted (its fitted text).
      const adopted = structuralHash(parseProgram(e.fitted ?? e.program));
      if (!scoreOf.has(adopted)) scoreOf.set(adopted, e.score);
    }
    const two = await run('two', 2);
    expect(two.map((e) => [e.hash, e.fingerprint, e.mutation, e.score, e.fitted ?? null])).toEqual(one.map((e) => [e.hash, e.fingerprint, e.mutation, e.score, e.fitted ?? null]));
  }, 240_000);

  it('in a float32 search refits in float32 too (src/eval/fit/float32-polish.ts), never making an entry worse, the same whatever the worker count', async () => {
    const one = await run('f32-one', 1, f32Task, 40);
    const polish = one.filter((e) => e.mutation === 'polish');
    expect(polish.length).toBeGreaterThan(0);
    const scoreOf = new Map<string, number>();
    for (const e of one) {
      if (e.mutation === 'polish') expect(e.score).toBeLessThanOrEqual(scoreOf.get(e.parent ?? '') as number);
      const adopted = structuralHash(parseProgram(e.fitted ?? e.program));
      if (!scoreOf.has(adopted)) scoreOf.set(adopted, e.score);
    }
    const two = await run('f32-two', 2, f32Task, 40);
    expect(two.map((e) => [e.hash, e.mutation, e.score, e.fitted ?? null])).toEqual(one.map((e) => [e.hash, e.mutation, e.score, e.fitted ?? null]));
  }, 240_000);
});
