/**
 * Double-double arithmetic: a value is the unevaluated sum hi + lo of two doubles with
 * |lo| <= ulp(hi)/2, about 106 significant bits (relative error ~1e-32 per operation).
 * The algorithms are the classical error-free transformations (Dekker, Knuth) as used in
 * Bailey's QD library; JavaScript has no fma, so products use Veltkamp splitting.
 *
 * References use this so that an approximation error near 1e-15 is measured against a value
 * whose own error is ~1e-31, not against a double that is itself off by up to 1e-16.
 */
import { Decimal } from 'decimal.js';

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

export const dd = (hi: number, lo = 0): DD => ({ hi, lo });

const bitsView = new DataView(new ArrayBuffer(8));

/**
 * A double's exact value as a Decimal (all its digits: up to ~770 for tiny numbers).
 * `new Decimal(x)` is NOT exact: decimal.js reads a number through its shortest round-trip
 * string, so 0.1 would become 1/10 instead of 0.1000000000000000055511151231257827...
 */
export function exactDecimal(x: number, D: typeof Decimal = Decimal): Decimal {
  if (!Number.isFinite(x) || x === 0) return new D(x);
  bitsView.setFloat64(0, x);
  const bits = bitsView.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075; // x = ±mantissa * 2^exponent
  const sign = x < 0 ? '-' : '';
  if (exponent >= 0) return new D(`${sign}${mantissa << BigInt(exponent)}`);
  // m / 2^k = m 5^k / 10^k: an exact decimal string, which decimal.js keeps digit for digit.
  const k = -exponent;
  return new D(`${sign}${mantissa * 5n ** BigInt(k)}e-${k}`);
}

/** The double-double nearest to a Decimal (the conversion loses nothing beyond ~1e-32 relative). */
export function ddFromDecimal(x: Decimal): DD {
  const hi = x.toNumber();
  if (!Number.isFinite(hi)) return { hi, lo: 0 };
  const lo = x.minus(exactDecimal(hi)).toNumber();
  return quickTwoSum(hi, lo);
}

/** The value hi + lo as a Decimal (exact to 100 digits, then rounded to D's precision by plus). */
export function ddToDecimal(a: DD, D: typeof Decimal = Decimal): Decimal {
  return exactDecimal(a.hi, D).plus(exactDecimal(a.lo, D));
}

/** s + e = a + b exactly (any a, b). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  const e = a - (s - bb) + (b - bb);
  return { hi: s, lo: e };
}

/** s + e = a + b exactly, given |a| >= |b| (or a == 0). */
export function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

const SPLITTER = 134217729; // 2^27 + 1

/** p + e = a * b exactly (Dekker's product; no overflow for |a|, |b| < 2^996). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  const e = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo;
  return { hi: p, lo: e };
}

export function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let u = quickTwoSum(s.hi, s.lo + t.hi);
  u = quickTwoSum(u.hi, u.lo + t.lo);
  return u;
}

export function addNumber(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return quickTwoSum(s.hi, s.lo + a.lo);
}

export const neg = (a: DD): DD => ({ hi: -a.hi, lo: -a.lo });

export const sub = (a: DD, b: DD): DD => add(a, neg(b));

export function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function mulNumber(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** Multiplication by a power of two: exact. */
export const scale = (a: DD, powerOfTwo: number): DD => ({ hi: a.hi * powerOfTwo, lo: a.lo * powerOfTwo });

export function sqr(a: DD): DD {
  const p = twoProd(a.hi, a.hi);
  return quickTwoSum(p.hi, p.lo + 2 * a.hi * a.lo);
}

/** Long division with three quotient digits (QD's accurate division). */
export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = sub(a, mulNumber(b, q1));
  const q2 = r.hi / b.hi;
  r = sub(r, mulNumber(b, q2));
  const q3 = r.hi / b.hi;
  const q = quickTwoSum(q1, q2);
  return addNumber(q, q3);
}

export const recip = (a: DD): DD => div({ hi: 1, lo: 0 }, a);

export function divNumber(a: DD, b: number): DD {
  return div(a, { hi: b, lo: 0 });
}

export const abs = (a: DD): DD => (a.hi < 0 || (a.hi === 0 && a.lo < 0) ? neg(a) : a);

/** The double nearest to hi + lo. */
export const toNumber = (a: DD): number => a.hi + a.lo;

/** √a for a ≥ 0: one Newton step from the double root, s + (a - s²) / 2s (QD's sqrt). */
export function sqrt(a: DD): DD {
  if (!(a.hi > 0)) return { hi: Math.sqrt(a.hi), lo: 0 };
  const s = Math.sqrt(a.hi);
  const r = sub(a, sqr({ hi: s, lo: 0 }));
  return quickTwoSum(s, r.hi / (2 * s));
}
