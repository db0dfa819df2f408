import type { CsrMatrix } from '../../models/sparse.js';
import type { AlsProblem } from '../alsTrainer.js';
import { KernelArena, type AlsKernels } from './alsKernels.js';
import type { WasmMemory } from './wasmApi.js';

export type Side = 'users' | 'items';

/** Byte offsets of one side's confidence CSR in the arena. */
export interface SideLayout {
  rows: number;
  indptr: number;
  indices: number;
  confidence: number;
}

/** Where everything of one ALS problem lies in the shared memory (plain numbers: it is posted to workers). */
export interface AlsLayout {
  factors: number;
  cgSteps: number;
  regularization: number;
  userFactors: number;
  itemFactors: number;
  gram: number;
  /** Int32 next-row counter of the running half-iteration, shared by the threads that take rows from it. */
  rowCounter: number;
  /** Per-thread CG scratch (3·f floats) at scratch + slot · scratchStride. */
  scratch: number;
  scratchStride: number;
  users: SideLayout;
  items: SideLayout;
}

/**
 * An ALS problem copied into one shared WebAssembly memory: factor tables, both confidence CSRs, the Gram matrix
 * and per-thread scratch. Every thread instantiates the kernels on this memory and updates its own rows in place.
 */
export class SharedAlsProblem {
  private constructor(
    readonly memory: WasmMemory,
    readonly layout: AlsLayout,
    readonly userFactors: Float32Array,
    readonly itemFactors: Float32Array,
    /** The rowCounter as an Int32Array view (Atomics). */
    readonly counter: Int32Array,
  ) {}

  static place(problem: AlsProblem, threads: number): SharedAlsProblem {
    const f = problem.factors;
    const sideBytes = (m: CsrMatrix): number =>
      KernelArena.bytesFor(m.rows + 1, 4) + KernelArena.bytesFor(m.indices.length, 4) + KernelArena.bytesFor(m.values.length, 4);
    const scratchStride = KernelArena.bytesFor(3 * f, 4);
    const arena = new KernelArena(
      KernelArena.bytesFor(problem.userFactors.length, 4) +
        KernelArena.bytesFor(problem.itemFactors.length, 4) +
        KernelArena.bytesFor(f * f, 4) +
        KernelArena.bytesFor(1, 4) +
        scratchStride * threads +
        sideBytes(problem.userItems) +
        sideBytes(problem.itemUsers),
    );
    const userFactors = arena.float32(problem.userFactors.length, problem.userFactors);
    const itemFactors = arena.float32(problem.itemFactors.length, problem.itemFactors);
    const gram = arena.float32(f * f);
    const counter = arena.int32(1);
    const scratch = arena.float32((scratchStride / 4) * threads);
    const side = (m: CsrMatrix): SideLayout => ({
      rows: m.rows,
      indptr: arena.int32(m.rows + 1, m.indptr).offset,
      indices: arena.int32(m.indices.length, m.indices).offset,
      confidence: arena.float32(m.values.length, m.values).offset,
    });
    const layout: AlsLayout = {
      factors: f,
      cgSteps: problem.cgSteps,
      regularization: problem.regularization,
      userFactors: userFactors.offset,
      itemFactors: itemFactors.offset,
      gram: gram.offset,
      rowCounter: counter.offset,
      scratch: scratch.offset,
      scratchStride,
      users: side(problem.userItems),
      items: side(problem.itemUsers),
    };
    return new SharedAlsProblem(arena.memory, layout, userFactors.view, itemFactors.view, counter.view);
  }
}

/** G = YᵀY + λI of the side that stays fixed while `side` is updated. */
export function updateGram(kernels: AlsKernels, layout: AlsLayout, side: Side): void {
  const fixed = side === 'users' ? layout.itemFactors : layout.userFactors;
  const rows = side === 'users' ? layout.items.rows : layout.users.rows;
  kernels.gram(fixed, rows, layout.factors, layout.regularization, layout.gram);
}

/** Rows a thread takes from the shared counter at a time: small enough to balance, large enough to be cheap. */
const CHUNK_ROWS = 32;

/**
 * Takes chunks of rows of `side` from the shared counter until none are left (dynamic scheduling: a thread the OS
 * preempts simply takes fewer chunks) and updates them with the scratch of thread `slot`. `counter` views
 * layout.rowCounter, reset to 0 before the half-iteration starts.
 */
export function updateRowsFromCounter(kernels: AlsKernels, layout: AlsLayout, side: Side, counter: Int32Array, slot: number): void {
  const rows = side === 'users' ? layout.users.rows : layout.items.rows;
  for (;;) {
    const start = Atomics.add(counter, 0, CHUNK_ROWS);
    if (start >= rows) return;
    updateRows(kernels, layout, side, start, Math.min(rows, start + CHUNK_ROWS), slot);
  }
}

/** CG updates of rows [start, end) of `side`, with the scratch of thread `slot`. */
export function updateRows(kernels: AlsKernels, layout: AlsLayout, side: Side, start: number, end: number, slot: number): void {
  const matrix = side === 'users' ? layout.users : layout.items;
  kernels.conjugateGradientRows(
    layout.factors,
    side === 'users' ? layout.userFactors : layout.itemFactors,
    side === 'users' ? layout.itemFactors : layout.userFactors,
    layout.gram,
    matrix.indptr,
    matrix.indices,
    matrix.confidence,
    start,
    end,
    layout.cgSteps,
    layout.scratch + slot * layout.scratchStride,
  );
}
