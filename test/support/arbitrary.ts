/**
 * fast-check arbitraries for programs, shared by every test that needs generated programs.
 *
 * `arbitraryProgram(domain)` yields VALID programs over every applicable op: literals of every
 * magnitude and sign (including -0, subnormals and the largest doubles), named constants, inputs
 * read and reassigned, variables reassigned, dead statements, and outputs that may be unmodified
 * inputs. Variable names follow the language's rule (validate.ts `isVariableName`): identifiers
 * that are neither keywords nor op names (named constants included).
 */
import fc from 'fast-check';
import { APPLICABLE_OPS, NAMED_CONSTANTS, type OpSpec } from '../../src/dsl/ops/table.ts';
import { lit, named, type Operand, type Program, program, type Statement, statement, v } from '../../src/dsl/program.ts';
import { type Domain, SIGNATURES } from '../../src/dsl/signature.ts';
import { isVariableName } from '../../src/dsl/validate.ts';

export interface ProgramOptions {
  readonly minStatements?: number;
  readonly maxStatements?: number;
  /** Ops to draw from (default: every applicable op). */
  readonly ops?: readonly OpSpec[];
}

export const DOMAINS: readonly Domain[] = Object.freeze(Object.keys(SIGNATURES) as Domain[]);

/** Finite doubles with the awkward cases well represented. */
export function arbitraryLiteral(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, -0, 1, -1, 2, 0.5, -0.5, 0.9, 0.999, 1e-8, 0.001, 1e-300, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 1e21, -1e-7, 123456789.125, 0.1 + 0.2),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -1000, max: 1000 }),
  );
}

/** Names a program may give a variable that are not inputs of any domain (short, so they collide). */
export function arbitraryVariableName(): fc.Arbitrary<string> {
  const inputs = new Set(DOMAINS.flatMap((d) => [...SIGNATURES[d].inputs, ...SIGNATURES[d].implicit]));
  return fc
    .oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,3}$/), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/))
    .filter((name) => isVariableName(name) && !inputs.has(name));
}

type OperandChoice = { readonly kind: 'var'; readonly n: number } | { readonly kind: 'lit'; readonly value: number } | { readonly kind: 'const'; readonly n: number };
type TargetChoice = { readonly kind: 'new'; readonly name: string } | { readonly kind: 'existing'; readonly n: number };
interface RawStatement {
  readonly op: number;
  readonly target: TargetChoice;
  readonly args: readonly OperandChoice[];
}

function arbitraryOperandChoice(): fc.Arbitrary<OperandChoice> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((n): OperandChoice => ({ kind: 'var', n })) },
    { weight: 3, arbitrary: arbitraryLiteral().map((value): OperandChoice => ({ kind: 'lit', value })) },
    { weight: 1, arbitrary: fc.nat().map((n): OperandChoice => ({ kind: 'const', n })) },
  );
}

function arbitraryRawStatement(): fc.Arbitrary<RawStatement> {
  return fc.record({
    op: fc.nat(),
    target: fc.oneof(
      arbitraryVariableName().map((name): TargetChoice => ({ kind: 'new', name })),
      fc.nat().map((n): TargetChoice => ({ kind: 'existing', n })),
    ),
    args: fc.array(arbitraryOperandChoice(), { minLength: 3, maxLength: 3 }),
  });
}

/** Valid programs of `domain`. */
export function arbitraryProgram(domain: Domain, options: ProgramOptions = {}): fc.Arbitrary<Program> {
  const ops = options.ops ?? APPLICABLE_OPS;
  const signature = SIGNATURES[domain];
  return fc
    .tuple(
      fc.array(arbitraryRawStatement(), { minLength: options.minStatements ?? 0, maxLength: options.maxStatements ?? 12 }),
      fc.array(fc.nat(), { minLength: signature.outputs.length, maxLength: signature.outputs.length }),
    )
    .map(([raws, outputChoices]) => {
      const defined: string[] = [...signature.inputs, ...signature.implicit];
      const body: Statement[] = [];
      for (const raw of raws) {
        const op = ops[raw.op % ops.length];
        const args = raw.args.slice(0, op.arity).map((c): Operand => {
          if (c.kind === 'var') return v(defined[c.n % defined.length]);
          if (c.kind === 'const') return named(NAMED_CONSTANTS[c.n % NAMED_CONSTANTS.length].name);
          return lit(c.value);
        });
        const assignable = defined.filter((name) => !signature.implicit.includes(name));
        const target = raw.target.kind === 'new' ? raw.target.name : assignable[raw.target.n % assignable.length];
        body.push(statement(target, op.name, args));
        if (!defined.includes(target)) defined.push(target);
      }
      return program(domain, body, outputChoices.map((n) => defined[n % defined.length]));
    });
}

