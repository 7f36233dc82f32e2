/**
 * Fast high-precision references: the built-in targets in double-double arithmetic, about 1e-31
 * relative error (tested against decimal.js at 60 digits in test/eval/reference/). One point costs
 * about a microsecond, so validation sets of 1e5-1e6 points are practical.
 *
 * Ranges: exp/exp2/expm1/sigmoid/tanh any argument that does not overflow; ln/log2 any positive
 * argument; sin |x| <= 1e4 (reduction by a double-double pi); erf |x| <= 6 (a positive series;
 * erf is 1 to 1e-17 beyond that, and the series would need too many terms).
 */
import { HP } from './decimal-functions.ts';
import {
  add,
  addNumber,
  dd,
  ddFromDecimal,
  div,
  divNumber,
  mul,
  mulNumber,
  neg,
  recip,
  scale,
  sqr,
  sub,
  type DD,
} from './dd.ts';

const LN2: DD = ddFromDecimal(HP.ln(2));
const PI: DD = ddFromDecimal(HP.acos(-1));
const PI_OVER_2: DD = ddFromDecimal(HP.acos(-1).div(2));
const TWO_OVER_SQRT_PI: DD = ddFromDecimal(new HP(2).div(HP.acos(-1).sqrt()));
const ONE: DD = dd(1);

/** 1/n! for n = 0..40 as double-doubles. */
const INV_FACTORIAL: readonly DD[] = (() => {
  const out: DD[] = [];
  let f = new HP(1);
  for (let n = 0; n <= 40; n++) {
    if (n > 0) f = f.times(n);
    out.push(ddFromDecimal(new HP(1).div(f)));
  }
  return out;
})();

const REDUCTION_BITS = 9;
const REDUCTION_SCALE = 2 ** -REDUCTION_BITS;

/**
 * e^r - 1 for |r| <= ln2/2 (as after reduction): divide by 2^9, sum Taylor terms (|r'| < 7e-4,
 * so 11 terms reach 1e-35), then undo the division with e^{2s}-1 = (e^s-1)(e^s-1+2), which keeps
 * full relative accuracy near 0.
 */
function expm1Reduced(r: DD): DD {
  const s = scale(r, REDUCTION_SCALE);
  let power = s;
  let sum = s;
  for (let n = 2; n <= 12; n++) {
    power = mul(power, s);
    sum = add(sum, mul(power, INV_FACTORIAL[n]));
  }
  for (let i = 0; i < REDUCTION_BITS; i++) sum = mul(sum, addNumber(sum, 2));
  return sum;
}

/** k and r with x = k ln2 + r, |r| <= ln2/2 (about). */
function reduceLn2(x: DD): { k: number; r: DD } {
  const k = Math.round(x.hi / LN2.hi);
  return { k, r: sub(x, mulNumber(LN2, k)) };
}

export function ddExpm1(x: DD): DD {
  if (!Number.isFinite(x.hi)) return dd(x.hi === Infinity ? Infinity : x.hi === -Infinity ? -1 : NaN);
  const { k, r } = reduceLn2(x);
  const m = expm1Reduced(r);
  if (k === 0) return m;
  // e^x - 1 = 2^k (m + 1) - 1; |x| >= ln2/2 here, so the final subtraction loses nothing.
  return addNumber(scaleByPowerOfTwo(addNumber(m, 1), k), -1);
}

export function ddExp(x: DD): DD {
  if (x.hi > 709.78) return dd(Infinity);
  if (x.hi < -745.2) return dd(0);
  if (Number.isNaN(x.hi)) return dd(NaN);
  const { k, r } = reduceLn2(x);
  return scaleByPowerOfTwo(addNumber(expm1Reduced(r), 1), k);
}

function scaleByPowerOfTwo(a: DD, k: number): DD {
  // Two steps so 2^k itself never overflows or underflows for the k that reach here.
  const k1 = Math.trunc(k / 2);
  return scale(scale(a, 2 ** k1), 2 ** (k - k1));
}

/** 2^x = e^{x ln2}. */
export const ddExp2 = (x: DD): DD => ddExp(mul(x, LN2));

