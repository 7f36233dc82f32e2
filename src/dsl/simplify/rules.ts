/**
 * The rewrite rule table: hand-written patterns (below) plus the rules the op table's algebraic
 * facts imply (fact-rules.ts). Each rule rewrites one statement into a copy of one of its operands,
 * a literal, or one op over the matched operands, so a rewrite never adds a statement. Every rule's
 * stated exactness is checked on numbers by the tests (exactness.ts).
 */
import type { Exactness } from './exactness.ts';
import { factRules } from './fact-rules.ts';
import { parsePattern, type Pattern } from './pattern.ts';

export interface RewriteRule {
  readonly name: string;
  readonly lhs: Pattern;
  /** A pattern variable, a number, or one op applied to pattern variables and numbers. */
  readonly rhs: Pattern;
  readonly exactness: Exactness;
  /** One line for users: why the rewrite holds. */
  readonly why: string;
}

interface RuleText {
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly exactness: Exactness;
  readonly why: string;
}

/** Hand-written rules, most specific first (the Lion authors' rewrites lead). */
const PATTERN_RULE_TEXT: readonly RuleText[] = [
  { name: 'lion-sign', lhs: 'div(x, sqrt(mul(x, x)))', rhs: 'sign(x)', exactness: 'finite', why: 'x / sqrt(x*x) = x / |x| = sign(x); x = 0 gives 0 / 0 = 0 = sign(0) (protected division)' },
  { name: 'lion-sign-square', lhs: 'div(x, sqrt(square(x)))', rhs: 'sign(x)', exactness: 'finite', why: 'x / sqrt(square(x)) = x / |x| = sign(x), 0 included' },
  { name: 'div-by-abs', lhs: 'div(x, abs(x))', rhs: 'sign(x)', exactness: 'finite', why: 'x / |x| = sign(x); 0 / 0 = 0 = sign(0) (protected division); not for infinite x' },
  { name: 'sqrt-of-square', lhs: 'sqrt(square(x))', rhs: 'abs(x)', exactness: 'finite', why: 'sqrt(x^2) = |x|, exact in floats unless x^2 overflows or underflows' },
  { name: 'sqrt-of-self-product', lhs: 'sqrt(mul(x, x))', rhs: 'abs(x)', exactness: 'finite', why: 'sqrt(x*x) = |x|, exact in floats unless x*x overflows or underflows' },
  { name: 'max-of-negation', lhs: 'max(x, negative(x))', rhs: 'abs(x)', exactness: 'bitwise', why: 'max(x, -x) = |x|' },
  { name: 'sqrt-of-abs', lhs: 'sqrt(abs(x))', rhs: 'sqrt(x)', exactness: 'bitwise', why: 'sqrt takes |x| first' },
  { name: 'log-of-abs', lhs: 'log(abs(x))', rhs: 'log(x)', exactness: 'bitwise', why: 'log takes |x| first' },
  { name: 'log2-of-abs', lhs: 'log2(abs(x))', rhs: 'log2(x)', exactness: 'bitwise', why: 'log2 takes |x| first' },
  { name: 'power-of-abs', lhs: 'power(abs(x), y)', rhs: 'power(x, y)', exactness: 'bitwise', why: 'power takes |x| first' },
  { name: 'abs-of-negative', lhs: 'abs(negative(x))', rhs: 'abs(x)', exactness: 'bitwise', why: '|-x| = |x|' },
  { name: 'abs-of-square', lhs: 'abs(square(x))', rhs: 'square(x)', exactness: 'bitwise', why: 'x^2 is never negative' },
  { name: 'abs-of-sqrt', lhs: 'abs(sqrt(x))', rhs: 'sqrt(x)', exactness: 'bitwise', why: 'sqrt is never negative' },
  { name: 'square-of-negative', lhs: 'square(negative(x))', rhs: 'square(x)', exactness: 'bitwise', why: '(-x)^2 = x^2' },
  { name: 'square-of-abs', lhs: 'square(abs(x))', rhs: 'square(x)', exactness: 'bitwise', why: '|x|^2 = x^2' },
  { name: 'add-negative', lhs: 'add(x, negative(y))', rhs: 'sub(x, y)', exactness: 'bitwise', why: 'x + (-y) = x - y (IEEE subtraction is defined so)' },
  { name: 'sub-negative', lhs: 'sub(x, negative(y))', rhs: 'add(x, y)', exactness: 'bitwise', why: 'x - (-y) = x + y' },
  { name: 'add-self', lhs: 'add(x, x)', rhs: 'mul(x, 2)', exactness: 'bitwise', why: 'x + x = 2x exactly (a doubling; overflow gives the same infinity)' },
  { name: 'sub-self', lhs: 'sub(x, x)', rhs: '0', exactness: 'finite', why: 'x - x = 0 for finite x' },
  { name: 'interp-at-0', lhs: 'interp(x, y, 0)', rhs: 'x', exactness: 'finite', why: 'interp(x, y, 0) = x + 0*y = x for finite y' },
  { name: 'interp-at-1', lhs: 'interp(x, y, 1)', rhs: 'y', exactness: 'finite', why: 'interp(x, y, 1) = 0*x + y = y for finite x' },
];

function checkShape(rule: RewriteRule): RewriteRule {
  const rhs = rule.rhs;
  if (rhs.kind === 'app' && rhs.args.some((a) => a.kind === 'app')) throw new Error(`rule ${rule.name}: the right side must be one op over operands`);
  if (rule.lhs.kind !== 'app') throw new Error(`rule ${rule.name}: the left side must be an op application`);
  return rule;
}

/** The hand-written rules, parsed. */
export const PATTERN_RULES: readonly RewriteRule[] = Object.freeze(
  PATTERN_RULE_TEXT.map((r) => checkShape({ name: r.name, lhs: parsePattern(r.lhs), rhs: parsePattern(r.rhs), exactness: r.exactness, why: r.why })),
);

/** Every rule the simplifier tries, hand-written ones first. */
export const REWRITE_RULES: readonly RewriteRule[] = Object.freeze([...PATTERN_RULES, ...factRules().rules.map(checkShape)]);
