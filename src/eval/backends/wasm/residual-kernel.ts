/**
 * The fit's residuals on the vector units: one static SIMD128 module, compiled once per thread,
 * that turns a candidate's output column into the scaled residuals r_i = ((y_i - hi_i) - lo_i) * s_i
 * (the same three IEEE operations per point as fit/program-objective.ts's JS loop, so the same
 * bits) and returns max_i |r_i| in the same pass, NaN when any residual is NaN.
 *
 *   residuals(yPtr, hiPtr, loPtr, sPtr, rPtr, bytes) -> f64
 *
 * over `bytes` (a multiple of 32) of f64 columns in the instance's imported memory `env.memory`.
 * Two vectors per iteration into two running maxima: a max is the same whatever the order
 * (NaN-propagating, and |r| makes every zero +0), so this changes no bit.
 */
import { concatBytes, F64, funcType, HEADER, I32, name, OP, s32, section, SECTION, simd, u32, vec } from '../../../dsl/emit/wasm-encoding.ts';
import { wasm } from './wasm-api.ts';
import type { WasmMemory } from './wasm-api.ts';

export type ResidualFn = (yPtr: number, hiPtr: number, loPtr: number, sPtr: number, rPtr: number, bytes: number) => number;

const [Y, HI, LO, S, R, END] = [0, 1, 2, 3, 4, 5];
const I = 6; // i32 byte offset
const ACC = 7; // v128 running max of |r| (even vectors)
const V = 8; // v128 residual
const ACC2 = 9; // v128 running max of |r| (odd vectors)

const F64_MAX = 0xa5;

/** v128.load at local `base` + local I + `offset` (align 16 bytes = 2^4). */
function load(base: number, offset: number): number[] {
  return [OP.localGet, base, OP.localGet, I, OP.i32Add, ...simd('v128.load'), 4, ...u32(offset)];
}

/** One vector's residual at byte offset `offset` of the iteration, stored, folded into `acc`. */
function vector(offset: number, acc: number): number[] {
  return [
    ...load(Y, offset), ...load(HI, offset), ...simd('f64x2.sub'), ...load(LO, offset), ...simd('f64x2.sub'), ...load(S, offset), ...simd('f64x2.mul'),
    OP.localSet, V,
    OP.localGet, R, OP.localGet, I, OP.i32Add, OP.localGet, V, ...simd('v128.store'), 4, ...u32(offset),
    OP.localGet, acc, OP.localGet, V, ...simd('f64x2.abs'), ...simd('f64x2.max'), OP.localSet, acc,
  ];
}

function moduleBytes(): Uint8Array {
  const body = [
    ...vec([
      [...u32(1), I32],
      [...u32(3), 0x7b],
    ]),
    OP.block, OP.blockTypeEmpty,
    OP.localGet, END, OP.i32Const, ...s32(0), 0x4c /* i32.le_s */, OP.brIf, 0,
    OP.loop, OP.blockTypeEmpty,
    ...vector(0, ACC),
    ...vector(16, ACC2),
    OP.localGet, I, OP.i32Const, ...s32(32), OP.i32Add, OP.localTee, I,
    OP.localGet, END, OP.i32LtU, OP.brIf, 0,
    OP.end,
    OP.end,
    OP.localGet, ACC, OP.localGet, ACC2, ...simd('f64x2.max'), OP.localSet, ACC,
    OP.localGet, ACC, ...simd('f64x2.extract_lane'), 0,
    OP.localGet, ACC, ...simd('f64x2.extract_lane'), 1,
    F64_MAX,
    OP.end,
  ];
  return concatBytes([
    HEADER,
    section(SECTION.type, vec([funcType([I32, I32, I32, I32, I32, I32], [F64])])),
    section(SECTION.import, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]])),
    section(SECTION.function, vec([u32(0)])),
    section(SECTION.export, vec([[...name('residuals'), 0x00, ...u32(0)]])),
    section(SECTION.code, vec([[...u32(body.length), ...body]])),
  ]);
}

let compiled: object | undefined;

/** The residual function bound to `memory` (the module is compiled on first use, once per thread). */
export function residualKernel(memory: WasmMemory): ResidualFn {
  compiled ??= new wasm.Module(moduleBytes());
  const instance = new wasm.Instance(compiled, { env: { memory } });
  return instance.exports.residuals as ResidualFn;
}
