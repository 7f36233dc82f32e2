/**
 * Behaviour guard: two short searches recorded before a refactor (test/fixtures/replay/) are run
 * again with the same settings, and every journal entry must match: program, fitted program,
 * hash, parent, mutation, score, cache hit. A change that alters what a search does with a seed
 * fails here; when the change is meant to (a new fitness, new defaults), regenerate the fixtures
 * with `SYMDISC_UPDATE_REPLAY=1 npx vitest run test/replay.test.ts` and say why in the commit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal, search } from '../src/index.ts';
import type { SearchOptions } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'symdisc-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = join(import.meta.dirname, 'fixtures', 'replay');

interface Replay {
  readonly name: string;
  readonly options: SearchOptions;
}

const REPLAYS: readonly Replay[] = [
  { name: 'fn-exp2-f64', options: { task: { id: 'fn:exp2', options: { precision: 'f64', fit: 'lm-minimax', validation: 16384 } }, budget: 200, seed: 3 } },
  { name: 'opt-suite', options: { task: 'opt:suite', budget: 20, seed: 2 } },
];

function normalized(out: string): string[] {
  return readJournal(join(out, 'journal.jsonl')).map((e) =>
    JSON.stringify({
      batch: e.batch,
      candidate: e.candidate,
      island: e.island,
      program: e.program,
      fitted: e.fitted ?? null,
      hash: e.hash,
      parent: e.parent,
      mutation: e.mutation,
      score: e.score,
      valid: e.valid,
      cacheHit: e.cacheHit,
    }),
  );
}

describe('replay of committed short runs', () => {
  for (const replay of REPLAYS) {
    it(`${replay.name}: the same seed writes the same journal`, async () => {
      const out = join(dir, replay.name);
      await search({ ...replay.options, backend: 'cpu', workers: 1, out });
      const actual = normalized(out);
      const path = join(FIXTURES, `${replay.name}.jsonl`);
      if (process.env.SYMDISC_UPDATE_REPLAY === '1') writeFileSync(path, `${actual.join('\n')}\n`);
      const expected = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(actual.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i], `journal entry ${i}`).toBe(expected[i]);
    }, 300_000); // the opt-suite replay trains nine families: over two minutes on a loaded 2-core box
  }
});
