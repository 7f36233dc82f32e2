/**
 * The slice of the WebAssembly JS API this backend uses, typed here: the project's lib setting
 * (ES2023, no DOM) declares no `WebAssembly` namespace, and Node 20 has it as a global.
 */
import { setFlagsFromString } from 'node:v8';

// Every batch compiles a new module, and V8 calls a new export through its generic JS-to-wasm
// wrapper until the export has been called ~1000 times, more than a fit calls one: 11% of a
// function search's worker time went to that wrapper. Per-signature wrappers are compiled once per
// signature (all candidate functions share one) and cached. Measured by bench/fit.ts (one thread,
// same results digest): 401-432 candidates per CPU second with the generic wrapper, 666-714
// without. V8 flags are process-wide; this one is read when an instance's exports are made.
setFlagsFromString('--no-wasm-generic-wrapper');

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export type WasmImports = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}
interface WasmApi {
  readonly Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: WasmImports) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

export const wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
