/**
 * Constant fitting of a function program inside evaluation: the program is compiled once with its
 * fitted literals read from an array (compileWithConstants), so each of the fitter's hundreds of
 * residual evaluations is one call of the same hot closure instead of a fresh compile.
 *
 * Which literals are fitted: every nonzero literal. Zero stays exact (a multiplicative step cannot
 * move it and it usually marks a structural choice); 1 and 2 are fitted too, so that a seed such as
 * the Taylor polynomial (whose constant term is 1) can become the minimax polynomial.
 *
 * The fit always runs in f64 (a smooth objective), with residuals in the task's error measure
 * (absolute, relative, or float32 ULPs of the reference); the caller scores the fitted program
 * in the task's precision afterwards.
 */
import { compileWithConstants } from '../../dsl/compile.ts';
import { compileWithConstantsWasm, wasmResiduals, wasmResidualsBatch } from '../backends/wasm/fit-kernel.ts';
import type { WasmResiduals } from '../backends/wasm/fit-kernel.ts';
import { literals, withLiterals } from '../../dsl/program.ts';
import type { Program } from '../../dsl/program.ts';
import type { ErrorKind, FunctionTaskData } from '../tasks/function/task.ts';
import { fitConstants } from './fit-constants.ts';
import type { FitMethod, FitObjective } from './objective.ts';

export interface ProgramFitOptions {
  readonly method: FitMethod;
  /** Residual evaluations to spend. */
  readonly budget: number;
  readonly seed: number;
  readonly error: ErrorKind;
  /** lm-minimax runs the budget is split over (default 1). */
  readonly runs?: number;
  /** The program's wasm residuals compiled with its batch (prepareFits), when it has them. */
  readonly prepared?: WasmResiduals;
}

export interface ProgramFit {
  /** The program with the fitted values written back (the input itself when nothing improved). */
  readonly program: Program;
  /** Whether the constants changed. */
  readonly changed: boolean;
  /** Max error on the fitting points before and after. */
  readonly before: number;
  readonly after: number;
  readonly evaluations: number;
}

export const isFittedLiteral = (value: number): boolean => value !== 0;

/** The residuals of `p` over `data` as a function of its fitted literals (plus their start values). */
export function programObjective(p: Program, data: FunctionTaskData, error: ErrorKind, prepared?: WasmResiduals): { objective: FitObjective; initial: Float64Array; positions: readonly number[] } {
  const n = data.xs.length;
  const scale = scaleColumn(data, error);
  const { hi, lo } = data;
  // The wasm kernels where they are faster (arithmetic programs): the program and the residual
  // reduction on the vector units, bit-identical to the closure and the loop below.
  const fast = prepared ?? wasmResiduals(p, { xs: data.xs, hi, lo, scale }, isFittedLiteral);
  if (fast) {
    const { residuals } = fast;
    const objective: FitObjective = {
      nPoints: n,
      residuals(constants, out) {
        residuals(constants, out);
      },
      residualsMax: residuals,
    };
    return { objective, initial: fast.initial, positions: fast.positions };
  }
  const { run, positions, initial } = compileWithConstantsWasm(p, n, isFittedLiteral) ?? compileWithConstants(p, 'f64', isFittedLiteral);
  const inputs = [data.xs];
  const y = new Float64Array(n);
  const outputs = [y];
  const objective: FitObjective = {
    nPoints: n,
    residuals(constants: Float64Array, out: Float64Array): void {
      run(inputs, outputs, n, constants);
      for (let i = 0; i < n; i++) out[i] = (y[i] - hi[i] - lo[i]) * scale[i];
    },
  };
  return { objective, initial, positions };
}

/**
 * The wasm residuals of a batch of programs about to be fitted on `data`, compiled as one module
 * (one compile for the batch instead of one per program); undefined where a program has none.
 * Pass each to fitProgram as `prepared`: the fit is the same as without.
 */
export function prepareFits(programs: readonly Program[], data: FunctionTaskData, error: ErrorKind): (WasmResiduals | undefined)[] {
  return wasmResidualsBatch(programs, { xs: data.xs, hi: data.hi, lo: data.lo, scale: scaleColumn(data, error) }, isFittedLiteral);
}

const scaleColumns = new WeakMap<FunctionTaskData, Map<ErrorKind, Float64Array>>();

/** The residuals' per-point divisors (as multipliers) of an error measure, kept per point set. */
function scaleColumn(data: FunctionTaskData, error: ErrorKind): Float64Array {
  let byError = scaleColumns.get(data);
  if (!byError) scaleColumns.set(data, (byError = new Map()));
  let scale = byError.get(error);
  if (!scale) {
    const n = data.xs.length;
    scale = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (error === 'abs') scale[i] = 1;
      else if (error === 'ulp') scale[i] = data.inverseUlp[i];
      else scale[i] = data.absolute[i] > 0 ? 1 / data.absolute[i] : 1;
    }
    byError.set(error, scale);
  }
  return scale;
}

/** Fits the nonzero literals of `p` to minimise its max error over `data`. */
export function fitProgram(p: Program, data: FunctionTaskData, options: ProgramFitOptions): ProgramFit {
  const { objective, initial, positions } = programObjective(p, data, options.error, options.prepared);
  if (positions.length === 0) return { program: p, changed: false, before: NaN, after: NaN, evaluations: 0 };
  const scratch = new Float64Array(objective.nPoints);
  objective.residuals(initial, scratch);
  let before = 0;
  for (const r of scratch) before = Number.isFinite(r) ? Math.max(before, Math.abs(r)) : Infinity;
  if (Number.isNaN(before)) before = Infinity;
  const result = fitConstants(objective, initial, { method: options.method, budget: options.budget, seed: options.seed, ...(options.runs ? { runs: options.runs } : {}) });
  if (!(result.maxError < before)) return { program: p, changed: false, before, after: before, evaluations: result.evaluations };
  const values = literals(p);
  positions.forEach((k, j) => {
    values[k] = result.constants[j];
  });
  return { program: withLiterals(p, values), changed: true, before, after: result.maxError, evaluations: result.evaluations };
}

/** A deterministic 32-bit seed from program text (FNV-1a): the same child always fits the same way. */
export function textSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
