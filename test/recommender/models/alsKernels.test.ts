import { describe, expect, it } from 'vitest';
import { exactRowSolve, gramWithRegularization, seededFactors } from '../../../recommender/als/alsMath.js';
import { instantiateAlsKernels, KernelArena } from '../../../recommender/als/kernels/alsKernels.js';
import { ALS_KERNELS_WASM_BASE64 } from '../../../recommender/als/kernels/alsKernelsWasm.js';
import { compileAlsKernels } from '../../../recommender/als/kernels/compileKernels.js';

/** One row's problem: `f` factors, `items` other-side rows, the row's cells and confidences. */
function rowProblem(f: number, cells: number[], confidences: number[]) {
  const items = 40;
  const other = seededFactors(items, f, 3, 1);
  const arena = new KernelArena(KernelArena.bytesFor(items * f, 4) * 2 + KernelArena.bytesFor(f * f, 4) + 4096);
  const kernels = instantiateAlsKernels(arena.memory);
  return {
    f,
    other,
    kernels,
    otherPlaced: arena.float32(other.length, other),
    target: arena.float32(2 * f),
    gram: arena.float32(f * f),
    indptr: arena.int32(3, [0, cells.length, cells.length]),
    indices: arena.int32(cells.length, cells),
    confidence: arena.float32(cells.length, confidences),
    scratch: arena.float32(3 * f),
    items,
  };
}

describe('ALS WebAssembly kernels', () => {
  it('are the compilation of their AssemblyScript source (npm run build:kernels)', async () => {
    const compiled = await compileAlsKernels();
    expect(Buffer.from(compiled).toString('base64')).toBe(ALS_KERNELS_WASM_BASE64);
  }, 120_000);

  for (const f of [64, 13]) {
    it(`gram and CG match the Float64 reference (f = ${f}, SIMD and scalar tails)`, () => {
      const cells = [1, 4, 9, 16, 25, 36];
      const confidences = [2, 5, 1.5, 9, 3, 1.25];
      const p = rowProblem(f, cells, confidences);
      p.kernels.gram(p.otherPlaced.offset, p.items, f, 0.5, p.gram.offset);
      const reference = gramWithRegularization(p.other, p.items, f, 0.5);
      for (let k = 0; k < f * f; k++) expect(p.gram.view[k]).toBeCloseTo(reference[k], 3);
      // With as many CG steps as unknowns, CG reaches the exact solution (up to f32 rounding).
      const exact = exactRowSolve(reference, p.other, f, Int32Array.from(cells), Float32Array.from(confidences));
      const run = (steps: number): Float32Array => {
        p.target.view.fill(0.01);
        p.kernels.conjugateGradientRows(
          f, p.target.offset, p.otherPlaced.offset, p.gram.offset, p.indptr.offset, p.indices.offset, p.confidence.offset, 0, 2, steps, p.scratch.offset,
        );
        return p.target.view.slice(0, f);
      };
      const error = (x: Float32Array): number => Math.hypot(...Array.from(x, (v, a) => v - exact[a]));
      const scale = Math.hypot(...exact);
      expect(error(run(f))).toBeLessThan(1e-3 * scale);
      expect(error(run(3))).toBeLessThan(error(run(1)));
      // The second row has no cells: its exact solution is 0.
      expect(Array.from(p.target.view.subarray(f))).toEqual(new Array(f).fill(0));
    });
  }

  it('lets a NaN confidence reach the factors (training detects it) instead of stopping early', () => {
    const p = rowProblem(8, [1, 2], [Number.NaN, 2]);
    p.kernels.gram(p.otherPlaced.offset, p.items, 8, 0.5, p.gram.offset);
    p.kernels.conjugateGradientRows(8, p.target.offset, p.otherPlaced.offset, p.gram.offset, p.indptr.offset, p.indices.offset, p.confidence.offset, 0, 1, 3, p.scratch.offset);
    expect(Number.isNaN(p.target.view[0])).toBe(true);
  });
});
