/**
 * `symdisc export FILE|DIR --to TARGET [--out FILE] [--precision f32|f64] [--name NAME] [--cost C]`:
 * writes a program as source code (TypeScript, WGSL, C, NumPy, PyTorch, optax, LaTeX).
 */
import { writeFileSync } from 'node:fs';
import { EXPORT_TARGETS, ExportError, exportProgram, isExportTarget } from '../dsl/emit/index.ts';
import type { Command } from './command.ts';
import { loadProgram } from './program-source.ts';
import { oneOf, parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc export FILE|DIR --to TARGET [--out FILE] [--precision f32|f64] [--name NAME] [--cost C]

Writes the program in FILE (a program file or a seed name), or the best program of the run
directory DIR (its front.json), as source code:
  --to TARGET        ${EXPORT_TARGETS.join(', ')}
                       function approximation: ts function, WGSL function, C, NumPy or PyTorch
                       function, LaTeX; optimizer: ts class stepping Float32Array parameters, WGSL
                       update kernel, C step, NumPy class, torch.optim.Optimizer, optax
                       GradientTransformation, LaTeX
  --out FILE         write to FILE instead of standard output
  --precision P      f32 or f64 arithmetic (default f64; WGSL is f32 only)
  --name NAME        name of the exported function or class
  --cost C           with DIR: the front's entry of cost C instead of the best-scoring one
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
    const loaded = loadProgram('export', flags.positional[0], cost);
    const name = flags.values.get('name');
    let code: string;
    try {
      code = exportProgram(loaded.program, to, { ...(precision ? { precision } : {}), ...(name !== undefined ? { name } : {}) });
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
