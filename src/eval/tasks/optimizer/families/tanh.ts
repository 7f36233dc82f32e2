/**
 * `Math.tanh` over a range of an array, bit for bit, without a call per element.
 *
 * V8's Math.tanh is fdlibm's (FreeBSD s_tanh.c over s_expm1.c), reached through a call into C
 * per element. This is the same algorithm, with the same float64 operations in the same order,
 * inlined in one loop, so its results are identical (test/eval/tasks/optimizer/families/tanh.test.ts
 * compares it with Math.tanh over every branch). fdlibm's comparisons of high words become
 * comparisons of |x| with the doubles those words start, which are equivalent. NaN, |x| >= 22 and
 * |x| < 2^-28 go to Math.tanh itself.
 */

const words = new Float64Array(1);
const halves = new Uint32Array(words.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The double whose high word is `hi` and low word 0. */
function fromHighWord(hi: number): number {
  halves[HIGH] = hi >>> 0;
  halves[1 - HIGH] = 0;
  return words[0];
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;
/** expm1: |x| > 0.5 ln2 (high word above 0x3FD62E42). */
const HALF_LN2_ABOVE = fromHighWord(0x3fd62e43);
/** expm1: |x| < 1.5 ln2 (high word below 0x3FF0A2B2). */
const THREE_HALVES_LN2 = fromHighWord(0x3ff0a2b2);
/** tanh: |x| < 2^-28 returns x. */
const TINY = fromHighWord(0x3e300000);
/** 2^k for k in [-64, 64] (expm1 of 2|x| < 44 reaches k = 64), exact. */
const POW2 = Float64Array.from({ length: 129 }, (_, i) => fromHighWord((0x3ff + i - 64) << 20));
/** 1 - 2^-k for k in [1, 19] (fdlibm's SET_HIGH_WORD(t, 0x3FF00000 - (0x200000 >> k))), exact. */
const ONE_MINUS = Float64Array.from({ length: 20 }, (_, k) => (k >= 1 ? fromHighWord(0x3ff00000 - (0x200000 >> k)) : 0));

/** a[i] = Math.tanh(a[i]) for i in [from, to), bit for bit. */
export function tanhInPlace(a: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const xin = a[i];
    const ax = Math.abs(xin);
    if (!(ax < 22) || ax < TINY) {
      a[i] = Math.tanh(xin);
      continue;
    }
    // expm1(x) for x = 2|x| (|x| >= 1) or -2|x| (|x| < 1): finite, in (-2, 44).
    let x = ax >= 1 ? 2 * ax : -2 * ax;
    let k = 0;
    let c = 0;
    if (Math.abs(x) >= HALF_LN2_ABOVE) {
      let hi: number;
      let lo: number;
      if (Math.abs(x) < THREE_HALVES_LN2) {
        if (x >= 0) {
          hi = x - LN2_HI;
          lo = LN2_LO;
          k = 1;
        } else {
          hi = x + LN2_HI;
          lo = -LN2_LO;
          k = -1;
        }
      } else {
        k = (INV_LN2 * x + (x >= 0 ? 0.5 : -0.5)) | 0;
        hi = x - k * LN2_HI;
        lo = k * LN2_LO;
      }
      x = hi - lo;
      c = hi - x - lo;
    }
    const hfx = 0.5 * x;
    const hxs = x * hfx;
    const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    const t = 3 - r1 * hfx;
    let e = hxs * ((r1 - t) / (6 - x * t));
    let em1: number;
    if (k === 0) em1 = x - (x * e - hxs);
    else {
      const twopk = POW2[k + 64];
      e = x * (e - c) - c;
      e -= hxs;
      if (k === -1) em1 = 0.5 * (x - e) - 0.5;
      else if (k === 1) em1 = x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
      else if (k <= -2 || k > 56) em1 = (1 - (e - x)) * twopk - 1;
      else if (k < 20) em1 = (ONE_MINUS[k] - (e - x)) * twopk;
      else {
        let y = x - (e + POW2[64 - k]);
        y += 1;
        em1 = y * twopk;
      }
    }
    const z = ax >= 1 ? 1 - 2 / (em1 + 2) : -em1 / (em1 + 2);
    a[i] = xin >= 0 ? z : -z;
  }
}
