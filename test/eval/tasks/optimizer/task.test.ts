import { describe, expect, it } from 'vitest';
import { getTask, listTaskIds, TaskError } from '../../../../src/eval/tasks/registry.ts';
import { HURDLE_FAMILIES } from '../../../../src/eval/tasks/optimizer/stage.ts';
import { isOptimizerTask, optimizerTask } from '../../../../src/eval/tasks/optimizer/task.ts';
import { scoreOptimizerCpu } from '../../../../src/eval/tasks/optimizer/score.ts';

describe('optimizer tasks', () => {
  it('are listed by the registry', () => {
    const ids = listTaskIds().filter((id) => id.startsWith('opt:'));
    expect(ids).toEqual(['opt:suite', 'opt:quadratic', 'opt:rosenbrock', 'opt:beale', 'opt:logistic', 'opt:softmax', 'opt:mlp', 'opt:iris', 'opt:digits', 'opt:charlm', 'opt:ackley', 'opt:mlp2', 'opt:meta-validation']);
  });

  it('opt:suite scores the nine search families; meta-validation adds the held-out ones at meta size', () => {
    const suite = getTask('opt:suite');
    if (!isOptimizerTask(suite)) throw new Error('not an optimizer task');
    expect(suite.families).toEqual(['quadratic', 'rosenbrock', 'beale', 'logistic', 'softmax', 'mlp', 'iris', 'digits', 'charlm']);
    expect(suite.objectives).toEqual(['score']);
    expect(suite.measures).toContain('family.mlp');
    expect(suite.sizing).toBe('search');
    expect(suite.options).toEqual({ seed: 0, instances: 4 });
    const meta = optimizerTask('opt:meta-validation');
    expect(meta?.families).toEqual([...suite.families, 'ackley', 'mlp2']);
    expect(meta?.sizing).toBe('meta');
    expect(optimizerTask('opt:mlp', { sizing: 'meta', instances: 3, seed: 9 })).toMatchObject({ families: ['mlp'], sizing: 'meta', instances: 3, seed: 9 });
    expect(optimizerTask('opt:nope')).toBeUndefined();
  });

  it('the hurdle stage keeps the cheap families on the first half of the instances (a subset of the full trainings)', () => {
    const hurdle = optimizerTask('opt:suite', { stage: 'hurdle' });
    expect(hurdle).toMatchObject({ families: [...HURDLE_FAMILIES], instances: 2, seed: 0 });
    expect(hurdle?.options).toEqual({ seed: 0, instances: 4, stage: 'hurdle' });
    expect(hurdle?.measures).not.toContain('family.mlp');
    // A single-family task keeps its family; the full stage is the task as before.
    expect(optimizerTask('opt:mlp', { stage: 'hurdle', instances: 3 })).toMatchObject({ families: ['mlp'], instances: 2 });
    expect(optimizerTask('opt:suite', { stage: 'full' })?.options).toEqual({ seed: 0, instances: 4 });
  });

  it('reject bad options with one clear line', () => {
    expect(() => getTask('opt:suite', { instances: 0 })).toThrow(/instances must be an integer from 1 to 64, got '0'/);
    expect(() => getTask('opt:suite', { sizing: 'meta' })).toThrow(/unknown option 'sizing' \(options: seed, instances, stage, families, gainCap\)/);
    expect(() => getTask('opt:suite', { stage: 'first' })).toThrow(/^task opt:suite: stage must be full or hurdle, got 'first'$/);
    expect(() => getTask('opt:mlp', { sizing: 'huge' })).toThrow(/sizing must be search or meta/);
    expect(() => getTask('opt:mlp', { seed: -1 })).toThrow(TaskError);
  });

  it('mark unparsable programs and function programs invalid, without throwing', () => {
    const bad = scoreOptimizerCpu('def train(w, g, m, v, lr):\n  update = nosuchop(g)\n  return update, m, v\n', 'opt:beale', { instances: 1 });
    expect(bad.valid).toBe(false);
    expect(bad.score).toBe(Infinity);
    expect(bad.error).toMatch(/nosuchop/);
    const fn = scoreOptimizerCpu('def f(x):\n  y = x * 2\n  return y\n', 'opt:beale', { instances: 1 });
    expect(fn.valid).toBe(false);
    expect(fn.error).toMatch(/optimizer programs/);
    expect(() => scoreOptimizerCpu('def f(x):\n  return x\n', 'opt:nope')).toThrow(TaskError);
  });

  it('use the wider 7-point grid on meta-sized instances', () => {
    const r = scoreOptimizerCpu('def train(w, g, m, v, lr):\n  m = interp(g, m, 0.9)\n  update = sign(m)\n  lr = lr * 0.0003\n  update = update * lr\n  return update, m, v\n', 'opt:rosenbrock', { sizing: 'meta', instances: 1 });
    expect(r.measures.trainings).toBe(7);
    expect(r.valid).toBe(true);
  });

  it('score deterministically', () => {
    const text = 'def train(w, g, m, v, lr):\n  m = interp(g, m, 0.9)\n  update = sign(m)\n  lr = lr * 0.0003\n  update = update * lr\n  return update, m, v\n';
    const a = scoreOptimizerCpu(text, 'opt:rosenbrock', { instances: 2 });
    const b = scoreOptimizerCpu(text, 'opt:rosenbrock', { instances: 2 });
    expect(a).toEqual(b);
    expect(Number.isFinite(a.score)).toBe(true);
  });
});

