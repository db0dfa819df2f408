/**
 * The slice of the WebAssembly JS API the kernels use, typed locally: the project compiles without the DOM lib,
 * and @types/node 20 does not declare the WebAssembly global.
 */
export interface WasmModule {
  readonly __brand: 'WebAssembly.Module';
}

export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
