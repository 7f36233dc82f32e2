/** Both strategies at their edges: empty populations, invalid members, floods of immigrants, restarts while filling. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/evolve/rng.ts';
import { initialNsga2, initialRegularized, strategyFor } from '../../../src/evolve/strategies/index.ts';
import type { Strategy } from '../../../src/evolve/strategies/index.ts';
import { fakeBreeder, members } from './support.ts';

const SEEDS = ['seed-a', 'seed-b'];

const STRATEGIES: readonly [string, (seeds: readonly string[], size?: number) => Strategy][] = [
  ['regularized', (seeds, size = 6) => strategyFor(initialRegularized(size, 3, seeds))],
  ['nsga2', (seeds, size = 6) => strategyFor(initialNsga2(size, seeds))],
];

function roundTrip(s: Strategy): Strategy {
  const replacer = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  const reviver = (_k: string, v: unknown): unknown => (v === 'Infinity' ? Infinity : v === 'NaN' ? NaN : v);
  return strategyFor(JSON.parse(JSON.stringify(s.state, replacer), reviver));
}

for (const [name, make] of STRATEGIES) {
  describe(`${name} at its edges`, () => {
    it('fills an empty population with the seeds, then mutants of the seeds', () => {
      const s = make(SEEDS);
      const children = s.ask(4, Rng.fromSeed('fill'), fakeBreeder);
      expect(children.map((c) => c.text)).toEqual(['seed-a', 'seed-b', 'mutant of seed-a', 'mutant of seed-b']);
      expect(children.map((c) => c.origin)).toEqual(['seed', 'seed', 'insert', 'insert']);
      expect(s.elite(3)).toEqual([]);
    });

    it('breeds from the seeds when the population is full of nothing but has no members (asked beyond the fill)', () => {
      const s = make(SEEDS, 2);
      const children = s.ask(5, Rng.fromSeed('beyond'), fakeBreeder);
      expect(children).toHaveLength(5);
      for (const c of children.slice(2)) expect(c.text).toMatch(/^mutant of seed-[ab]$/);
    });

    it('refuses to breed from nothing: no members and no seeds is one clear error', () => {
      const s = make([]);
      expect(() => s.ask(3, Rng.fromSeed('none'), fakeBreeder)).toThrow(/no members and no seed programs/);
    });

    it('keeps working when every objective is infinite (all invalid), and its state survives JSON', () => {
      let s = make(SEEDS);
      const rng = Rng.fromSeed('inf');
      for (let round = 0; round < 4; round++) {
        const children = s.ask(4, rng, fakeBreeder);
        s.tell(members(children.map((c) => c.text), () => [Infinity, Infinity]));
        s = roundTrip(s);
      }
      expect(s.state.population.length).toBe(6);
      for (const m of s.state.population) {
        expect(m.objectives).toEqual([Infinity, Infinity]);
        if (m.crowding !== undefined) expect(Number.isNaN(m.crowding)).toBe(false);
      }
      expect(s.elite(2)).toHaveLength(2);
      expect(s.ask(4, rng, fakeBreeder)).toHaveLength(4);
    });

    it('ranks a finite member above infinite ones', () => {
      const s = make(SEEDS);
      s.tell(members(['bad-1', 'good', 'bad-2'], (i) => (i === 1 ? [0.5, 3] : [Infinity, Infinity])));
      expect(s.elite(1).map((m) => m.program)).toEqual(['good']);
    });

    it('takes more immigrants than its size and keeps its size', () => {
      const s = make(SEEDS, 4);
      s.tell(members(['a', 'b', 'c'], (i) => [i + 1, 2]));
      s.immigrate(members(Array.from({ length: 10 }, (_, i) => `m${i}`), (i) => [0.1 * (i + 1), 1]));
      expect(s.state.population).toHaveLength(4);
      expect(s.elite(10).length).toBeLessThanOrEqual(4);
      expect(s.elite(1)[0].program).toBe('m0');
      expect(s.ask(3, Rng.fromSeed('after'), fakeBreeder).every((c) => c.text.startsWith('mutant of '))).toBe(true);
    });

    it('restarts while filling: the fill starts over from the new seeds, marked restart', () => {
      const s = make(SEEDS);
      const rng = Rng.fromSeed('restart');
      const first = s.ask(3, rng, fakeBreeder);
      s.tell(members(first.map((c) => c.text), (i) => [i, 1]));
      expect(s.state.population.length).toBeLessThan(6);
      s.restart(['best-1']);
      expect(s.state.population).toEqual([]);
      const again = s.ask(3, rng, fakeBreeder);
      expect(again.map((c) => [c.text, c.origin])).toEqual([
        ['best-1', 'restart'],
        ['mutant of best-1', 'insert'],
        ['mutant of best-1', 'insert'],
      ]);
      // A restart from nothing keeps the old seeds rather than leaving nothing to breed from.
      s.restart([]);
      expect(s.ask(1, rng, fakeBreeder)[0].text).toBe('best-1');
    });
  });
}
