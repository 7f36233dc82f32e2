/**
 * The slice of the WebAssembly JS API this backend uses, typed here: the project's lib setting
 * (ES2023, no DOM) declares no `WebAssembly` namespace, and Node 20 has it as a global.
 */
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
