import { ALS_KERNELS_WASM_BASE64 } from './alsKernelsWasm.js';
import { wasm, type WasmMemory, type WasmModule } from './wasmApi.js';

/**
 * The WebAssembly SIMD kernels (source: assembly/alsKernels.ts). Pointers are byte offsets into the memory the
 * instance was created with; see the source for each kernel's contract.
 */
export interface AlsKernels {
  gram(factors: number, rows: number, f: number, regularization: number, out: number): void;
  conjugateGradientRows(
    f: number, target: number, other: number, gram: number, indptr: number, indices: number, confidence: number,
    start: number, end: number, steps: number, scratch: number,
  ): void;
  scoreInt8(user: number, userScale: number, codes: number, itemScale: number, count: number, stride: number, out: number): void;
}

const KERNEL_NAMES = ['gram', 'conjugateGradientRows', 'scoreInt8'] as const;
const PAGE_BYTES = 65_536;
/** wasm32 addresses 4 GiB; the first page stays unused so that offset 0 is never a live array. */
const MAX_PAGES = 65_536;

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per thread; a Module can also be posted to workers). */
export function alsKernelModule(): WasmModule {
  compiled ??= new wasm.Module(Buffer.from(ALS_KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

export function instantiateAlsKernels(memory: WasmMemory, module: WasmModule = alsKernelModule()): AlsKernels {
  const exports = new wasm.Instance(module, { env: { memory } }).exports;
  for (const name of KERNEL_NAMES) {
    if (typeof exports[name] !== 'function') throw new TypeError(`ALS kernels: export '${name}' is missing`);
  }
  return exports as unknown as AlsKernels;
}

/** A typed array placed in a KernelArena, with its byte offset for the kernels. */
export interface Placed<T> {
  offset: number;
  view: T;
}

/**
 * One shared WebAssembly memory sized up front, with a bump allocator for the arrays the kernels work on.
 * Arrays are 64-byte aligned (cache lines: threads writing neighbouring arrays do not share a line).
 */
export class KernelArena {
  readonly memory: WasmMemory;
  private next = PAGE_BYTES;

  /** `bytes` is the sum of `KernelArena.bytesFor` over every array that will be placed. */
  constructor(bytes: number) {
    const pages = Math.ceil((PAGE_BYTES + bytes) / PAGE_BYTES);
    if (pages > MAX_PAGES) throw new RangeError(`ALS kernels: ${Math.ceil(bytes / 2 ** 20)} MiB exceed the 4 GiB WebAssembly memory`);
    this.memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  }

  static bytesFor(length: number, bytesPerElement: number): number {
    return Math.ceil((length * bytesPerElement) / 64) * 64;
  }

  float32(length: number, from?: ArrayLike<number>): Placed<Float32Array> {
    const offset = this.take(length, 4);
    const view = new Float32Array(this.memory.buffer, offset, length);
    if (from !== undefined) view.set(from);
    return { offset, view };
  }

  int32(length: number, from?: ArrayLike<number>): Placed<Int32Array> {
    const offset = this.take(length, 4);
    const view = new Int32Array(this.memory.buffer, offset, length);
    if (from !== undefined) view.set(from);
    return { offset, view };
  }

  int16(length: number): Placed<Int16Array> {
    const offset = this.take(length, 2);
    return { offset, view: new Int16Array(this.memory.buffer, offset, length) };
  }

  int8(length: number): Placed<Int8Array> {
    const offset = this.take(length, 1);
    return { offset, view: new Int8Array(this.memory.buffer, offset, length) };
  }

  private take(length: number, bytesPerElement: number): number {
    const offset = this.next;
    this.next += KernelArena.bytesFor(length, bytesPerElement);
    if (this.next > this.memory.buffer.byteLength) throw new RangeError('KernelArena: more placed than sized');
    return offset;
  }
}
