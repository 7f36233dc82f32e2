/**
 * The function kind's CPU evaluator: a program runs one statement at a time over all points, each
 * statement through a small loop kernel built once per (op, operand pattern, precision) from the
 * op table's `ts` emitter — the same expressions, with the same Math.fround wrapping, that
 * compile.ts puts in a per-program closure, so results are identical bit for bit.
 *
 * Why not a closure per program (compile.ts): V8 runs every new function in its interpreter until
 * the loop has run long enough to be optimised, and search candidates are all new functions. The
 * kernels here are shared by every program, so they are hot after the first few. Measured on the
 * 2-core box (64 random programs of 5-30 ops, f32, one thread, under load):
 *   1024 points:  closures 14-26 M node-evaluations/s, kernels 48-435 M (arithmetic ops);
 *                 closures 8-11 M, kernels 13-52 M (every op);
 *   65536 points: closures 170-232 M, kernels 354-397 M (arithmetic); 38-57 M vs 79-111 M (every op).
 */
import { getOp } from '../../../dsl/ops/table.ts';
import type { Precision } from '../../../dsl/ops/table.ts';
import type { Operand, Program } from '../../../dsl/program.ts';
import { allInputs } from '../../../dsl/signature.ts';
import { liveStatements } from '../../../dsl/liveness.ts';

/** out[i] = op(a[i] or a, b[i] or b, c[i] or c) for i < n. */
type Kernel = (out: Float64Array, a: unknown, b: unknown, c: unknown, n: number) => void;

const kernels = new Map<string, Kernel>();

/** The kernel for `op` with operands that are columns ('v') or one number ('s'), e.g. pattern 'vs'. */
function kernel(opName: string, pattern: string, precision: Precision): Kernel {
  const key = `${opName}/${pattern}/${precision}`;
  let k = kernels.get(key);
  if (k) return k;
  const op = getOp(opName);
  const names = ['a', 'b', 'c'].slice(0, op.arity);
  const loads = names.filter((_, j) => pattern[j] === 'v').map((name) => `const ${name}i = ${name}[i];`);
  const expr = op.emit.ts(names.map((name, j) => (pattern[j] === 'v' ? `${name}i` : name)), precision);
  const helpers = op.helpers?.ts ?? [];
  const body = [
    '"use strict";',
    ...helpers,
    `return function ${op.name}_${pattern || 'const'}(out, a, b, c, n) {`,
    `  for (let i = 0; i < n; i++) { ${loads.join(' ')} out[i] = ${precision === 'f32' ? `Math.fround(${expr})` : expr}; }`,
    '};',
  ].join('\n');
  k = new Function(body)() as Kernel;
  kernels.set(key, k);
  return k;
}


/** Reusable column storage, so a batch of programs allocates its columns once. */
export class ColumnPool {
  private readonly columns: Float64Array[] = [];
  private used = 0;
  constructor(private readonly n: number) {}
  take(): Float64Array {
    if (this.used === this.columns.length) this.columns.push(new Float64Array(this.n));
    return this.columns[this.used++];
  }
  /** Makes every column available again (their contents are overwritten by the next program). */
  reset(): void {
    this.used = 0;
  }
}

const scratch = new Float64Array(1);

/**
 * Runs `p` on `n` points. `inputs[j]` holds input `allInputs(domain)[j]` (already rounded to
 * float32 for 'f32'); returns one column or number per output, in signature order (a number when
 * the output does not depend on any input). Columns come from `pool` and stay valid until its
 * next reset.
 */
export function evaluateColumnar(p: Program, inputs: readonly Float64Array[], n: number, precision: Precision, pool: ColumnPool): (Float64Array | number)[] {
  const values = new Map<string, Float64Array | number>(allInputs(p.domain).map((name, j) => [name, inputs[j]]));
  const constant = (a: Operand): number => {
    if (a.kind === 'lit') return precision === 'f32' ? Math.fround(a.value) : a.value;
    if (a.kind === 'const') {
      kernel(a.name, '', precision)(scratch, 0, 0, 0, 1);
      return scratch[0];
    }
    throw new Error('constant: not a constant');
  };
  const live = liveStatements(p);
  p.body.forEach((s, index) => {
    if (!live[index]) return;
    const args = s.args.map((a) => {
      if (a.kind !== 'var') return constant(a);
      const v = values.get(a.name);
      if (v === undefined) throw new Error(`evaluateColumnar: statement ${index + 1} reads '${a.name}' before it is assigned`);
      return v;
    });
    const pattern = args.map((a) => (typeof a === 'number' ? 's' : 'v')).join('');
    if (!pattern.includes('v')) {
      // Constants only: one evaluation stands for every point.
      kernel(s.op, pattern, precision)(scratch, args[0], args[1], args[2], 1);
      values.set(s.target, scratch[0]);
      return;
    }
    const out = pool.take();
    kernel(s.op, pattern, precision)(out, args[0], args[1], args[2], n);
    values.set(s.target, out);
  });
  return p.outputs.map((name) => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`evaluateColumnar: output '${name}' is never assigned`);
    return v;
  });
}
