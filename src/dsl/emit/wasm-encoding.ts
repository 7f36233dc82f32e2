/**
 * The WebAssembly binary encoding of the few instructions the program emitter uses (core spec
 * section 5, SIMD128 opcodes under the 0xfd prefix). Hand-written rather than `binaryen` or `wabt`
 * (megabytes of wasm each, and a text round trip or an optimizer we don't need): our modules are
 * straight-line loop bodies over locals, and V8 optimises them itself.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof F32 | typeof V128;

/** Core opcodes. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32Add: 0x6a,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
  blockTypeEmpty: 0x40,
} as const;

/** SIMD opcodes (after the 0xfd prefix, LEB128-encoded). */
export const SIMD = {
  'v128.load': 0x00,
  'v128.store': 0x0b,
  'v128.const': 0x0c,
  'v128.load64_splat': 0x0a,
  'i8x16.shuffle': 0x0d,
  'f32x4.splat': 0x13,
  'f64x2.splat': 0x14,
  'f32x4.extract_lane': 0x1f,
  'f32x4.replace_lane': 0x20,
  'f64x2.extract_lane': 0x21,
  'f64x2.replace_lane': 0x22,
  'f32x4.eq': 0x41,
  'f32x4.ne': 0x42,
  'f32x4.lt': 0x43,
  'f32x4.gt': 0x44,
  'f32x4.le': 0x45,
  'f32x4.ge': 0x46,
  'f64x2.eq': 0x47,
  'f64x2.ne': 0x48,
  'f64x2.lt': 0x49,
  'f64x2.gt': 0x4a,
  'f64x2.le': 0x4b,
  'f64x2.ge': 0x4c,
  'v128.not': 0x4d,
  'v128.and': 0x4e,
  'v128.andnot': 0x4f,
  'v128.or': 0x50,
  'v128.xor': 0x51,
  'v128.bitselect': 0x52,
  'f32x4.demote_f64x2_zero': 0x5e,
  'f64x2.promote_low_f32x4': 0x5f,
  'f32x4.abs': 0xe0,
  'f32x4.neg': 0xe1,
  'f32x4.sqrt': 0xe3,
  'f32x4.add': 0xe4,
  'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6,
  'f32x4.div': 0xe7,
  'f32x4.min': 0xe8,
  'f32x4.max': 0xe9,
  'f64x2.abs': 0xec,
  'f64x2.neg': 0xed,
  'f64x2.sqrt': 0xef,
  'f64x2.add': 0xf0,
  'f64x2.sub': 0xf1,
  'f64x2.mul': 0xf2,
  'f64x2.div': 0xf3,
  'f64x2.min': 0xf4,
  'f64x2.max': 0xf5,
} as const;
export type SimdName = keyof typeof SIMD;

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  let x = n >>> 0;
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0) byte |= 0x80;
    out.push(byte);
  } while (x !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function s32(n: number): number[] {
  const out: number[] = [];
  let x = n | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const f64Bytes = new Float64Array(1);
const f64View = new Uint8Array(f64Bytes.buffer);
const f32Bytes = new Float32Array(1);
const f32View = new Uint8Array(f32Bytes.buffer);

/** A v128.const of `value` in every lane (little-endian, as wasm memory). */
export function v128Splat(value: number, lanes: 'f64x2' | 'f32x4'): number[] {
  const out: number[] = [0xfd, ...u32(SIMD['v128.const'])];
  if (lanes === 'f64x2') {
    f64Bytes[0] = value;
    for (let k = 0; k < 2; k++) out.push(...f64View);
  } else {
    f32Bytes[0] = value;
    for (let k = 0; k < 4; k++) out.push(...f32View);
  }
  return out;
}

export function simd(name: SimdName): number[] {
  return [0xfd, ...u32(SIMD[name])];
}

/** A growable byte buffer: emission appends here instead of building many small arrays. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;
  private room(k: number): void {
    if (this.length + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + k));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  bytes(bs: ArrayLike<number>): void {
    this.room(bs.length);
    for (let i = 0; i < bs.length; i++) this.buf[this.length++] = bs[i];
  }
  u32(n: number): void {
    let x = n >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
  }
  /** 0xfd and the SIMD opcode. */
  simd(name: SimdName): void {
    this.byte(0xfd);
    this.u32(SIMD[name]);
  }
  /** A v128.const of `value` in every lane (little-endian, as wasm memory). */
  v128Splat(value: number, lanes: 'f64x2' | 'f32x4'): void {
    this.simd('v128.const');
    this.room(16);
    if (lanes === 'f64x2') {
      f64Bytes[0] = value;
      for (let k = 0; k < 16; k++) this.buf[this.length++] = f64View[k & 7];
    } else {
      f32Bytes[0] = value;
      for (let k = 0; k < 16; k++) this.buf[this.length++] = f32View[k & 3];
    }
  }
  op(b: number, local: number): void {
    this.byte(b);
    this.u32(local);
  }
  /** The bytes written so far (a view; copy before writing more). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...u32(bytes.length), ...bytes];
}

/** A vector: count, then the items' bytes. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, content: readonly number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

/** Concatenates byte chunks (large ones: spreading big arrays into literals is slow in V8). */
export function concatBytes(chunks: readonly (readonly number[] | Uint8Array)[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

/** A function type `(params) -> (results)`. */
export function funcType(params: readonly ValueType[], results: readonly ValueType[]): number[] {
  return [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];
}

/** The wasm module header: magic and version 1. */
export const HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
