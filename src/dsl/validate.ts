/**
 * Program validity, for programs built in code (mutation, simplification) and for the parser, which
 * maps each issue's site to a token so the user sees `file:line:col`. One set of rules, two callers.
 *
 * A program is valid when every statement applies a known op (arity > 0) to the right number of
 * operands, reads only variables that exist at that point (domain inputs, implicit inputs, earlier
 * targets), assigns only ordinary variable names (not keywords, op names, named constants or
 * implicit inputs), holds only finite literals, and returns exactly the domain's number of
 * defined variables.
 */
import { APPLICABLE_OPS, findOp, OPS } from './ops/table.ts';
import type { Program, Statement } from './program.ts';
import { type Domain, SIGNATURES } from './signature.ts';

/** Words of the text syntax. */
export const KEYWORDS: ReadonlySet<string> = new Set(['def', 'return']);

/** Names no variable may take: keywords and every op name (named constants included). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...KEYWORDS, ...OPS.map((op) => op.name)]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` may name a variable (read or assigned): an identifier that is not reserved. */
export function isVariableName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED_NAMES.has(name);
}

/** Whether a statement of this domain may assign `name` (implicit inputs such as `t` are read-only). */
export function isAssignable(domain: Domain, name: string): boolean {
  return isVariableName(name) && !SIGNATURES[domain].implicit.includes(name);
}

/** Where an issue sits: the parser turns a site into a token location. */
export type IssueSite =
  | { readonly kind: 'domain' }
  | { readonly kind: 'target'; readonly statement: number }
  | { readonly kind: 'op'; readonly statement: number }
  /** Wrong operand count (the parser points at the first extra operand, or at `)` when short). */
  | { readonly kind: 'arity'; readonly statement: number; readonly expected: number; readonly got: number }
  | { readonly kind: 'arg'; readonly statement: number; readonly arg: number }
  | { readonly kind: 'outputCount'; readonly expected: number; readonly got: number }
  | { readonly kind: 'output'; readonly index: number };

export interface Issue {
  readonly site: IssueSite;
  /** What is wrong, without location (e.g. `unknown op 'sqr'; did you mean 'sqrt'?`). */
  readonly message: string;
}

/** A program under construction: the parser checks the body before it has seen `return`. */
export interface ProgramParts {
  readonly domain: Domain;
  readonly body: readonly Statement[];
  /** Absent while unknown (the parser stopped before `return`). */
  readonly outputs?: readonly string[];
}

/** Every issue, in text order (statements in order; within one: target, op, operands; then return). */
export function findIssues(p: ProgramParts): Issue[] {
  const issues: Issue[] = [];
  collectIssues(p, (issue) => {
    issues.push(issue);
    return true;
  });
  return issues;
}

/** Messages naming the statement (`body[3]: ...`) or the return (`outputs[1]: ...`); empty = valid. */
export function validateProgram(p: Program): string[] {
  return findIssues(p).map(formatIssue);
}

/** Whether `p` is valid; stops at the first issue (mutation calls this for every child). */
export function isValid(p: Program): boolean {
  let ok = true;
  collectIssues(p, () => {
    ok = false;
    return false;
  });
  return ok;
}

export function formatIssue(issue: Issue): string {
  const s = issue.site;
  switch (s.kind) {
    case 'domain':
      return `domain: ${issue.message}`;
    case 'target':
    case 'op':
    case 'arity':
    case 'arg':
      return `body[${s.statement}]: ${issue.message}`;
    case 'outputCount':
      return `outputs: ${issue.message}`;
    case 'output':
      return `outputs[${s.index}]: ${issue.message}`;
  }
}

