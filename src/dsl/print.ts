/**
 * Canonical program text, as the Lion paper prints programs: the `def` line from the domain's
 * signature, one statement per line indented by two spaces, `+ - * /` infix, every other op as a
 * call, `return a, b, c`, a trailing newline. `parseProgram(printProgram(p))` equals `p`.
 */
import { formatNumber } from './format-number.ts';
import { findOp } from './ops/table.ts';
import type { Operand, Program, Statement } from './program.ts';
import { SIGNATURES } from './signature.ts';

const INDENT = '  ';

export function printProgram(p: Program): string {
  const signature = SIGNATURES[p.domain];
  const lines = [`def ${signature.name}(${signature.inputs.join(', ')}):`];
  for (const s of p.body) lines.push(`${INDENT}${printStatement(s)}`);
  lines.push(`${INDENT}return ${p.outputs.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** One statement without indentation, e.g. `update = m / sqrt_v` or `m = interp(g, m, 0.9)`. */
export function printStatement(s: Statement): string {
  return `${s.target} = ${printExpression(s)}`;
}

/** A statement's right-hand side. Prints invalid statements too (unknown op, wrong arity) as calls. */
export function printExpression(s: Statement): string {
  const infix = findOp(s.op)?.infix;
  const args = s.args.map(printOperand);
  return infix && args.length === 2 ? `${args[0]} ${infix} ${args[1]}` : `${s.op}(${args.join(', ')})`;
}

export function printOperand(a: Operand): string {
  return a.kind === 'lit' ? formatNumber(a.value) : a.name;
}
