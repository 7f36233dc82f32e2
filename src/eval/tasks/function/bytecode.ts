/**
 * Function-domain programs as bytecode for the interpreter kernel (gpu-kernel.ts): live
 * statements only, each op by its index in APPLICABLE_OPS, each result in a fresh register.
 * Registers: 0 = x, then one per literal or named-constant occurrence (their f32 values go to the
 * constants buffer), then one per statement.
 */
import { liveStatements } from '../../../dsl/liveness.ts';
import { APPLICABLE_OPS, getOp } from '../../../dsl/ops/table.ts';
import type { Program } from '../../../dsl/program.ts';
import { INTERPRETER_REGISTERS } from './gpu-kernel.ts';

const OPCODES: ReadonlyMap<string, number> = new Map(APPLICABLE_OPS.map((op, i) => [op.name, i]));

export interface Bytecode {
  /** 4 words per instruction: opcode, destination, a, b | c << 16. */
  readonly code: Uint32Array;
  /** Values of registers 1..literals.length. */
  readonly literals: readonly number[];
  readonly outputRegister: number;
}

/** The program's bytecode, or undefined when it needs more registers than the kernel has. */
export function assemble(p: Program): Bytecode | undefined {
  if (p.domain !== 'function') throw new Error('assemble: function-domain programs only');
  const live = liveStatements(p);
  const literals: number[] = [];
  const operandSlots: number[][] = [];
  // Literal registers come first, so statement registers are known before any instruction is written.
  p.body.forEach((s, i) => {
    if (!live[i]) return;
    operandSlots[i] = s.args.map((a) => {
      if (a.kind === 'var') return -1;
      literals.push(a.kind === 'lit' ? a.value : getOp(a.name).f64());
      return literals.length;
    });
  });
  const registers = new Map<string, number>([['x', 0]]);
  let next = 1 + literals.length;
  const words: number[] = [];
  for (let i = 0; i < p.body.length; i++) {
    if (!live[i]) continue;
    const s = p.body[i];
    const args = s.args.map((a, k) => {
      if (a.kind !== 'var') return operandSlots[i][k];
      const r = registers.get(a.name);
      if (r === undefined) throw new Error(`assemble: statement ${i + 1} reads '${a.name}' before it is assigned`);
      return r;
    });
    const opcode = OPCODES.get(s.op);
    if (opcode === undefined) throw new Error(`assemble: '${s.op}' is not an applicable op`);
    const dst = next++;
    words.push(opcode, dst, args[0] ?? 0, (args[1] ?? 0) | ((args[2] ?? 0) << 16));
    registers.set(s.target, dst);
  }
  if (next > INTERPRETER_REGISTERS) return undefined;
  const out = registers.get(p.outputs[0]);
  if (out === undefined) throw new Error(`assemble: output '${p.outputs[0]}' is never assigned`);
  return { code: Uint32Array.from(words), literals, outputRegister: out };
}
