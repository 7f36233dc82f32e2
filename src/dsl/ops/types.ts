/**
 * The shape of one op-table entry. Every consumer of ops (interpreter, CPU compiler, WGSL/TS/C/
 * Python/LaTeX emitters, simplifier, mutation) reads these fields and nothing else.
 */

/** Numeric precision of an evaluation or an emitted program. */
export type Precision = 'f32' | 'f64';

/** Targets that ops know how to emit themselves into. */
export type EmitTarget = 'wgsl' | 'ts' | 'c' | 'numpy' | 'torch' | 'latex';

/**
 * Emits one op application. `args` are atomic expressions (identifiers or literals, already
 * formatted for the target), so an emitter may repeat an argument without re-evaluating anything.
 * `precision` matters for C (`expf` vs `exp`) and for literals an emitter writes itself.
 */
export type Emitter = (args: readonly string[], precision: Precision) => string;

/** Lane-wise SIMD128 instructions an op's wasm emitter may use, named without the shape prefix. */
export type WasmLaneOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max' | 'abs' | 'neg' | 'sqrt'
  | 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge';
/** Bitwise v128 instructions (shape-free). `bitselect(a, b, mask)` is (a & mask) | (b & ~mask). */
export type WasmBitOp = 'and' | 'andnot' | 'or' | 'xor' | 'bitselect';

/**
 * What a wasm emitter writes with: a stack machine over v128 values holding f64x2 or f32x4 lanes
 * (by `precision`). src/dsl/emit/wasm.ts implements it and encodes the instructions.
 */
export interface WasmBuilder {
  readonly precision: Precision;
  /** Pushes operand `j` (every lane). Operands are locals, so an emitter may push one twice. */
  arg(j: number): void;
  /** Pushes `value` in every lane (rounded to float32 in f32 mode, as the interpreter does). */
  constant(value: number): void;
  /** Pops the lane op's operands, pushes its result (f64x2.* or f32x4.*, IEEE correctly rounded). */
  lanes(op: WasmLaneOp): void;
  /** Pops the bitwise op's operands (2, or 3 for bitselect), pushes the result. */
  bits(op: WasmBitOp): void;
  /**
   * Pushes `f` applied lane by lane to the operands (an imported JS function, called once per
   * lane; in f32 mode on the float32 operands widened to f64, result rounded to float32) — the
   * interpreter's own semantics, so bit-identical, for ops wasm has no instruction for.
   */
  perLane(f: (...xs: number[]) => number): void;
  /**
   * Pushes `body` evaluated in f64 lanes even in f32 mode (there: on the operands widened to f64,
   * two halves, result rounded to float32 once), for ops whose f32 semantics round once after
   * several f64 steps (fma, cube, interp). In f64 mode it is `body` itself.
   */
  inF64(body: (b: WasmBuilder) => void): void;
}

/** Writes one op application with a WasmBuilder: pushes exactly one v128 result. */
export type WasmEmitter = (b: WasmBuilder) => void;

/**
 * How far WGSL's built-in may stray from the correctly rounded f32 result, as the WGSL spec
 * allows (section "Floating Point Accuracy"). `ulp` and `abs` add up; `inherited` names the
 * formula the spec derives the accuracy from, for the reader.
 */
export interface WgslAccuracy {
  readonly ulp: number;
  readonly abs: number;
  /** Extra ULPs per unit of |first argument| (exp and exp2 allow 3 + 2·|x| ULP). */
  readonly ulpPerAbsArg?: number;
  readonly inherited?: string;
}

/** Algebraic facts the simplifier may rely on. */
export interface OpFacts {
  /** f(a, b) = f(b, a). */
  readonly commutative?: boolean;
  /** f(x, id) = x (side 'right') or also f(id, x) = x (side 'both'). */
  readonly identity?: { readonly value: number; readonly side: 'both' | 'right' };
  /** f(x, z) = z for either argument (e.g. 0 for multiplication of finite values). */
  readonly absorbing?: number;
  /** f(f(x)) = x (unary ops). */
  readonly involution?: boolean;
  /** Unary: f(f(x)) = f(x). Binary: f(x, x) = x. */
  readonly idempotent?: boolean;
}

export interface OpSpec {
  /** The name in program text, e.g. `sqrt`, `interp`, `add`. */
  readonly name: string;
  /** Number of operands; 0 for named constants such as `pi`. */
  readonly arity: 0 | 1 | 2 | 3;
  /** Infix sugar in program text; canonical printing uses it. */
  readonly infix?: '+' | '-' | '*' | '/';
  /** Cost in the default op-count cost model. */
  readonly cost: number;
  /** One line for users: what it computes, including protected-domain behaviour. */
  readonly doc: string;
  /** Real-number semantics (IEEE double). Out-of-domain inputs give NaN. */
  readonly f64: (...args: number[]) => number;
  /** Emitters, one per target. */
  readonly emit: Readonly<Record<EmitTarget, Emitter>>;
  /** The SIMD128 WebAssembly emitter (src/dsl/emit/wasm.ts), bit-identical to `f64` / applyF32. */
  readonly wasm: WasmEmitter;
  /**
   * Helper definitions this op's emitters call, per target (e.g. a WGSL `fn sd_nan()`, a Python
   * `def sd_div(a, b)`); a module emitter includes each helper once.
   */
  readonly helpers?: Readonly<Partial<Record<EmitTarget, readonly string[]>>>;
  readonly wgslAccuracy: WgslAccuracy;
  readonly facts: OpFacts;
}
