/**
 * WebAssembly (SIMD128) emission of function programs from the op table's `wasm` emitters: one
 * module holds a batch of candidates, one exported function each (`c0`, `c1`, ...), so that the
 * compile is paid once per batch. Each function maps a column of inputs to a column of outputs
 * in f64x2 or f32x4 lanes:
 *
 *   cK(xPtr, yPtr, endPtr, cPtr)   for (; xPtr < endPtr; xPtr += 16 * unroll, yPtr += ...) y = f(x)
 *
 * over the module's imported memory `env.memory` (f64 or f32 elements by precision; the caller
 * pads the column to a whole number of iterations). Literals and named constants are splatted into
 * locals before the loop. Ops without a wasm instruction call their own f64 semantics lane by lane
 * through imports `m.f0`, `m.f1`, ..., so every op is bit-identical to the interpreter
 * (src/dsl/interpret.ts), f32 included (see WasmBuilder in src/dsl/ops/types.ts).
 */
import { applyF32, getOp } from '../ops/table.ts';
import type { Precision, WasmBitOp, WasmBuilder, WasmLaneOp } from '../ops/table.ts';
import { liveStatements } from '../liveness.ts';
import type { Operand, Program } from '../program.ts';
import { allInputs } from '../signature.ts';
import { ByteWriter, concatBytes, F64, funcType, HEADER, I32, name, OP, s32, section, SECTION, u32, V128, vec } from './wasm-encoding.ts';
import type { SimdName, ValueType } from './wasm-encoding.ts';

export interface WasmEmitOptions {
  readonly precision: Precision;
  /** Vectors per loop iteration (1, 2, 4); the caller pads columns to 16 * unroll bytes. */
  readonly unroll?: number;
  /**
   * Literals read from memory instead of baked in (constant fitting: one compile, many constant
   * vectors): literal k (in `literals(p)` order) is the f64 at cPtr + 8 * slot(k) when slot(k) is
   * defined. f64 only.
   */
  readonly constantSlot?: (literalIndex: number) => number | undefined;
  /** Per program (index in the batch), in place of `constantSlot`: a batch of fits in one module. */
  readonly constantSlots?: readonly ((literalIndex: number) => number | undefined)[];
}

export interface WasmKernelModule {
  readonly bytes: Uint8Array;
  /** The functions to import as `m.f0`, `m.f1`, ... (op semantics called per lane). */
  readonly imports: Readonly<Record<string, (...xs: number[]) => number>>;
  /** Export names, one per program, in order. */
  readonly exports: readonly string[];
  /** Bytes per loop iteration: columns are padded to a multiple of this. */
  readonly stride: number;
}

/** Per-module state shared by the candidates: imported functions and their types. */
class ModuleState {
  readonly imports: ((...xs: number[]) => number)[] = [];
  private readonly importIndex = new Map<(...xs: number[]) => number, number>();
  readonly importArity: number[] = [];
  importOf(f: (...xs: number[]) => number, arity: number): number {
    let k = this.importIndex.get(f);
    if (k === undefined) {
      k = this.imports.length;
      this.imports.push(f);
      this.importArity.push(arity);
      this.importIndex.set(f, k);
    }
    return k;
  }
}

/** Locals of one function: params 0-2 are i32, the rest v128 (declared in order). */
class Locals {
  count = 0;
  constructor(private readonly first: number) {}
  fresh(): number {
    return this.first + this.count++;
  }
}

/** Shuffle lanes: float32 lanes 2-3 moved to 0-1; then lanes 0-1 of two vectors side by side. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

const lanesOf = (p: Precision): 'f64x2' | 'f32x4' => (p === 'f64' ? 'f64x2' : 'f32x4');

/** Emits one function body's instructions into `code` (a WasmBuilder over local operands). */
class Builder implements WasmBuilder {
  constructor(
    readonly precision: Precision,
    private readonly code: ByteWriter,
    private readonly operands: readonly number[],
    private readonly locals: Locals,
    private readonly constants: (value: number, precision: Precision) => number,
    private readonly module: ModuleState,
  ) {}

  arg(j: number): void {
    const local = this.operands[j];
    if (local === undefined) throw new Error(`wasm emitter: operand ${j} of ${this.operands.length}`);
    this.code.op(OP.localGet, local);
  }

  constant(value: number): void {
    this.code.op(OP.localGet, this.constants(value, this.precision));
  }

  lanes(op: WasmLaneOp): void {
    this.code.simd(`${lanesOf(this.precision)}.${op}` as SimdName);
  }

  bits(op: WasmBitOp): void {
    this.code.simd(`v128.${op}` as SimdName);
  }