describe('the families option', () => {
  it('restricts opt:suite and opt:meta-validation to the named families, in family order, and records them', () => {
    const t = optimizerTask('opt:suite', { families: 'charlm, iris' });
    expect(t?.families).toEqual(['iris', 'charlm']);
    expect(t?.options).toEqual({ seed: 0, instances: 4, families: 'iris,charlm' });
    expect(t?.measures).toContain('family.charlm');
    expect(t?.measures).not.toContain('family.quadratic');
    expect(optimizerTask('opt:meta-validation', { families: 'mlp2' })?.families).toEqual(['mlp2']);
    // The hurdle stage of a task without hurdle families keeps them all, at half the instances.
    expect(optimizerTask('opt:suite', { families: 'iris,digits', stage: 'hurdle' })?.families).toEqual(['iris', 'digits']);
  });

  it('rejects unknown or no families, and single-family tasks', () => {
    expect(() => optimizerTask('opt:suite', { families: 'iris,cifar' })).toThrow(/unknown family 'cifar' in families \(families: quadratic/);
    expect(() => optimizerTask('opt:suite', { families: ' , ' })).toThrow(/families is empty/);
    expect(() => optimizerTask('opt:iris', { families: 'iris' })).toThrow(TaskError);
  });
});

describe('the gainCap option', () => {
  it('is recorded only when set, named in the description, and kept by the hurdle stage', () => {
    expect(optimizerTask('opt:suite')?.gainCap).toBe(0);
    expect(optimizerTask('opt:suite', { gainCap: 0 })?.options).toEqual({ seed: 0, instances: 4 });
    const t = optimizerTask('opt:suite', { gainCap: 0.2 });
    expect(t?.options).toEqual({ seed: 0, instances: 4, gainCap: 0.2 });
    expect(t?.description).toMatch(/family gains capped at 0.2/);
    expect(optimizerTask('opt:suite', { gainCap: 0.2, stage: 'hurdle' })?.gainCap).toBe(0.2);
    expect(optimizerTask('opt:mlp', { gainCap: 0.5 })?.gainCap).toBe(0.5);
  });

  it('rejects negative, non-numeric and absurd caps with one line', () => {
    for (const bad of [-1, 'x', 1000, NaN]) expect(() => optimizerTask('opt:suite', { gainCap: bad })).toThrow(/^task opt:suite: gainCap must be a number from 0 \(off\) to 100, got '/);
  });

  it('caps the gains of the score and leaves its losses and its family scores as they are', () => {
    const text = 'def train(w, g, m, v, lr):\n  m = interp(g, m, 0.9)\n  update = sign(m)\n  lr = lr * 0.0003\n  update = update * lr\n  return update, m, v\n';
    const plain = scoreOptimizerCpu(text, 'opt:suite', { instances: 1, families: 'quadratic,rosenbrock,logistic' });
    const capped = scoreOptimizerCpu(text, 'opt:suite', { instances: 1, families: 'quadratic,rosenbrock,logistic', gainCap: 0.1 });
    const families = ['quadratic', 'rosenbrock', 'logistic'].map((f) => plain.measures[`family.${f}`]);
    for (const f of ['quadratic', 'rosenbrock', 'logistic']) expect(capped.measures[`family.${f}`]).toBe(plain.measures[`family.${f}`]);
    const expected = families.reduce((t, s) => t + (s < 0 ? -0.1 * Math.tanh(-s / 0.1) : s), 0) / 3;
    expect(capped.score).toBe(Math.fround(expected));
    expect(capped.score).toBeGreaterThanOrEqual(plain.score);
  });
});

describe('baselineScoresCpu', () => {
  it('scores every baseline seed, AdamW at exactly 0', async () => {
    const { BASELINE_SEEDS, baselineScoresCpu } = await import('../../../../src/eval/tasks/optimizer/score.ts');
    const scores = baselineScoresCpu('opt:rosenbrock', { instances: 2 });
    expect(Object.keys(scores)).toEqual([...BASELINE_SEEDS]);
    expect(scores.adamw.score).toBe(0);
    for (const r of Object.values(scores)) expect(r.valid).toBe(true);
    expect(new Set(Object.values(scores).map((r) => r.score)).size).toBeGreaterThan(3);
  });
});