/** Valid programs of either domain. */
export function arbitraryAnyProgram(options: ProgramOptions = {}): fc.Arbitrary<Program> {
  return fc.oneof(...DOMAINS.map((d) => arbitraryProgram(d, options)));
}

/** The variables `p` assigns that are not inputs of its domain (the names a renaming may change). */
export function renamableVariables(p: Program): string[] {
  const signature = SIGNATURES[p.domain];
  const fixed = new Set([...signature.inputs, ...signature.implicit]);
  return [...new Set(p.body.map((s) => s.target))].filter((name) => !fixed.has(name));
}

/** `p` with variables renamed by `mapping` (names not in it stay); statements, reads and outputs alike. */
export function renameVariables(p: Program, mapping: ReadonlyMap<string, string>): Program {
  const rename = (name: string): string => mapping.get(name) ?? name;
  const body = p.body.map((s) => statement(rename(s.target), s.op, s.args.map((a) => (a.kind === 'var' ? v(rename(a.name)) : a))));
  return program(p.domain, body, p.outputs.map(rename));
}

/** A bijective renaming of `p`'s renamable variables onto fresh valid names (never an input). */
export function arbitraryRenaming(p: Program): fc.Arbitrary<Map<string, string>> {
  const from = renamableVariables(p);
  return fc
    .uniqueArray(arbitraryVariableName(), { minLength: from.length, maxLength: from.length })
    .map((to) => new Map(from.map((name, i) => [name, to[i]])));
}

/** `p` with its variables renamed at random: the same program up to names. */
export function arbitraryRenamed(p: Program): fc.Arbitrary<Program> {
  return arbitraryRenaming(p).map((mapping) => renameVariables(p, mapping));
}

/**
 * `p` with dead statements inserted at random places: each assigns a name `p` never uses (so
 * nothing reads it) from variables defined at that point, literals and constants.
 */
export function arbitraryWithDeadStatements(p: Program, options: { readonly min?: number; readonly max?: number } = {}): fc.Arbitrary<Program> {
  const signature = SIGNATURES[p.domain];
  const used = new Set<string>([...signature.inputs, ...signature.implicit, ...p.outputs]);
  for (const s of p.body) {
    used.add(s.target);
    for (const a of s.args) if (a.kind === 'var') used.add(a.name);
  }
  const insertion = fc.record({
    at: fc.nat(),
    op: fc.nat(),
    name: arbitraryVariableName().filter((name) => !used.has(name)),
    args: fc.array(arbitraryOperandChoice(), { minLength: 3, maxLength: 3 }),
  });
  return fc.array(insertion, { minLength: options.min ?? 1, maxLength: options.max ?? 4 }).map((inserts) => {
    const body: Statement[] = [...p.body];
    for (const ins of inserts) {
      const at = ins.at % (body.length + 1);
      const defined = [...signature.inputs, ...signature.implicit, ...body.slice(0, at).map((s) => s.target)];
      const op = APPLICABLE_OPS[ins.op % APPLICABLE_OPS.length];
      const args = ins.args.slice(0, op.arity).map((c): Operand => {
        if (c.kind === 'var') return v(defined[c.n % defined.length]);
        if (c.kind === 'const') return named(NAMED_CONSTANTS[c.n % NAMED_CONSTANTS.length].name);
        return lit(c.value);
      });
      body.splice(at, 0, statement(ins.name, op.name, args));
    }
    return program(p.domain, body, p.outputs);
  });
}
