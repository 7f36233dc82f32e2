import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/evolve/rng.ts';

describe('Rng', () => {
  it('is reproducible from its seed', () => {
    const a = Rng.fromSeed('x');
    const b = Rng.fromSeed('x');
    const c = Rng.fromSeed('y');
    const draws = (r: Rng): number[] => Array.from({ length: 5 }, () => r.next());
    const da = draws(a);
    expect(draws(b)).toEqual(da);
    expect(draws(c)).not.toEqual(da);
  });

  it('continues identically after a JSON round trip of its state', () => {
    const a = Rng.fromSeed(7);
    for (let i = 0; i < 13; i++) a.normal();
    const saved = JSON.parse(JSON.stringify(a.state()));
    const b = Rng.fromState(saved);
    for (let i = 0; i < 100; i++) expect(b.next()).toBe(a.next());
  });

  it('draws integers in range and normals with roughly unit variance', () => {
    const r = Rng.fromSeed('range');
    const ints = Array.from({ length: 2000 }, () => r.int(5));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(4);
    const xs = Array.from({ length: 4000 }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(0.85);
    expect(variance).toBeLessThan(1.15);
  });

  it('picks by weight and never a zero-weight item', () => {
    const r = Rng.fromSeed('w');
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.weighted([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2]).toBeGreaterThan(counts[0] * 2);
  });
});
