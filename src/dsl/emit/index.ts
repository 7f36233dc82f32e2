/**
 * `exportProgram(p, target, options)`: a program as source code for the runtime a user ships.
 *
 *   target   function approximation        optimizer
 *   ts       function f(x: number)         class stepping Float32Array parameters
 *   wgsl     fn f(x: f32) -> f32           update kernel
 *   c        float/double f(x)             in-place step over arrays
 *   numpy    function over arrays          class stepping an array
 *   pytorch  function over tensors         torch.optim.Optimizer subclass
 *   optax    -                             optax GradientTransformation
 *   latex    aligned assignments           aligned assignments and the step
 */
import type { Precision } from '../ops/table.ts';
import type { Program } from '../program.ts';
import { exportC } from './c.ts';
import { checkExportName, type IdentifierLanguage } from './identifiers.ts';
import { exportLatex } from './latex.ts';
import { exportNumpy, exportOptax, exportPytorch } from './python.ts';
import type { LearningRateDefault, WeightDecayDefault } from './optimizer-settings.ts';
import { exportTypeScript } from './ts.ts';
import { exportWgsl } from './wgsl-export.ts';

export const EXPORT_TARGETS = ['ts', 'wgsl', 'c', 'numpy', 'pytorch', 'optax', 'latex'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** A request the exporter cannot honour (a target for the wrong domain, f64 WGSL, a bad name). */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportOptions {
  /** Arithmetic precision (default f64; WGSL is always f32). */
  readonly precision?: Precision;
  /** Name of the exported function or class (an identifier; default per target). */
  readonly name?: string;
  /**
   * Optimizers: the default learning rate of the exported class (TypeScript, NumPy, PyTorch,
   * optax), documented in its docstring with `note`. Weight decay is exposed whenever the program
   * has a `w` term (optimizer-settings.ts), whatever this says.
   */
  readonly learningRate?: LearningRateDefault;
  /** Optimizers with a `w` term: where its default comes from, for the docstring (default: the discovered value). */
  readonly weightDecay?: WeightDecayDefault;
}

/** File extension for a target's output. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportTarget, string>> = { ts: 'ts', wgsl: 'wgsl', c: 'c', numpy: 'py', pytorch: 'py', optax: 'py', latex: 'tex' };

const LANGUAGE: Readonly<Record<ExportTarget, IdentifierLanguage>> = { ts: 'ts', wgsl: 'wgsl', c: 'c', numpy: 'python', pytorch: 'python', optax: 'python', latex: 'ts' };

/** Targets available for a domain. */
export function exportTargetsFor(domain: Program['domain']): readonly ExportTarget[] {
  return domain === 'optimizer' ? EXPORT_TARGETS : EXPORT_TARGETS.filter((t) => t !== 'optax');
}

export function isExportTarget(name: string): name is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(name);
}

export function exportProgram(p: Program, target: ExportTarget, options: ExportOptions = {}): string {
  if (!exportTargetsFor(p.domain).includes(target)) throw new ExportError(`--to ${target} exports optimizers only; this is a ${p.domain} program (targets: ${exportTargetsFor(p.domain).join(', ')})`);
  if (options.name !== undefined) {
    const problem = checkExportName(options.name, LANGUAGE[target]);
    if (problem) throw new ExportError(`--name: ${problem}`);
  }
  const precision = options.precision ?? (target === 'wgsl' ? 'f32' : 'f64');
  const named = { ...(options.name !== undefined ? { name: options.name } : {}), ...(options.learningRate && p.domain === 'optimizer' ? { learningRate: options.learningRate } : {}), ...(options.weightDecay && p.domain === 'optimizer' ? { weightDecay: options.weightDecay } : {}) };
  switch (target) {
    case 'ts':
      return exportTypeScript(p, { precision, ...named });
    case 'wgsl':
      if (precision !== 'f32') throw new ExportError('--to wgsl: WGSL has no f64; use --precision f32');
      return exportWgsl(p, named);
    case 'c':
      return exportC(p, { precision, ...named });
    case 'numpy':
      return exportNumpy(p, { precision, ...named });
    case 'pytorch':
      return exportPytorch(p, { precision, ...named });
    case 'optax':
      return exportOptax(p, { precision, ...named });
    case 'latex':
      return exportLatex(p);
  }
}
