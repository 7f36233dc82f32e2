import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DslError } from '../../src/dsl/errors.ts';
import { interpret } from '../../src/dsl/interpret.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { literals } from '../../src/dsl/program.ts';
import { hasSeed, listSeeds, loadSeed, seedNames, seedPath, seedText } from '../../src/dsl/seeds/index.ts';
import { validateProgram } from '../../src/dsl/validate.ts';

/** AdamW exactly as ANCHORS.md (the Lion paper) writes it. */
const ADAMW = `def train(w, g, m, v, lr):
  g2 = square(g)
  m = interp(g, m, 0.9)
  v = interp(g2, v, 0.999)
  sqrt_v = sqrt(v)
  update = m / sqrt_v
  wd = w * 0.01
  update = update + wd
  lr = lr * 0.001
  update = update * lr
  return update, m, v
`;

const OPTIMIZERS = ['adam', 'adamw', 'lion', 'rmsprop', 'sgd', 'sgd_momentum'];
const TAYLOR = [2, 3, 4, 5, 6].map((n) => `exp2_taylor${n}`);
const FUNCTIONS = [...TAYLOR, 'exp2_f10'];

/** The file text after its leading comment lines. */
function programPart(text: string): string {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => !l.startsWith('#'))).join('\n');
}

/** One optimizer step: outputs [update, m, v]. */
function step(name: string, inputs: { w: number; g: number; m: number; v: number; lr: number; t: number }): number[] {
  return interpret(loadSeed(name), inputs, 'f64');
}

describe('seed programs', () => {
  it('ships the optimizers, the Taylor polynomials and f10', () => {
    expect(seedNames()).toEqual([...OPTIMIZERS, ...FUNCTIONS].sort());
    const seeds = listSeeds();
    for (const s of seeds) expect(s.domain).toBe(OPTIMIZERS.includes(s.name) ? 'optimizer' : 'function');
  });

  it.each(seedNames())('%s parses, validates, is written canonically and documents itself', (name) => {
    const text = seedText(name);
    const p = parseProgram(text, seedPath(name));
    expect(validateProgram(p)).toEqual([]);
    expect(programPart(text)).toBe(printProgram(p));
    expect(printProgram(parseProgram(printProgram(p)))).toBe(printProgram(p));
    expect(text.startsWith('# ')).toBe(true);
    expect(listSeeds().find((s) => s.name === name)?.description.length).toBeGreaterThan(10);
  });

  it('holds AdamW exactly as the Lion paper prints it', () => {
    expect(programPart(readFileSync(seedPath('adamw'), 'utf8'))).toBe(ADAMW);
    expect(printProgram(loadSeed('adamw'))).toBe(ADAMW);
  });

  it('AdamW: update = (m / sqrt(v) + 0.01 w) * 0.001 lr with m, v the updated moments', () => {
    const [update, m, v] = step('adamw', { w: 2, g: -0.5, m: 0, v: 0, lr: 1, t: 1 });
    expect(m).toBeCloseTo(-0.05, 15);
    expect(v).toBeCloseTo(0.00025, 15);
    expect(update).toBeCloseTo((-0.05 / Math.sqrt(0.00025) + 2 * 0.01) * 0.001, 15);
  });

  it('Adam: bias correction makes the first update lr * 0.001 * g / (|g| + eps)', () => {
    const [update, m, v] = step('adam', { w: 2, g: -0.5, m: 0, v: 0, lr: 1, t: 1 });
    expect(m).toBeCloseTo(-0.05, 15);
    expect(v).toBeCloseTo(0.00025, 15);
    expect(update).toBeCloseTo((-0.5 / (0.5 + 1e-8)) * 0.001, 12);
    // Late in training the correction fades: m_hat ≈ m, v_hat ≈ v.
    const [late] = step('adam', { w: 0, g: 0.3, m: 0.2, v: 0.04, lr: 1, t: 1e6 });
    const m2 = 0.1 * 0.3 + 0.9 * 0.2;
    const v2 = 0.001 * 0.09 + 0.999 * 0.04;
    expect(late).toBeCloseTo((m2 / (Math.sqrt(v2) + 1e-8)) * 0.001, 12);
  });

  it('Lion: update = (sign(0.1 g + 0.9 m) + 0.1 w) * 0.0001 lr, m = 0.01 g + 0.99 m', () => {
    const [update, m, v] = step('lion', { w: 3, g: 1, m: -0.2, v: 7, lr: 2, t: 5 });
    expect(update).toBeCloseTo((-1 + 0.3) * 0.0002, 15);
    expect(m).toBeCloseTo(0.01 - 0.198, 15);
    expect(v).toBe(7);
  });

  it('SGD, SGD with momentum and RMSProp compute their textbook updates', () => {
    expect(step('sgd', { w: 1, g: 0.5, m: 3, v: 4, lr: 2, t: 1 })).toEqual([0.5 * 0.02, 3, 4]);
    const [u, m] = step('sgd_momentum', { w: 1, g: 0.5, m: 3, v: 4, lr: 2, t: 1 });
    expect(m).toBeCloseTo(3 * 0.9 + 0.5, 15);
    expect(u).toBeCloseTo((3 * 0.9 + 0.5) * 0.02, 15);
    const [ur, , vr] = step('rmsprop', { w: 1, g: 0.5, m: 3, v: 0.16, lr: 2, t: 1 });
    expect(vr).toBeCloseTo(0.01 * 0.25 + 0.99 * 0.16, 15);
    expect(ur).toBeCloseTo((0.5 / (Math.sqrt(vr) + 1e-8)) * 0.002, 15);
  });

  it.each([2, 3, 4, 5, 6])('exp2_taylor%i is Horner form of the Taylor polynomial, as accurate as its comment says', (n) => {
    const name = `exp2_taylor${n}`;
    const p = loadSeed(name);
    const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
    expect(literals(p)).toEqual(Array.from({ length: n + 1 }, (_, i) => Math.LN2 ** (n - i) / factorial(n - i)));
    expect(p.body).toHaveLength(2 * n);
    let maxError = 0;
    for (let i = 0; i <= 1000; i++) maxError = Math.max(maxError, Math.abs(interpret(p, { x: i / 1000 }, 'f64')[0] - 2 ** (i / 1000)));
    const documented = Number(/max abs error on \[0, 1\] about ([0-9.e+-]+)/.exec(seedText(name))?.[1]);
    expect(maxError / documented).toBeGreaterThan(0.95);
    expect(maxError / documented).toBeLessThan(1.05);
  });

  it('refuses an unknown seed with the list of seeds', () => {
    expect(hasSeed('adamw')).toBe(true);
    expect(hasSeed('adamx')).toBe(false);
    expect(() => loadSeed('adamx')).toThrow(DslError);
    expect(() => loadSeed('adamx')).toThrow(/unknown seed 'adamx'; seeds: adam, adamw, /);
  });
});
