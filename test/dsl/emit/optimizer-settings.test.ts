import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportProgram } from '../../../src/dsl/emit/index.ts';
import { weightDecayTerm, wrapDoc } from '../../../src/dsl/emit/optimizer-settings.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { withWeightDecay } from '../../../src/eval/tasks/optimizer/baselines.ts';
import { ADAMW, gradients } from './support/programs.ts';
import { expectClose, optimizerReference, TOLERANCE } from './support/reference.ts';
import { parseNamedNumbers, runInTempDir, runTypeScript } from './support/run-export.ts';
import { PYTHONS_TRIED, pythonWith, skipNote } from './support/runtimes.ts';

const torchPython = pythonWith('torch');
const torchNote = torchPython ? '' : ` (${skipNote('PyTorch weight-decay export test', `no Python among ${PYTHONS_TRIED} imports torch (Debian: apt-get install python3-torch)`)})`;
const RUN = { w0: [0.5, -0.25, 1.5, -2, 0.125, 3], grads: gradients(5, 6), lr: 3 };
const LR = { lr: 0.5, note: 'half of AdamW\'s, for the test.' };

const program = (lines: readonly string[]): ReturnType<typeof parseProgram> => parseProgram(`def train(w, g, m, v, lr):\n${lines.map((l) => `  ${l}\n`).join('')}  return update, m, v\n`);

describe('weightDecayTerm', () => {
  it('finds the literal multiplying w in the first live statement that does', () => {
    expect(weightDecayTerm(ADAMW)).toEqual({ index: 5, arg: 1, value: 0.01, target: 'wd' });
    expect(weightDecayTerm(program(['d = 0.2 * w', 'update = g + d']))).toEqual({ index: 0, arg: 0, value: 0.2, target: 'd' });
  });

  it('ignores dead terms, terms after w is reassigned, products of two variables and functions', () => {
    expect(weightDecayTerm(program(['d = w * 0.2', 'update = g * lr']))).toBeUndefined();
    expect(weightDecayTerm(program(['w = g * 2', 'd = w * 0.2', 'update = g + d']))).toBeUndefined();
    expect(weightDecayTerm(program(['d = w * g', 'update = g + d']))).toBeUndefined();
    expect(weightDecayTerm(parseProgram('def f(x):\n  y = x * 2\n  return y\n'))).toBeUndefined();
  });
});

describe('wrapDoc', () => {
  it('keeps every word, in order, within the width unless a word is longer', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 40 }), fc.integer({ min: 10, max: 100 }), (words, width) => {
        const lines = wrapDoc(words.join(' '), width, '  ');
        expect(lines.map((l) => l.trim()).join(' ')).toBe(words.join(' '));
        for (const l of lines) expect(l.length <= width || !l.trim().includes(' ')).toBe(true);
      }),
    );
  });
});

