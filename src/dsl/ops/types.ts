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
  /**
   * Helper definitions this op's emitters call, per target (e.g. a WGSL `fn sd_nan()`, a Python
   * `def sd_div(a, b)`); a module emitter includes each helper once.
   */
  readonly helpers?: Readonly<Partial<Record<EmitTarget, readonly string[]>>>;
  readonly wgslAccuracy: WgslAccuracy;
  readonly facts: OpFacts;
}
