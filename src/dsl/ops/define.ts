/**
 * Small builders for op-table entries: most ops are a library function applied to each operand,
 * spelled differently per target. Keeping the spelling table here keeps each entry one line.
 */
import type { EmitTarget, Emitter, OpFacts, OpSpec, Precision, WasmEmitter, WgslAccuracy } from './types.ts';

/** A float literal spelled for C at the given precision (`1.0f` or `1.0`). */
export function cLiteral(value: string, precision: Precision): string {
  return precision === 'f32' ? `${value}f` : value;
}

/** C math function name at the given precision (`expf` or `exp`). */
export function cMath(name: string, precision: Precision): string {
  return precision === 'f32' ? `${name}f` : name;
}

/** An emitter that calls `fn(a, b, ...)`. */
export function call(fn: string): Emitter {
  return (a) => `${fn}(${a.join(', ')})`;
}

/** An emitter for a C <math.h> function, `expf`/`exp`. */
export function cCall(fn: string): Emitter {
  return (a, p) => `${cMath(fn, p)}(${a.join(', ')})`;
}

export const exact: WgslAccuracy = { ulp: 0, abs: 0 };
export const correctlyRounded: WgslAccuracy = { ulp: 0.5, abs: 0 };

export interface MathOpOptions {
  readonly name: string;
  readonly doc: string;
  readonly f64: (x: number) => number;
  /** `Math.xxx` for TypeScript. */
  readonly js: string;
  /** WGSL built-in (or helper) name. */
  readonly wgsl: string;
  /** C math.h name without the `f` suffix. */
  readonly c: string;
  /** NumPy / PyTorch function names without the module prefix. */
  readonly numpy: string;
  readonly torch?: string;
  readonly latex: (a: string) => string;
  readonly wgslAccuracy: WgslAccuracy;
  readonly facts?: OpFacts;
  readonly cost?: number;
  /** Targets whose spelling is not a plain call of the names above. */
  readonly overrides?: Readonly<Partial<Record<EmitTarget, Emitter>>>;
  readonly helpers?: OpSpec['helpers'];
  /** The wasm emitter when wasm has an instruction for it; by default `f64` is called per lane. */
  readonly wasm?: WasmEmitter;
}

/** A wasm emitter that calls the op's own f64 semantics lane by lane (bit-identical, not fast). */
export function perLane(f64: (...xs: number[]) => number): WasmEmitter {
  return (b) => {
    b.perLane(f64);
  };
}

/** A unary op that maps directly onto the same library function in every target. */
export function mathOp(o: MathOpOptions): OpSpec {
  return {
    name: o.name,
    arity: 1,
    cost: o.cost ?? 1,
    doc: o.doc,
    f64: o.f64,
    emit: {
      wgsl: call(o.wgsl),
      ts: call(o.js),
      c: cCall(o.c),
      numpy: call(`np.${o.numpy}`),
      torch: call(`torch.${o.torch ?? o.numpy}`),
      latex: (a) => o.latex(a[0]),
      ...o.overrides,
    },
    wasm: o.wasm ?? perLane(o.f64),
    ...(o.helpers ? { helpers: o.helpers } : {}),
    wgslAccuracy: o.wgslAccuracy,
    facts: o.facts ?? {},
  };
}

/**
 * WGSL helper that yields a quiet NaN; WGSL has no NaN literal and may fold `0.0/0.0`. The bits go
 * through a `var`: `bitcast<f32>(0x7fc00000u)` alone is a const-expression, and a NaN
 * const-expression is a shader-creation error in Tint ("value nan cannot be represented as 'f32'").
 */
export const WGSL_NAN_HELPER = 'fn sd_nan() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }';

/**
 * A unary op defined only on part of the real line: NaN outside (which makes a candidate invalid).
 * WGSL's built-ins are indeterminate outside their domain, so the guard is explicit there.
 */
export function guardedMathOp(o: MathOpOptions & { readonly inDomainWgsl: (a: string) => string }): OpSpec {
  return mathOp({
    ...o,
    overrides: { ...o.overrides, wgsl: (a) => `select(sd_nan(), ${o.wgsl}(${a[0]}), ${o.inDomainWgsl(a[0])})` },
    helpers: { ...o.helpers, wgsl: [WGSL_NAN_HELPER, ...(o.helpers?.wgsl ?? [])] },
  });
}
