/**
 * The parser of program text (the syntax `printProgram` writes, plus sugar):
 *
 *   # comment
 *   def train(w, g, m, v, lr):          the domain's def line, inputs exactly as its signature lists them
 *     m = interp(g, m, 0.9)             target = op(operand, ...)
 *     update = m / sqrt_v               target = a + b | a - b | a * b | a / b   (add, sub, mul, div)
 *     n = -m                            target = -a                              (negative)
 *     return update, m, v
 *
 * Operands are variables, numeric literals (`0.9`, `1e-8`, `.5`, `-0.5`) and named constants (`pi`,
 * `e`, `eps`). One op per statement: a nested call or a second operator is an error that says to
 * assign the inner expression first. Every error is a DslError at `file:line:col` of the offending
 * token; the validator's rules (validate.ts) apply with the same messages.
 */
import { DslError, type SourceLocation } from './errors.ts';
import { lexLine, splitLines, type Token } from './lex.ts';
import { findOp, opForInfix } from './ops/table.ts';
import { lit, named, type Operand, type Program, program, type Statement, statement, v } from './program.ts';
import { printOperand } from './print.ts';
import { type Domain, domainForName, type Signature, SIGNATURES } from './signature.ts';
import { findIssues, type Issue, KEYWORDS } from './validate.ts';

/** Parses and validates `text`; `file` names it in error locations. */
export function parseProgram(text: string, file = '<input>'): Program {
  const parsed = parseSyntax(text, file);
  // Report the first error in text order: rule violations in the statements read before a syntax
  // error come first (the statements after it were never read).
  const issues = findIssues({ domain: parsed.domain, body: parsed.body, ...(parsed.outputs ? { outputs: parsed.outputs } : {}) });
  if (issues.length > 0) throw new DslError(issues[0].message, locate(issues[0], parsed));
  if (parsed.syntaxError) throw parsed.syntaxError;
  return program(parsed.domain, parsed.body, parsed.outputs as readonly string[]);
}

/** Where each part of a statement came from, to point at it. */
interface StatementTokens {
  readonly target: Token;
  readonly op: Token;
  readonly args: readonly Token[];
  /** The `)` of a call, or the token after the last operand. */
  readonly close: Token;
}

interface Parsed {
  readonly domain: Domain;
  readonly body: Statement[];
  readonly tokens: StatementTokens[];
  outputs?: string[];
  returnTokens?: { readonly keyword: Token; readonly outputs: readonly Token[] };
  syntaxError?: DslError;
}

const INFIX = new Set(['+', '-', '*', '/']);

function fail(message: string, token: Token | SourceLocation): never {
  throw new DslError(message, 'at' in token ? token.at : token);
}