/** Walks the program, reporting each issue to `report`; stops when `report` returns false. */
function collectIssues(p: ProgramParts, report: (issue: Issue) => boolean): void {
  const signature = (SIGNATURES as Partial<Record<string, (typeof SIGNATURES)[Domain]>>)[p.domain];
  if (!signature) {
    report({ site: { kind: 'domain' }, message: `unknown domain '${String(p.domain)}'; domains: ${Object.keys(SIGNATURES).join(', ')}` });
    return;
  }
  const defined = new Set<string>([...signature.inputs, ...signature.implicit]);
  // Built lazily: only a use-before-assignment message needs to know what comes later.
  const laterTargets = (from: number): Set<string> => new Set(p.body.slice(from).map((s) => s.target));

  for (let i = 0; i < p.body.length; i++) {
    const s = p.body[i];
    const targetProblem = assignmentProblem(p.domain, s.target);
    if (targetProblem && !report({ site: { kind: 'target', statement: i }, message: targetProblem })) return;

    const op = findOp(s.op);
    if (!op) {
      if (!report({ site: { kind: 'op', statement: i }, message: unknownOpMessage(s.op) })) return;
    } else if (op.arity === 0) {
      if (!report({ site: { kind: 'op', statement: i }, message: `'${s.op}' is a named constant, not an op: use it as an operand` })) return;
    } else if (s.args.length !== op.arity) {
      const message = `${op.name} takes ${op.arity} operand${op.arity === 1 ? '' : 's'}, got ${s.args.length}`;
      if (!report({ site: { kind: 'arity', statement: i, expected: op.arity, got: s.args.length }, message })) return;
    }

    for (let j = 0; j < s.args.length; j++) {
      const a = s.args[j];
      let message: string | undefined;
      if (a.kind === 'lit') {
        if (typeof a.value !== 'number' || !Number.isFinite(a.value)) message = `literal ${String(a.value)} is not a finite number`;
      } else if (a.kind === 'const') {
        if (findOp(a.name)?.arity !== 0) message = `unknown named constant '${a.name}'; constants: ${constantNames().join(', ')}`;
      } else if (!defined.has(a.name)) {
        message = readProblem(a.name, defined, () => laterTargets(i));
      }
      if (message && !report({ site: { kind: 'arg', statement: i, arg: j }, message })) return;
    }
    if (isVariableName(s.target)) defined.add(s.target);
  }

  if (!p.outputs) return;
  const expected = signature.outputs.length;
  if (p.outputs.length !== expected) {
    const message = `${signature.name} returns ${expected} value${expected === 1 ? '' : 's'} (${signature.outputs.join(', ')}), got ${p.outputs.length}`;
    if (!report({ site: { kind: 'outputCount', expected, got: p.outputs.length }, message })) return;
  }
  for (let i = 0; i < p.outputs.length; i++) {
    const name = p.outputs[i];
    if (!defined.has(name) && !report({ site: { kind: 'output', index: i }, message: readProblem(name, defined, () => new Set()) })) return;
  }
}

/** Why `name` cannot be assigned in this domain, or undefined when it can. */
function assignmentProblem(domain: Domain, name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return `'${name}' is not a valid variable name`;
  if (KEYWORDS.has(name)) return `'${name}' is a keyword and cannot be assigned`;
  const op = findOp(name);
  if (op?.arity === 0) return `cannot assign to the named constant '${name}'`;
  if (op) return `'${name}' is an op name and cannot be used as a variable`;
  if (SIGNATURES[domain].implicit.includes(name)) return `'${name}' is an implicit input of ${SIGNATURES[domain].name} and is read-only`;
  return undefined;
}

/** Why reading `name` fails (it is not defined at this point). */
function readProblem(name: string, defined: ReadonlySet<string>, later: () => ReadonlySet<string>): string {
  const op = findOp(name);
  if (op?.arity === 0) return `'${name}' is a named constant, not a variable`;
  if (op) return `'${name}' is an op, not a value: call it in a statement of its own`;
  if (later().has(name)) return `'${name}' is used before it is assigned`;
  const near = nearest(name, [...defined]);
  return `undefined variable '${name}'${near ? `; did you mean '${near}'?` : ''}`;
}

function unknownOpMessage(name: string): string {
  const names = APPLICABLE_OPS.map((op) => op.name);
  const near = nearest(name, names);
  return near ? `unknown op '${name}'; did you mean '${near}'?` : `unknown op '${name}'; ops: ${names.join(', ')}`;
}

function constantNames(): string[] {
  return OPS.filter((op) => op.arity === 0).map((op) => op.name);
}

/** The closest candidate by edit distance, if close enough to be a plausible typo. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  // No name of the table is this long: a suggestion would only cost (the distance is quadratic).
  if (name.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 2)) ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions (`sqtr` is one edit from `sqrt`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
