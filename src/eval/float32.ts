/**
 * Float32 grid utilities: bit patterns, ULPs, neighbours, and enumeration of every float32 in an
 * interval (for exhaustive verification: [0, 1) holds 1,065,353,216 floats, so they come in
 * chunks).
 *
 * "Order" is a signed integer index of the float32 values that is monotone in their value:
 * +0 and -0 share order 0, positive floats have order = their bit pattern, negative floats
 * order = -(bits & 0x7fffffff). Consecutive floats have consecutive orders, so distances in ULPs
 * and counts are differences of orders.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer); // little-endian: u64[1] holds sign and exponent

/** The bit pattern of fround(x) as an unsigned 32-bit integer. */
export function float32ToBits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/** The float32 with this bit pattern (as a number). */
export function bitsToFloat32(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0];
}

const MIN_NORMAL_EXPONENT = -126;
/** Spacing of the float32 grid among subnormals and at zero: 2^-149. */
export const FLOAT32_MIN_ULP = 2 ** -149;
export const FLOAT32_MAX = bitsToFloat32(0x7f7fffff);

/** floor(log2 |x|) for a finite non-zero double, exactly (read from the double's exponent bits). */
function binadeExponent(x: number): number {
  f64[0] = x;
  const e = (u64[1] >>> 20) & 0x7ff;
  if (e === 0) return -1023; // double subnormal: far below the float32 range; caller clamps
  return e - 1023;
}

/**
 * The float32 ULP at the real number x: the spacing of the float32 grid in x's binade,
 * 2^(floor(log2|x|) - 23), and 2^-149 below the normal range. Defined from x itself (not from
 * fround(x), which can round up into the next binade), so |y - x| / ulp32(x) is the error in
 * ULPs of the exact value x. Infinity for |x| >= 2^128, NaN for NaN.
 */
export function ulp32(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === Infinity) return Infinity;
  if (a === 0) return FLOAT32_MIN_ULP;
  const e = binadeExponent(a);
  if (e >= 128) return Infinity;
  if (e < MIN_NORMAL_EXPONENT) return FLOAT32_MIN_ULP;
  return 2 ** (e - 23);
}

/** The monotone integer index of fround(x) (see the file comment); NaN for NaN. */
export function float32Order(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const bits = float32ToBits(x);
  return bits >= 0x80000000 ? 0 - (bits & 0x7fffffff) : bits; // 0 - 0 is +0, so -0 has order +0
}

/** The float32 with this order (order 0 is +0). */
export function float32FromOrder(order: number): number {
  return order >= 0 ? bitsToFloat32(order) : bitsToFloat32((0x80000000 | -order) >>> 0);
}

/** The next float32 above fround(x) (-0 and +0 both go to the smallest positive subnormal). */
export function nextUp32(x: number): number {
  const f = Math.fround(x);
  if (Number.isNaN(f) || f === Infinity) return f;
  if (f === -Infinity) return -FLOAT32_MAX;
  return float32FromOrder(float32Order(f) + 1);
}

/** The next float32 below fround(x). */
export function nextDown32(x: number): number {
  const f = Math.fround(x);
  if (Number.isNaN(f) || f === -Infinity) return f;
  if (f === Infinity) return FLOAT32_MAX;
  return float32FromOrder(float32Order(f) - 1);
}

/** The smallest float32 >= x. */
export function ceil32(x: number): number {
  const f = Math.fround(x);
  return f < x ? nextUp32(f) : f;
}

/** Distance in float32 ULPs between fround(a) and fround(b): the number of steps on the grid. */
export function ulpDistance(a: number, b: number): number {
  return Math.abs(float32Order(a) - float32Order(b));
}

/** The number of float32 values v with a <= v < b (zero counted once). */
export function countFloat32(a: number, b: number): number {
  if (!(a < b)) return 0;
  return float32Order(ceil32(b)) - float32Order(ceil32(a));
}

/**
 * Every float32 in [a, b), ascending, in chunks of at most `chunkSize` values. Each chunk is a
 * fresh Float32Array. Chunks within one sign are filled by writing consecutive bit patterns.
 */
export function* float32Chunks(a: number, b: number, chunkSize = 1 << 20): Generator<Float32Array> {
  if (!(chunkSize >= 1)) throw new Error(`float32Chunks: chunkSize must be >= 1, got ${chunkSize}`);
  if (!(a < b)) return;
  let order = float32Order(ceil32(a));
  const end = float32Order(ceil32(b));
  while (order < end) {
    const n = Math.min(chunkSize, end - order);
    const chunk = new Float32Array(n);
    const bits = new Uint32Array(chunk.buffer);
    for (let i = 0; i < n; i++) {
      const o = order + i;
      bits[i] = o >= 0 ? o : (0x80000000 | -o) >>> 0;
    }
    order += n;
    yield chunk;
  }
}
