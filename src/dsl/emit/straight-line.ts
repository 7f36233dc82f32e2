/**
 * The part every source exporter shares: a program's live statements as assignments in the
 * target's spelling, built only from the op table's emitters and helpers. Each target then wraps
 * them in its own function, class or kernel. Variables keep the program's (checked) names, so the
 * export reads like the program; reassignment works as in the program, one statement per line.
 */
import { getOp } from '../ops/table.ts';
import type { EmitTarget, Precision } from '../ops/table.ts';
import { printStatement } from '../print.ts';
import type { Operand, Program } from '../program.ts';
import { allInputs } from '../signature.ts';
import { type IdentifierLanguage, makeNamer, namesUsedByOps } from './identifiers.ts';
import { liveStatements } from '../liveness.ts';

export interface PlannedStatement {
  readonly target: string;
  /** True at the first assignment of a variable that is not an input (where TS writes `let`). */
  readonly declare: boolean;
  readonly expression: string;
  /** The statement in program text, for a comment. */
  readonly source: string;
}

export interface StraightLine {
  /** Identifiers of the domain's inputs, in `allInputs` order. */
  readonly inputs: readonly string[];
  readonly statements: readonly PlannedStatement[];
  /** The identifier holding each output, in signature order. */
  readonly outputs: readonly string[];
  /** Variables assigned that are not inputs, in first-assignment order (C declares them first). */
  readonly locals: readonly string[];
  /** Helper definitions, each once, in first-use order. */
  readonly helpers: readonly string[];
  /** Input names (program spelling) some live statement or output reads. */
  readonly inputsRead: ReadonlySet<string>;
}

export interface PlanOptions {
  readonly target: EmitTarget;
  readonly precision: Precision;
  readonly language: IdentifierLanguage;
  /** The exporter's own identifiers (function name, loop index, ...), which variables must avoid. */
  readonly reserved: readonly string[];
  readonly literal: (x: number) => string;
  /** Spelling of a named constant's emitted text (default: as emitted). */
  readonly namedConstant?: (text: string) => string;
  /**
   * For a statement whose operands are all constants: wraps its first operand (e.g. in a tensor),
   * so library calls that need an array get one and the result has the intended dtype.
   */
  readonly anchorConstants?: (text: string) => string;
  /** Wraps each statement's expression (the TS f32 export rounds with Math.fround). */
  readonly wrapResult?: (expression: string) => string;
  /**
   * The spelling of literal operand `arg` of statement `index` (body order) instead of the literal,
   * or undefined to keep it: optimizer exports read the weight-decay constant from a setting.
   */
  readonly literalOperand?: (index: number, arg: number) => string | undefined;
}

export function planStraightLine(p: Program, options: PlanOptions): StraightLine {
  const used = namesUsedByOps(p, options.target, options.precision);
  const name = makeNamer(options.language, [...used, ...options.reserved]);
  const inputNames = allInputs(p.domain);
  const inputs = inputNames.map(name);
  const live = liveStatements(p);
  const helpers: string[] = [];
  const locals: string[] = [];
  const inputsRead = new Set<string>();
  const constant = (a: Operand): string => {
    if (a.kind === 'lit') return options.literal(a.value);
    const text = getOp(a.name).emit[options.target]([], options.precision);
    return options.namedConstant ? options.namedConstant(text) : text;
  };
  const statements: PlannedStatement[] = [];
  const defined = new Set<string>(inputNames);
  /** Inputs whose variable still holds the value passed in. */
  const unassignedInputs = new Set<string>(inputNames);
  p.body.forEach((s, index) => {
    if (!live[index]) return;
    const op = getOp(s.op);
    for (const h of op.helpers?.[options.target] ?? []) if (!helpers.includes(h)) helpers.push(h);
    for (const a of s.args) {
      if (a.kind === 'const') for (const h of getOp(a.name).helpers?.[options.target] ?? []) if (!helpers.includes(h)) helpers.push(h);
    }
    const allConstant = s.args.every((a) => a.kind !== 'var');
    const args = s.args.map((a, j) => {
      if (a.kind === 'var') {
        if (unassignedInputs.has(a.name)) inputsRead.add(a.name);
        return name(a.name);
      }
      const override = a.kind === 'lit' ? options.literalOperand?.(index, j) : undefined;
      if (override !== undefined) return override;
      const text = constant(a);
      return allConstant && j === 0 && options.anchorConstants ? options.anchorConstants(text) : text;
    });
    const expression = op.emit[options.target](args, options.precision);
    const target = name(s.target);
    const declare = !defined.has(s.target);
    if (declare) {
      defined.add(s.target);
      locals.push(target);
    }
    unassignedInputs.delete(s.target);
    statements.push({ target, declare, expression: options.wrapResult ? options.wrapResult(expression) : expression, source: printStatement(s) });
  });
  for (const o of p.outputs) if (unassignedInputs.has(o)) inputsRead.add(o);
  return { inputs, statements, outputs: p.outputs.map(name), locals, helpers, inputsRead };
}
