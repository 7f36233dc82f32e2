/**
 * `symdisc export FILE|DIR --to TARGET [--out FILE] [--precision f32|f64] [--name NAME] [--cost C]`:
 * writes a program as source code (TypeScript, WGSL, C, NumPy, PyTorch, optax, LaTeX).
 */
import { writeFileSync } from 'node:fs';
import { EXPORT_TARGETS, ExportError, exportProgram, isExportTarget } from '../dsl/emit/index.ts';
import type { Command } from './command.ts';
import { selectedRule } from './export-settings.ts';
import type { SelectedRule } from './export-settings.ts';
import { loadProgram } from './program-source.ts';
import { oneOf, parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc export FILE|DIR --to TARGET [--out FILE] [--precision f32|f64] [--name NAME] [--cost C]

Writes the program in FILE (a program file or a seed name), or a program of the run directory DIR,
as source code. From DIR: the rule 'symdisc select DIR' chose (selected.json), whose optimizer
class defaults to the learning rate that won there (the geometric mean over the validation
families of its best lr relative to tuned AdamW's, times 1, the lr at which the AdamW seed steps
at 1e-3; the docstring says so); before select has run, the best entry of its front.json.
Optimizers whose program multiplies w by a constant take it as a weight_decay argument.
  --to TARGET        ${EXPORT_TARGETS.join(', ')}
                       function approximation: ts function, WGSL function, C, NumPy or PyTorch
                       function, LaTeX; optimizer: ts class stepping Float32Array parameters, WGSL
                       update kernel, C step, NumPy class, torch.optim.Optimizer, optax
                       GradientTransformation, LaTeX
  --out FILE         write to FILE instead of standard output
  --precision P      f32 or f64 arithmetic (default f64; WGSL is f32 only)
  --name NAME        name of the exported function or class
  --cost C           with DIR: the front's entry of cost C instead (no lr default)
Optimizers follow the DSL: w <- w - update, m and v start at 0 and persist, t counts steps from 1.`;

const FLAGS = {
  to: { accepts: EXPORT_TARGETS.join('|') },
  out: { accepts: 'a file path' },
  precision: { accepts: 'f32|f64' },
  name: { accepts: 'an identifier' },
  cost: { accepts: 'an integer cost on the run\'s front' },
} as const;

export const command: Command = {
  name: 'export',
  summary: 'write a program (or a run\'s best) as TypeScript, WGSL, C, NumPy, PyTorch, optax or LaTeX',
  usage,
  async run(argv) {
    const flags = parseFlags('export', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`export: expected one FILE or run directory, got ${flags.positional.length}; usage: symdisc export FILE --to TARGET`);
    const to = flags.values.get('to');
    if (to === undefined) throw new UsageError(`export: --to is required: ${EXPORT_TARGETS.join(', ')}`);
    if (!isExportTarget(to)) throw new UsageError(`export: --to must be one of ${EXPORT_TARGETS.join(', ')}, got '${to}'`);
    const precisionFlag = flags.values.get('precision');
    const precision = precisionFlag === undefined ? undefined : oneOf('export', 'precision', precisionFlag, ['f32', 'f64'] as const);
    const costFlag = flags.values.get('cost');
    const cost = costFlag === undefined ? undefined : positiveInteger('export', 'cost', costFlag, 0);
    const source = flags.positional[0];
    const selected: SelectedRule | undefined = cost === undefined ? selectedRule(source) : undefined;
    const loaded = selected ?? loadProgram('export', source, cost);
    if (selected) {
      const lr = selected.learningRate ? `, default lr ${selected.learningRate.lr}` : ', no lr measures in it: lr default 1';
      const decay = selected.weightDecay ? `, decoupled weight decay ${selected.weightDecay.value} (the median select tuned)` : '';
      process.stderr.write(`export: the rule select chose in ${loaded.origin}${lr}${decay}${selected.beatBaseline ? '' : ' (no program beat the baseline there: this is the best re-evaluated one)'}\n`);
    }
    const name = flags.values.get('name');
    let code: string;
    try {
      code = exportProgram(loaded.program, to, { ...(precision ? { precision } : {}), ...(name !== undefined ? { name } : {}), ...(selected?.learningRate ? { learningRate: selected.learningRate } : {}), ...(selected?.weightDecay ? { weightDecay: { note: selected.weightDecay.note } } : {}) });
    } catch (error) {
      if (error instanceof ExportError) throw new UsageError(`export: ${error.message}`);
      throw error;
    }
    const out = flags.values.get('out');
    if (out === undefined) {
      process.stdout.write(code);
    } else {
      try {
        writeFileSync(out, code);
      } catch (error) {
        throw new UsageError(`export: cannot write '${out}': ${(error as Error).message}`);
      }
      process.stderr.write(`export: wrote ${to} for ${loaded.origin} to ${out}\n`);
    }
    return 0;
  },
};
