/**
 * The lexer of program text. The language is line-based (one statement per line, Python-like
 * indentation), so text is lexed one line at a time; `#` starts a comment that runs to the end of
 * the line. Every token knows its 1-based line and column for `file:line:col` messages.
 */
import { DslError, type SourceLocation } from './errors.ts';
import { parseUnsignedNumber, UNSIGNED_NUMBER } from './format-number.ts';

export type Punctuation = '(' | ')' | ',' | ':' | '=' | '+' | '-' | '*' | '/';

export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly at: SourceLocation }
  /** An unsigned numeric literal; `value` may be Infinity when the text overflows (the parser rejects it). */
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly at: SourceLocation }
  | { readonly kind: 'punct'; readonly text: Punctuation; readonly at: SourceLocation }
  /** End of the line's code (before any comment or trailing blanks). */
  | { readonly kind: 'end'; readonly text: ''; readonly at: SourceLocation };

export interface LexedLine {
  /** The leading blanks (spaces and tabs) of the line. */
  readonly indent: string;
  /** The tokens, always ending with an `end` token. */
  readonly tokens: readonly Token[];
  /** True when the line holds no code (blank or comment only). */
  readonly blank: boolean;
}

const PUNCTUATION = new Set<string>(['(', ')', ',', ':', '=', '+', '-', '*', '/']);
// Sticky regexes match at `lastIndex` without copying the rest of the line.
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = new RegExp(UNSIGNED_NUMBER.source.replace(/^\^/, ''), 'y');
const NUMBER_TAIL = /[A-Za-z0-9_.]+/y;

function matchAt(re: RegExp, source: string, index: number): string | undefined {
  re.lastIndex = index;
  return re.exec(source)?.[0];
}

/** The lines of `text` (LF, CRLF or CR endings); a trailing newline yields a final empty line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lexes line number `line` (1-based) of `file`; throws DslError for a character outside the language. */
export function lexLine(source: string, line: number, file: string): LexedLine {
  const at = (index: number): SourceLocation => ({ file, line, col: index + 1 });
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length && (source[i] === ' ' || source[i] === '\t')) i++;
  const indent = source.slice(0, i);
  let end = i;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    const ident = matchAt(IDENT, source, i);
    const number = ident === undefined ? matchAt(NUMBER, source, i) : undefined;
    if (ident !== undefined) {
      tokens.push({ kind: 'ident', text: ident, at: location(file, line, i) });
      i += ident.length;
    } else if (number !== undefined) {
      const text = number;
      const tail = matchAt(NUMBER_TAIL, source, i + text.length);
      if (tail !== undefined) throw new DslError(`malformed number '${text}${tail}'`, location(file, line, i));
      tokens.push({ kind: 'number', text, value: parseUnsignedNumber(text), at: location(file, line, i) });
      i += text.length;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: 'punct', text: c as Punctuation, at: location(file, line, i) });
      i++;
    } else {
      throw new DslError(`unexpected character ${describeChar(source.codePointAt(i) as number)}`, location(file, line, i));
    }
    end = i;
  }
  tokens.push({ kind: 'end', text: '', at: location(file, line, end) });
  return { indent, tokens, blank: tokens.length === 1 };
}

/** Where a token starts (columns count from 1). A function, not a closure per line: lexing runs for every journaled text. */
function location(file: string, line: number, index: number): SourceLocation {
  return { file, line, col: index + 1 };
}

/** A character as a user can read it in a message: `'$'`, or `U+00A0` for invisible or non-ASCII ones. */
function describeChar(codePoint: number): string {
  if (codePoint > 0x20 && codePoint < 0x7f) return `'${String.fromCodePoint(codePoint)}'`;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