  perLane(f: (...xs: number[]) => number): void {
    const fn = this.module.importOf(f, this.operands.length);
    const shape = lanesOf(this.precision);
    const count = this.precision === 'f64' ? 2 : 4;
    const c = this.code;
    for (let k = 0; k < count; k++) {
      for (const local of this.operands) {
        c.op(OP.localGet, local);
        c.simd(`${shape}.extract_lane`);
        c.byte(k);
        if (this.precision === 'f32') c.byte(OP.f64PromoteF32);
      }
      c.op(OP.call, fn);
      if (this.precision === 'f32') c.byte(OP.f32DemoteF64);
      if (k === 0) c.simd(`${shape}.splat`);
      else {
        c.simd(`${shape}.replace_lane`);
        c.byte(k);
      }
    }
  }

  inF64(body: (b: WasmBuilder) => void): void {
    if (this.precision === 'f64') {
      body(this);
      return;
    }
    // Widen each operand's four float32 lanes into two f64x2 halves.
    const c = this.code;
    const halves = [0, 1].map((half) =>
      this.operands.map((local) => {
        const wide = this.locals.fresh();
        c.op(OP.localGet, local);
        if (half === 1) {
          c.op(OP.localGet, local);
          c.simd('i8x16.shuffle');
          c.bytes(HIGH_HALF);
        }
        c.simd('f64x2.promote_low_f32x4');
        c.op(OP.localSet, wide);
        return wide;
      }),
    );
    const results = halves.map((operands) => {
      body(new Builder('f64', c, operands, this.locals, this.constants, this.module));
      const result = this.locals.fresh();
      c.op(OP.localSet, result);
      return result;
    });
    c.op(OP.localGet, results[0]);
    c.simd('f32x4.demote_f64x2_zero');
    c.op(OP.localGet, results[1]);
    c.simd('f32x4.demote_f64x2_zero');
    c.simd('i8x16.shuffle');
    c.bytes(LOW_HALVES);
  }
}

/** The value of a literal or named constant at this precision (as the interpreter reads it). */
function constantValue(a: Operand, precision: Precision): number {
  if (a.kind === 'lit') return precision === 'f32' ? Math.fround(a.value) : a.value;
  if (a.kind === 'const') return precision === 'f32' ? applyF32(getOp(a.name), []) : getOp(a.name).f64();
  throw new Error('constantValue: not a constant');
}

const X = 0;
const Y = 1;
const END = 2;
/** Where literals read from memory live (WasmEmitOptions.constantSlot). */
const CONSTANTS = 3;
const FIRST_V128 = 4;

