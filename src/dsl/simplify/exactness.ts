/**
 * How exact a rewrite is, and a checker that measures it on numbers rather than trusting a claim.
 *
 * - `bitwise`: the same result for every input, infinities and NaN included (NaN equals NaN; +0
 *   and -0 count as equal, which no op of the table can tell apart).
 * - `finite`: the same result whenever the original computes without overflow, underflow, NaN or
 *   infinity (`m / sqrt(m*m)` is `sign(m)` until `m*m` overflows; `0 * x` is 0 for finite x).
 * - `real`: equal in real arithmetic only; floating-point rounding may differ
 *   (`1 / (1 / x)` is not always x).
 *
 * Both precisions are checked: f64 (`op.f64`) and f32 (`applyF32`, float32 after every op).
 */
import seedrandom from 'seedrandom';
import { applyF32, getOp } from '../ops/table.ts';
import { evaluatePattern, type Pattern, patternVariables } from './pattern.ts';

export type Exactness = 'bitwise' | 'finite' | 'real';

/** From most to least exact. */
export const EXACTNESS_LEVELS: readonly Exactness[] = ['bitwise', 'finite', 'real'];

/** Whether a rewrite of exactness `rule` may be applied when asked for at most `level`. */
export function allowedAt(rule: Exactness, level: Exactness): boolean {
  return EXACTNESS_LEVELS.indexOf(rule) <= EXACTNESS_LEVELS.indexOf(level);
}

/** NaN equals NaN; +0 equals -0. */
export function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

const SPECIAL = [0, -0, 1, -1, 2, -2, 0.5, 3, -3, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 1.7976931348623157e308, Infinity, -Infinity, NaN, 1e-20, 1e20, 3e38, 1e-40];
const MODERATE = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 0.1, -0.7, 10, 1e-3, 123.25, -1e4, 0.999, 0.9];

function probeValues(moderate: boolean, rng: () => number): number[] {
  const random = Array.from({ length: 24 }, () => {
    const magnitude = moderate ? 10 ** (rng() * 8 - 4) : 10 ** (rng() * 80 - 40);
    return (rng() < 0.5 ? -1 : 1) * magnitude;
  });
  return [...(moderate ? MODERATE : [...SPECIAL, ...MODERATE]), ...random];
}

/** Assignments of probe values to the pattern variables: every pair for two, random beyond. */
function environments(vars: readonly string[], values: readonly number[], rng: () => number): Map<string, number>[] {
  if (vars.length === 0) return [new Map()];
  if (vars.length === 1) return values.map((x) => new Map([[vars[0], x]]));
  const envs: Map<string, number>[] = [];
  for (const a of values) for (const b of values) envs.push(new Map(vars.map((name, i) => [name, i === 0 ? a : i === 1 ? b : values[Math.floor(rng() * values.length)]])));
  return envs;
}

const applyF64 = (op: string, args: number[]): number => getOp(op).f64(...args);
const applyFloat32 = (op: string, args: number[]): number => applyF32(getOp(op), args);

function agree(lhs: Pattern, rhs: Pattern, moderate: boolean, close: (a: number, b: number) => boolean): boolean {
  const rng = seedrandom(`simplify-exactness:${moderate}`);
  const vars = patternVariables(lhs);
  const values = probeValues(moderate, rng);
  for (const env of environments(vars, values, rng)) {
    if (!close(evaluatePattern(lhs, env, applyF64), evaluatePattern(rhs, env, applyF64))) return false;
    const env32 = new Map([...env].map(([k, x]) => [k, Math.fround(x)]));
    const round = (p: Pattern): number => Math.fround(evaluatePattern(p, env32, applyFloat32));
    if (!close(round(lhs), round(rhs))) return false;
  }
  return true;
}

/**
 * The exactness a rewrite `lhs -> rhs` shows on probe values (specials, moderate numbers, seeded
 * random magnitudes), or `refuted` when the two sides differ even beyond rounding.
 */
export function measureExactness(lhs: Pattern, rhs: Pattern): Exactness | 'refuted' {
  if (agree(lhs, rhs, false, sameNumber)) return 'bitwise';
  if (agree(lhs, rhs, true, sameNumber)) return 'finite';
  const relClose = (a: number, b: number): boolean => sameNumber(a, b) || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  if (agree(lhs, rhs, true, relClose)) return 'real';
  return 'refuted';
}