/**
 * ln x for x > 0. Near 1 (|x - 1| < 1/4): 2 atanh(u), u = (x-1)/(x+1), by its series (full
 * relative accuracy as ln x -> 0); elsewhere one Newton step y + x e^{-y} - 1 from y = Math.log,
 * which squares the initial 1e-16 error.
 */
export function ddLn(x: DD): DD {
  if (!(x.hi > 0)) return dd(x.hi === 0 ? -Infinity : NaN);
  if (x.hi === Infinity) return dd(Infinity);
  if (Math.abs(x.hi - 1) < 0.25) {
    const u = div(addNumber(x, -1), addNumber(x, 1));
    const u2 = sqr(u);
    let power = u;
    let sum = u;
    for (let n = 3; n <= 41; n += 2) {
      power = mul(power, u2);
      sum = add(sum, divNumber(power, n));
      if (Math.abs(power.hi) < 1e-36 * Math.abs(sum.hi)) break;
    }
    return scale(sum, 2);
  }
  const y0 = Math.log(x.hi);
  const correction = addNumber(mul(x, ddExp(dd(-y0))), -1);
  return addNumber(correction, y0);
}

export const ddLog2 = (x: DD): DD => div(ddLn(x), LN2);

/** sin and cos of |r| <= pi/4 by their Taylor series (27 powers reach 1e-33). */
function sinCosReduced(r: DD): { sin: DD; cos: DD } {
  let sinSum = r;
  let cosSum = ONE;
  let power = r; // r^n
  for (let n = 2; n <= 27; n++) {
    power = mul(power, r);
    const term = mul(power, INV_FACTORIAL[n]);
    const negative = Math.floor(n / 2) % 2 === 1; // signs + - - + + - - ...
    if (n % 2 === 0) cosSum = negative ? sub(cosSum, term) : add(cosSum, term);
    else sinSum = negative ? sub(sinSum, term) : add(sinSum, term);
  }
  return { sin: sinSum, cos: cosSum };
}

export function ddSin(x: DD): DD {
  if (!Number.isFinite(x.hi) || Math.abs(x.hi) > 1e4) return dd(Math.sin(x.hi));
  const k = Math.round(x.hi / PI_OVER_2.hi);
  // x - k pi/2 with pi/2 to 106 bits: the reduction error is |k| * 1e-32, fine for |x| <= 1e4.
  const r = sub(x, mulNumber(PI_OVER_2, k));
  const { sin, cos } = sinCosReduced(r);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return sin;
    case 1:
      return cos;
    case 2:
      return neg(sin);
    default:
      return neg(cos);
  }
}

/** tanh x = t / (t + 2), t = e^{2x} - 1 (relative accuracy kept near 0); odd symmetry. */
export function ddTanh(x: DD): DD {
  if (x.hi < 0) return neg(ddTanh(neg(x)));
  if (x.hi > 40) return dd(1); // 1 - tanh(40) < 1e-34
  const t = ddExpm1(scale(x, 2));
  return div(t, addNumber(t, 2));
}

/** 1 / (1 + e^{-x}). */
export const ddSigmoid = (x: DD): DD => recip(addNumber(ddExp(neg(x)), 1));

/**
 * erf x = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (2n+1)!!, a series of positive terms (no
 * cancellation). |x| <= 6 (needs ~150 terms at 6); odd symmetry.
 */
export function ddErf(x: DD): DD {
  if (x.hi < 0) return neg(ddErf(neg(x)));
  if (x.hi === 0) return dd(0);
  if (x.hi > 6) return dd(1); // 1 - erf(6) < 3e-17: beyond the documented range anyway
  const x2 = sqr(x);
  const twoX2 = scale(x2, 2);
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n++) {
    term = divNumber(mul(term, twoX2), 2 * n + 1);
    sum = add(sum, term);
    if (term.hi < 1e-35 * sum.hi) break;
  }
  return mul(mul(TWO_OVER_SQRT_PI, ddExp(neg(x2))), sum);
}

/** Constants used above, exposed for tests and for other references. */
export const DD_CONSTANTS: Readonly<{ LN2: DD; PI: DD }> = Object.freeze({ LN2, PI });