/** The code section entry (locals and body) of one candidate. */
function candidateFunction(p: Program, precision: Precision, unroll: number, module: ModuleState, constantSlot?: (literalIndex: number) => number | undefined): Uint8Array {
  if (constantSlot && precision !== 'f64') throw new Error('wasm: constants from memory are f64 only');
  if (p.domain !== 'function' || p.outputs.length !== 1) throw new Error('wasm: only function programs (one input x, one output) are emitted');
  const locals = new Locals(FIRST_V128);
  const prologue = new ByteWriter();
  // Keyed by value (Map keys treat -0 as +0, so -0 has its own key) per precision.
  const constantLocals = { f64: new Map<number | string, number>(), f32: new Map<number | string, number>() };
  const constants = (value: number, at: Precision): number => {
    const key = Object.is(value, -0) ? '-0' : value;
    let local = constantLocals[at].get(key);
    if (local === undefined) {
      local = locals.fresh();
      prologue.v128Splat(value, lanesOf(at));
      prologue.op(OP.localSet, local);
      constantLocals[at].set(key, local);
    }
    return local;
  };
  const slotLocals = new Map<number, number>();
  const slotLocal = (slot: number): number => {
    let local = slotLocals.get(slot);
    if (local === undefined) {
      local = locals.fresh();
      prologue.op(OP.localGet, CONSTANTS);
      prologue.simd('v128.load64_splat');
      prologue.byte(3);
      prologue.u32(8 * slot);
      prologue.op(OP.localSet, local);
      slotLocals.set(slot, local);
    }
    return local;
  };
  const live = liveStatements(p);
  const [input] = allInputs(p.domain);
  const loop = new ByteWriter();
  for (let u = 0; u < unroll; u++) {
    const vars = new Map<string, number>();
    const xLocal = locals.fresh();
    loop.op(OP.localGet, X);
    loop.simd('v128.load');
    loop.byte(4);
    loop.u32(16 * u);
    loop.op(OP.localSet, xLocal);
    vars.set(input, xLocal);
    let literalIndex = 0;
    p.body.forEach((s, index) => {
      const firstLiteral = literalIndex;
      for (const a of s.args) if (a.kind === 'lit') literalIndex++;
      if (!live[index]) return;
      const op = getOp(s.op);
      if (op.arity !== s.args.length) throw new Error(`wasm: statement ${index + 1}: '${op.name}' takes ${op.arity} operands, got ${s.args.length}`);
      let k = firstLiteral;
      const operands = s.args.map((a) => {
        if (a.kind === 'lit') {
          const slot = constantSlot?.(k++);
          if (slot !== undefined) return slotLocal(slot);
        }
        if (a.kind !== 'var') return constants(constantValue(a, precision), precision);
        const local = vars.get(a.name);
        if (local === undefined) throw new Error(`wasm: statement ${index + 1} reads '${a.name}' before it is assigned`);
        return local;
      });
      op.wasm(new Builder(precision, loop, operands, locals, constants, module));
      const target = locals.fresh();
      loop.op(OP.localSet, target);
      vars.set(s.target, target);
    });
    const out = vars.get(p.outputs[0]);
    if (out === undefined) throw new Error(`wasm: output '${p.outputs[0]}' is never assigned`);
    loop.op(OP.localGet, Y);
    loop.op(OP.localGet, out);
    loop.simd('v128.store');
    loop.byte(4);
    loop.u32(16 * u);
  }
  const step = 16 * unroll;
  const head = [OP.block, OP.blockTypeEmpty, OP.loop, OP.blockTypeEmpty];
  const tail = [
    OP.localGet, Y, OP.i32Const, ...s32(step), OP.i32Add, OP.localSet, Y,
    OP.localGet, X, OP.i32Const, ...s32(step), OP.i32Add, OP.localTee, X,
    OP.localGet, END, OP.i32LtU, OP.brIf, 0,
    OP.end,
    OP.end,
    OP.end,
  ];
  const declared = locals.count > 0 ? vec([[...u32(locals.count), V128]]) : vec([]);
  const length = declared.length + prologue.length + head.length + loop.length + tail.length;
  return concatBytes([u32(length), declared, prologue.view(), head, loop.view(), tail]);
}

/** One module evaluating every program of `programs` (see the file comment). */
export function emitWasmModule(programs: readonly Program[], options: WasmEmitOptions): WasmKernelModule {
  const unroll = options.unroll ?? 1;
  const module = new ModuleState();
  const bodies = programs.map((p, k) => candidateFunction(p, options.precision, unroll, module, options.constantSlots?.[k] ?? options.constantSlot));
  const arities = [...new Set(module.importArity)];
  const types = [funcType([I32, I32, I32, I32], []), ...arities.map((k) => funcType(new Array<ValueType>(k).fill(F64), [F64]))];
  const imports = [
    [...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)],
    ...module.imports.map((_, k) => [...name('m'), ...name(`f${k}`), 0x00, ...u32(1 + arities.indexOf(module.importArity[k]))]),
  ];
  const exportNames = programs.map((_, k) => `c${k}`);
  const firstCandidate = module.imports.length;
  const codeLength = u32(bodies.length).length + bodies.reduce((n, b) => n + b.length, 0);
  const bytes = concatBytes([
    HEADER,
    section(SECTION.type, vec(types)),
    section(SECTION.import, vec(imports)),
    section(SECTION.function, vec(programs.map(() => u32(0)))),
    section(SECTION.export, vec(exportNames.map((n, k) => [...name(n), 0x00, ...u32(firstCandidate + k)]))),
    [SECTION.code, ...u32(codeLength), ...u32(bodies.length)],
    ...bodies,
  ]);
  return {
    bytes,
    imports: Object.fromEntries(module.imports.map((f, k) => [`f${k}`, f])),
    exports: exportNames,
    stride: 16 * unroll,
  };
}

const nativeCache = new Map<string, boolean>();

/**
 * Whether op `name`'s wasm emitter uses only SIMD instructions at `precision` (no per-lane call of
 * its f64 semantics): those ops run at vector speed, the others at about the closures' speed.
 */
export function isNativeWasmOp(opName: string, precision: Precision): boolean {
  const key = `${opName}/${precision}`;
  const known = nativeCache.get(key);
  if (known !== undefined) return known;
  const op = getOp(opName);
  let native = true;
  const probe: WasmBuilder = {
    precision,
    arg: () => {},
    constant: () => {},
    lanes: () => {},
    bits: () => {},
    perLane: () => {
      native = false;
    },
    inF64: (body) => body({ ...probe, precision: 'f64' }),
  };
  op.wasm(probe);
  nativeCache.set(key, native);
  return native;
}