function isPunct(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

function isInfix(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && INFIX.has(t.text);
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of line' : `'${t.text}'`;
}

/** Reads the def line, then statements until `return`; keeps the first syntax error after the def line. */
function parseSyntax(text: string, file: string): Parsed {
  // A byte-order mark (some editors write one) is not part of the program.
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  let n = 0;
  let def: { domain: Domain; signature: Signature } | undefined;
  for (; n < lines.length && !def; n++) {
    const lexed = lexLine(lines[n], n + 1, file);
    if (lexed.blank) continue;
    if (lexed.indent !== '') fail(`the def line must not be indented`, { file, line: n + 1, col: 1 });
    def = parseDefLine(lexed.tokens);
  }
  if (!def) fail(`expected a def line: ${defLines()}`, endOfText(lines, file));

  const parsed: Parsed = { domain: def.domain, body: [], tokens: [] };
  try {
    parseBody(lines, n, file, def.signature, parsed);
  } catch (error) {
    if (!(error instanceof DslError)) throw error;
    parsed.syntaxError = error;
  }
  return parsed;
}

function defLines(): string {
  return Object.values(SIGNATURES)
    .map((s) => `\`def ${s.name}(${s.inputs.join(', ')}):\` (${s.domain})`)
    .join(' or ');
}

function endOfText(lines: readonly string[], file: string): SourceLocation {
  return { file, line: lines.length, col: lines[lines.length - 1].length + 1 };
}

function parseDefLine(tokens: readonly Token[]): { domain: Domain; signature: Signature } {
  const [keyword, name] = tokens;
  if (keyword.kind !== 'ident' || keyword.text !== 'def') fail(`expected a def line before the first statement: ${defLines()}`, keyword);
  if (name.kind !== 'ident') fail(`expected a program name after 'def': ${defLines()}`, name);
  const domain = domainForName(name.text);
  if (!domain) fail(`unknown program name '${name.text}': expected ${defLines()}`, name);
  const signature = SIGNATURES[domain];
  const spelled = `def ${signature.name}(${signature.inputs.join(', ')}):`;
  if (!isPunct(tokens[2], '(')) fail(`expected '(' after '${name.text}': ${spelled}`, tokens[2]);
  let i = 3;
  for (let k = 0; ; k++) {
    const t = tokens[i];
    if (isPunct(t, ')')) {
      if (k < signature.inputs.length) fail(`missing input '${signature.inputs[k]}': ${spelled}`, t);
      i++;
      break;
    }
    if (k > 0) {
      if (!isPunct(t, ',')) fail(`expected ',' or ')' in the def line, got ${describe(t)}`, t);
      i++;
    }
    const param = tokens[i];
    if (param.kind !== 'ident') fail(`expected an input name, got ${describe(param)}: ${spelled}`, param);
    if (signature.implicit.includes(param.text)) fail(`'${param.text}' is an implicit input: leave it out of the def line (${spelled})`, param);
    if (k >= signature.inputs.length) fail(`unexpected input '${param.text}': ${signature.name} takes ${signature.inputs.length} (${spelled})`, param);
    if (param.text !== signature.inputs[k]) fail(`input ${k + 1} of ${signature.name} is '${signature.inputs[k]}', got '${param.text}': ${spelled}`, param);
    i++;
  }
  if (!isPunct(tokens[i], ':')) fail(`expected ':' at the end of the def line`, tokens[i]);
  if (tokens[i + 1].kind !== 'end') fail(`expected the end of the def line after ':' (statements go on their own lines)`, tokens[i + 1]);
  return { domain, signature };
}

function parseBody(lines: readonly string[], start: number, file: string, signature: Signature, parsed: Parsed): void {
  let bodyIndent: string | undefined;
  for (let n = start; n < lines.length; n++) {
    const lexed = lexLine(lines[n], n + 1, file);
    if (lexed.blank) continue;
    const first = lexed.tokens[0];
    if (parsed.outputs) fail(`unexpected ${describe(first)} after return: return must be the last statement of ${signature.name}`, first);
    if (lexed.indent === '') fail(`expected an indented statement in the body of ${signature.name}`, first);
    bodyIndent ??= lexed.indent;
    if (lexed.indent !== bodyIndent) fail(`inconsistent indentation: the body of ${signature.name} is indented by ${JSON.stringify(bodyIndent)}`, first);
    parseLine(lexed.tokens, parsed);
  }
  if (!parsed.outputs) fail(`missing return: ${signature.name} must end with \`return ${signature.outputs.join(', ')}\``, endOfText(lines, file));
}

function parseLine(tokens: readonly Token[], parsed: Parsed): void {
  const first = tokens[0];
  if (first.kind === 'ident' && first.text === 'return') {
    parseReturn(tokens, parsed);
    return;
  }
  if (first.kind === 'ident' && first.text === 'def') fail(`unexpected 'def': a file holds one program`, first);
  if (first.kind !== 'ident') fail(`expected a statement (\`name = op(operands)\`) or return, got ${describe(first)}`, first);
  const equals = tokens[1];
  if (isPunct(equals, '(')) fail(`the result of ${first.text}(...) must be assigned: \`name = ${first.text}(...)\``, equals);
  if (!isPunct(equals, '=')) fail(`expected '=' after '${first.text}', got ${describe(equals)}`, equals);
  const rhs = new RightHandSide(tokens, 2);
  const { op, opToken, args, argTokens, close } = rhs.parse();
  parsed.body.push(statement(first.text, op, args));
  parsed.tokens.push({ target: first, op: opToken, args: argTokens, close });
}

function parseReturn(tokens: readonly Token[], parsed: Parsed): void {
  const outputs: string[] = [];
  const outputTokens: Token[] = [];
  let i = 1;
  if (tokens[i].kind !== 'end') {
    for (;;) {
      const t = tokens[i];
      if (t.kind !== 'ident' || KEYWORDS.has(t.text)) fail(`return lists variables, got ${describe(t)}`, t);
      outputs.push(t.text);
      outputTokens.push(t);
      i++;
      if (tokens[i].kind === 'end') break;
      if (!isPunct(tokens[i], ',')) {
        if (isInfix(tokens[i]) || isPunct(tokens[i], '(')) fail(`return lists variables: assign the expression to a variable first`, tokens[i]);
        fail(`expected ',' or the end of the line, got ${describe(tokens[i])}`, tokens[i]);
      }
      i++;
    }
  }
  parsed.outputs = outputs;
  parsed.returnTokens = { keyword: tokens[0], outputs: outputTokens };
}

/** The right-hand side of one assignment: a call, a binary infix expression, or a negation. */
class RightHandSide {
  private i: number;
  constructor(
    private readonly tokens: readonly Token[],
    start: number,
  ) {
    this.i = start;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  parse(): { op: string; opToken: Token; args: Operand[]; argTokens: Token[]; close: Token } {
    const t = this.peek();
    if (t.kind === 'end') fail(`expected an expression after '='`, t);
    if (t.kind === 'ident' && isPunct(this.peek(1), '(')) return this.call();
    // `-a` is negation, unless `-` starts a negative literal that is the left operand of an infix op.
    if (isPunct(t, '-') && !(this.peek(1).kind === 'number' && isInfix(this.peek(2)))) return this.negation();
    return this.infix();
  }

  private call(): ReturnType<RightHandSide['parse']> {
    const opToken = this.peek();
    if (findOp(opToken.text)?.arity === 0) fail(`'${opToken.text}' is a named constant, not an op: use it as an operand`, opToken);
    this.i += 2;
    const args: Operand[] = [];
    const argTokens: Token[] = [];
    if (!isPunct(this.peek(), ')')) {
      for (;;) {
        argTokens.push(this.peek());
        args.push(this.operand());
        const t = this.peek();
        if (isPunct(t, ')')) break;
        if (isInfix(t)) fail(`nested expression: one op per statement; assign the operand expression to a variable first`, t);
        if (!isPunct(t, ',')) fail(`expected ',' or ')', got ${describe(t)}`, t);
        this.i++;
      }
    }
    const close = this.peek();
    this.i++;
    const after = this.peek();
    if (isInfix(after)) fail(`nested expression: one op per statement; assign ${opToken.text}(...) to a variable first, then apply '${after.text}'`, after);
    if (after.kind !== 'end') fail(`unexpected ${describe(after)} after ')'`, after);
    return { op: opToken.text, opToken, args, argTokens, close };
  }

  private negation(): ReturnType<RightHandSide['parse']> {
    const opToken = this.peek();
    this.i++;
    const argToken = this.peek();
    const arg = this.operand();
    const after = this.peek();
    if (isInfix(after)) fail(`nested expression: one op per statement; assign \`-${printOperand(arg)}\` to a variable first, then apply '${after.text}'`, after);
    if (after.kind !== 'end') fail(`unexpected ${describe(after)}`, after);
    return { op: opNamed('negative'), opToken, args: [arg], argTokens: [argToken], close: after };
  }

  private infix(): ReturnType<RightHandSide['parse']> {
    const leftToken = this.peek();
    const left = this.operand();
    const opToken = this.peek();
    if (opToken.kind === 'end') fail(`expected an op: \`name = op(operands)\`, \`a + b\` or \`-a\` (assigning a lone value is not an op)`, leftToken);
    if (!isInfix(opToken)) fail(`expected an operator (+ - * /) or the end of the line, got ${describe(opToken)}`, opToken);
    const op = opForInfix(opToken.text);
    if (!op) fail(`no op is spelled '${opToken.text}'`, opToken);
    this.i++;
    const rightToken = this.peek();
    const right = this.operand();
    const after = this.peek();
    if (isInfix(after)) fail(`nested expression: one op per statement; assign \`${printOperand(left)} ${opToken.text} ${printOperand(right)}\` to a variable first, then apply '${after.text}'`, after);
    if (after.kind !== 'end') fail(`unexpected ${describe(after)}`, after);
    return { op: op.name, opToken, args: [left, right], argTokens: [leftToken, rightToken], close: after };
  }

  /** A variable, a named constant, or a (possibly negative) numeric literal. */
  private operand(): Operand {
    const t = this.peek();
    if (t.kind === 'number') {
      this.i++;
      return literal(t, t.value);
    }
    if (isPunct(t, '-')) {
      const n = this.peek(1);
      if (n.kind === 'number') {
        this.i += 2;
        return literal(t, -n.value, `-${n.text}`);
      }
      fail(`nested expression: negate ${n.kind === 'ident' ? `'${n.text}'` : 'it'} in a statement of its own (\`name = -${n.text}\`)`, t);
    }
    if (t.kind === 'ident') {
      if (KEYWORDS.has(t.text)) fail(`unexpected keyword '${t.text}'`, t);
      if (isPunct(this.peek(1), '(')) fail(`nested call: assign ${t.text}(...) to a variable first`, t);
      this.i++;
      return findOp(t.text)?.arity === 0 ? named(t.text) : v(t.text);
    }
    if (t.kind === 'end') fail(`expected an operand (a variable, a number or a named constant)`, t);
    if (isPunct(t, '(')) fail(`parentheses do not group: one op per statement; assign the inner expression to a variable first`, t);
    fail(`expected an operand (a variable, a number or a named constant), got ${describe(t)}`, t);
  }
}

function literal(token: Token, value: number, text = token.text): Operand {
  if (!Number.isFinite(value)) fail(`literal ${text} is not finite (it overflows a double)`, token);
  return lit(value);
}

function opNamed(name: string): string {
  if (!findOp(name)) throw new Error(`op table has no '${name}'`);
  return name;
}

/** The token an issue points at. */
function locate(issue: Issue, parsed: Parsed): SourceLocation {
  const s = issue.site;
  switch (s.kind) {
    case 'domain':
      throw new Error('parser produced an unknown domain');
    case 'target':
      return parsed.tokens[s.statement].target.at;
    case 'op':
      return parsed.tokens[s.statement].op.at;
    case 'arity': {
      const t = parsed.tokens[s.statement];
      return s.got > s.expected ? t.args[s.expected].at : t.close.at;
    }
    case 'arg':
      return parsed.tokens[s.statement].args[s.arg].at;
    case 'outputCount': {
      const r = parsed.returnTokens!;
      return s.got > s.expected ? r.outputs[s.expected].at : r.keyword.at;
    }
    case 'output':
      return parsed.returnTokens!.outputs[s.index].at;
  }
}
