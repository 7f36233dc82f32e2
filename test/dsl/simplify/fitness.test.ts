import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpretBatch } from '../../../src/dsl/interpret.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { printProgram } from '../../../src/dsl/print.ts';
import type { Program } from '../../../src/dsl/program.ts';
import { type ScorePrograms, simplifyByFitness } from '../../../src/dsl/simplify/fitness.ts';
import { isValid } from '../../../src/dsl/validate.ts';

/** Max absolute error against 2^x on [0, 1] (a function task, scored by the interpreter). */
const GRID = Float64Array.from({ length: 257 }, (_, i) => i / 256);
const exp2Error: ScorePrograms = async (programs) =>
  programs.map((p) => {
    const [y] = interpretBatch(p, { x: GRID }, 'f64');
    let worst = 0;
    for (let i = 0; i < GRID.length; i++) worst = Math.max(worst, Math.abs(y[i] - 2 ** GRID[i]));
    return Number.isFinite(worst) ? worst : Infinity;
  });

/**
 * Final loss of an optimizer on a 2-d ill-conditioned quadratic after 200 steps (deterministic),
 * from the interpreter: loss = 0.5 * (a * w0^2 + b * w1^2).
 */
const quadraticLoss: ScorePrograms = async (programs) =>
  programs.map((p) => {
    const curvature = Float64Array.from([1, 10]);
    let w: Float64Array = Float64Array.from([1, -1]);
    let m: Float64Array = new Float64Array(2);
    let v: Float64Array = new Float64Array(2);
    for (let t = 1; t <= 200; t++) {
      const g = Float64Array.from(w, (x, i) => curvature[i] * x);
      const [update, m2, v2] = interpretBatch(p, { w, g, m, v, lr: new Float64Array(2).fill(1), t: new Float64Array(2).fill(t) }, 'f64');
      w = Float64Array.from(w, (x, i) => x - update[i]);
      m = m2;
      v = v2;
    }
    const loss = 0.5 * w.reduce((s, x, i) => s + curvature[i] * x * x, 0);
    return Number.isFinite(loss) ? loss : Infinity;
  });

const fn = (body: string): Program => parseProgram(`def f(x):\n${body.trim().split('\n').map((l) => `  ${l.trim()}\n`).join('')}  return y\n`);

describe('simplifyByFitness', () => {
  it('drops statements that barely matter and rounds constants, within the tolerance', async () => {
    const p = fn('a = x * 0.693147\nb = exp(a)\nc = b * 1.000001\ny = c + 0.0000001');
    const r = await simplifyByFitness(p, exp2Error, { tolerance: 0.05 });
    expect(r.baseline).toBeLessThan(1e-5);
    expect(r.steps[0]).toMatchObject({ kind: 'start', score: r.baseline });
    for (const step of r.steps) {
      expect(step.score).toBeLessThanOrEqual(r.threshold);
      expect(isValid(step.program)).toBe(true);
      // The chain is honest: each printed score is the program's score.
      expect(step.score).toBe((await exp2Error([step.program]))[0]);
    }
    expect(printProgram(r.program)).toBe('def f(x):\n  a = x * 0.693147\n  y = exp(a)\n  return y\n');
    expect(r.steps.map((s) => s.kind)).toEqual(['start', 'replace', 'replace']);
  });

  it('rounds a constant when the score allows it (0.693147 -> 0.69 at 50x tolerance)', async () => {
    const p = fn('a = x * 0.693147\ny = exp(a)');
    const r = await simplifyByFitness(p, exp2Error, { tolerance: 0.5, toleranceMode: 'absolute' });
    expect(printProgram(r.program)).toBe('def f(x):\n  a = x * 0.7\n  y = exp(a)\n  return y\n');
    expect(r.steps.at(-1)?.description).toBe('round 0.693147 -> 0.7');
  });

  it('keeps everything when every change costs more than the tolerance', async () => {
    const p = fn('a = x * 0.693147\ny = exp(a)');
    const r = await simplifyByFitness(p, exp2Error, { tolerance: 0 });
    expect(printProgram(r.program)).toBe(printProgram(p));
    expect(r.steps).toHaveLength(1);
  });

  it('simplifies the Lion search program on a quadratic: symbolic first, then what the score allows', async () => {
    const lion = parseProgram(readFileSync(new URL('./fixtures/lion-search.sym', import.meta.url), 'utf8'));
    const seen: string[] = [];
    const r = await simplifyByFitness(lion, quadraticLoss, { tolerance: 0.05, onStep: (s) => seen.push(s.kind) });
    expect(seen).toEqual(r.steps.map((s) => s.kind));
    expect(r.steps[1]).toMatchObject({ kind: 'symbolic' });
    expect(r.program.body.length).toBeLessThan(10);
    for (const step of r.steps) expect(step.score).toBeLessThanOrEqual(r.threshold);
  });

  it("takes a real improvement first; reference 'best' then holds the program to its improved score", async () => {
    // A bad program (y = 3 * 2^x, error ~4) whose one bad statement hides a good one.
    const p = fn('a = x * 0.693147\nb = exp(a)\nc = b * 3\ny = c + 0.0000001');
    const fromBest = await simplifyByFitness(p, exp2Error, { tolerance: 0.05, reference: 'best' });
    expect(fromBest.steps[1]).toMatchObject({ kind: 'replace', description: 'line 3: c = b * 3 -> c = b' });
    expect(fromBest.steps.at(-1)!.score).toBeLessThan(1e-6);
    for (let k = 1; k < fromBest.steps.length; k++) {
      const best = Math.min(...fromBest.steps.slice(0, k).map((s) => s.score));
      expect(fromBest.steps[k].score).toBeLessThanOrEqual(best * 1.05);
    }
    // Measured from the original score, any program less bad than y = 3 * 2^x is within tolerance.
    const fromOriginal = await simplifyByFitness(p, exp2Error, { tolerance: 0.05 });
    expect(fromOriginal.steps[1]).toEqual(fromBest.steps[1]);
    expect(fromOriginal.program.body.length).toBeLessThan(fromBest.program.body.length);
    expect(fromOriginal.steps.at(-1)!.score).toBeGreaterThan(1e-3);
  });

  it('returns the program untouched when it cannot be scored', async () => {
    const p = fn('y = exp(x)');
    const r = await simplifyByFitness(p, async (ps) => ps.map(() => Infinity));
    expect(r.program).toBe(p);
    expect(r.steps).toHaveLength(1);
  });
});