describe('optimizer exports take their settings as arguments', () => {
  it('inline snapshot: PyTorch AdamW with a learning-rate default documents both settings', () => {
    const code = exportProgram(ADAMW, 'pytorch', { learningRate: LR });
    const start = code.indexOf('class DiscoveredOptimizer');
    expect(code.slice(start, code.indexOf('@torch.no_grad()'))).toMatchInlineSnapshot(`
      "class DiscoveredOptimizer(torch.optim.Optimizer):
          """The discovered optimizer: each step computes update, m, v element-wise from (w, g, m, v, lr)
          and the step number t (1 on the first step), then w <- w - update; m and v start at 0.

          lr_value: the learning rate (the program's lr input), default 0.5: half of AdamW's, for the
              test.
          weight_decay: the constant multiplying w in \`wd = w * C\`, default 0.01 (the discovered
              value).
          """

          def __init__(self, params, lr_value=0.5, weight_decay=0.01):
              if not lr_value >= 0.0:
                  raise ValueError(f"invalid learning rate: {lr_value}")
              super().__init__(params, dict(lr=lr_value, weight_decay=weight_decay))

          "
    `);
    expect(code).toContain('wd = (w * weight_decay)');
    expect(code).toContain('weight_decay = torch.as_tensor(group["weight_decay"], dtype=dtype, device=device)');
  });

  it('inline snapshot: NumPy and optax signatures', () => {
    const numpy = exportProgram(ADAMW, 'numpy', { learningRate: LR });
    expect(numpy.split('\n').filter((l) => /def __init__|weight_decay/.test(l)).join('\n')).toMatchInlineSnapshot(`
      "    weight_decay: the constant multiplying w in \`wd = w * C\`, default 0.01 (the discovered
          def __init__(self, shape, lr_value=0.5, dtype=np.float64, weight_decay=0.01):
              self.weight_decay = weight_decay
              weight_decay = dtype.type(self.weight_decay)
              wd = (w * weight_decay)"
    `);
    const optax = exportProgram(ADAMW, 'optax', { learningRate: LR });
    expect(optax.split('\n').filter((l) => /def discovered_optimizer|weight_decay/.test(l)).join('\n')).toMatchInlineSnapshot(`
      "def discovered_optimizer(learning_rate=0.5, weight_decay=0.01):
          weight_decay: the constant multiplying w in \`wd = w * C\`, default 0.01 (the discovered
                  wd = (w * np.asarray(weight_decay, dtype=dtype))"
    `);
  });

  it('without a learning-rate default NumPy and TypeScript still require lr, and PyTorch defaults to 1.0', () => {
    expect(exportProgram(ADAMW, 'numpy')).toContain('def __init__(self, shape, lr_value, dtype=np.float64, weight_decay=0.01):');
    expect(exportProgram(ADAMW, 'ts')).toContain('constructor(size: number, lr: number, weightDecay: number = 0.01) {');
    expect(exportProgram(ADAMW, 'pytorch')).toContain('def __init__(self, params, lr_value=1.0, weight_decay=0.01):');
    expect(exportProgram(ADAMW, 'ts', { learningRate: LR })).toContain('constructor(size: number, lr: number = 0.5, weightDecay: number = 0.01) {');
  });

  it('TypeScript: weightDecay 0.2 steps as the program with 0.2 written in it, and the default as the program', () => {
    for (const [arg, value] of [['', 0.01], [', 0.2', 0.2]] as const) {
      const driver = [
        "import { DiscoveredOptimizer } from './export.ts';",
        `const opt = new DiscoveredOptimizer(${RUN.w0.length}, ${RUN.lr}${arg});`,
        `const w = Float32Array.from(${JSON.stringify(RUN.w0)});`,
        `for (const g of ${JSON.stringify(RUN.grads)}) opt.step(w, Float32Array.from(g));`,
        'const s = (a: Float32Array) => Array.from(a, String);',
        'console.log(JSON.stringify({ w: s(w), m: s(opt.m), v: s(opt.v) }));',
      ].join('\n');
      const out = parseNamedNumbers(runTypeScript({ 'export.ts': exportProgram(ADAMW, 'ts', { precision: 'f32' }), 'driver.ts': driver }, 'driver.ts'));
      const ref = optimizerReference(withWeightDecay(ADAMW, value), RUN, 'f32', 'f32');
      expectClose(out.w, ref.w, 0, `weight decay ${value}: w`);
    }
  });

  it.skipIf(!torchPython)(`PyTorch: weight_decay=0.2 steps as the program with 0.2 written in it${torchNote}`, () => {
    const driver = [
      'import json, sys',
      'sys.path.insert(0, sys.argv[1])',
      'import torch',
      'from export_module import DiscoveredOptimizer',
      `param = torch.nn.Parameter(torch.tensor(${JSON.stringify(RUN.w0)}, dtype=torch.float64))`,
      `opt = DiscoveredOptimizer([param], lr_value=${RUN.lr}, weight_decay=0.2)`,
      `for g in ${JSON.stringify(RUN.grads)}:`,
      '    param.grad = torch.tensor(g, dtype=torch.float64)',
      '    opt.step()',
      'print(json.dumps({"w": [repr(x) for x in param.detach().tolist()]}))',
    ].join('\n');
    const text = runInTempDir({ 'export_module.py': exportProgram(ADAMW, 'pytorch'), 'driver.py': driver }, (dir) => ({ cmd: torchPython as string, args: [`${dir}/driver.py`, dir] }));
    const ref = optimizerReference(withWeightDecay(ADAMW, 0.2), RUN, 'f64', 'f64');
    expectClose(parseNamedNumbers(text).w, ref.w, TOLERANCE.f64, 'w');
    // The default weight decay is the program's: a different run from 0.2.
    const plain = optimizerReference(ADAMW, RUN, 'f64', 'f64');
    expect(plain.w).not.toEqual(ref.w);
  });
});
