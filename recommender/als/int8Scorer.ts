import type { ScoreVector } from '../models/scoreVector.js';
import { instantiateAlsKernels, KernelArena, type AlsKernels } from './kernels/alsKernels.js';

/**
 * recommend() scoring of every item for a user factor x. Streaming all f32 item factors (400k × 64 = 100 MiB per
 * call) is memory-bound, so items are kept as int8 codes too (a quarter of the bytes): y_i ≈ s_i · q_i with
 * s_i = max|y_i| / 127, and x ≈ t · r in int16. The SIMD kernel returns t · s_i · (q_i · r), and
 *   |x · y_i − t s_i (q_i · r)| ≤ s_i · (‖x‖₁ / 2 + 127 · f · t / 2)        (plus Float32 rounding)
 * so recommend can rescore exactly the few items whose bound reaches the top k (models/scoreVector.ts).
 */
export class Int8ItemScorer {
  private readonly kernels: AlsKernels;
  private readonly stride: number;
  private readonly user: Int16Array;
  private readonly userOffset: number;
  private readonly codesOffset: number;
  private readonly scaleOffset: number;
  private readonly itemScale: Float32Array;
  private readonly out: Float32Array;
  private readonly outOffset: number;
  /** Largest |r_a| so that Σ_a 127 · |r_a| stays inside int32. */
  private readonly userLevels: number;

  constructor(
    private readonly itemFactors: Float32Array,
    private readonly items: number,
    private readonly f: number,
  ) {
    this.stride = Math.ceil(f / 16) * 16;
    const arena = new KernelArena(
      KernelArena.bytesFor(items * this.stride, 1) + KernelArena.bytesFor(items, 4) * 2 + KernelArena.bytesFor(this.stride, 2),
    );
    this.kernels = instantiateAlsKernels(arena.memory);
    const codes = arena.int8(items * this.stride);
    const scale = arena.float32(items);
    const user = arena.int16(this.stride);
    const out = arena.float32(items);
    for (let i = 0; i < items; i++) {
      let largest = 0;
      for (let a = 0; a < f; a++) largest = Math.max(largest, Math.abs(itemFactors[i * f + a]));
      const s = largest / 127;
      scale.view[i] = s;
      if (s > 0) for (let a = 0; a < f; a++) codes.view[i * this.stride + a] = Math.round(itemFactors[i * f + a] / s);
    }
    this.userLevels = Math.min(32_767, Math.floor((2 ** 31 - 1) / (127 * this.stride)));
    this.user = user.view;
    this.userOffset = user.offset;
    this.codesOffset = codes.offset;
    this.scaleOffset = scale.offset;
    this.itemScale = scale.view;
    this.out = out.view;
    this.outOffset = out.offset;
  }

  /** Approximate scores of every item for x. */
  score(x: Float32Array): ScoreVector {
    const { f, stride } = this;
    let largest = 0;
    let l1 = 0;
    let l2 = 0;
    for (let a = 0; a < f; a++) {
      largest = Math.max(largest, Math.abs(x[a]));
      l1 += Math.abs(x[a]);
      l2 += x[a] * x[a];
    }
    const t = largest / this.userLevels;
    for (let a = 0; a < stride; a++) this.user[a] = a < f && t > 0 ? Math.round(x[a] / t) : 0;
    this.kernels.scoreInt8(this.userOffset, t, this.codesOffset, this.scaleOffset, this.items, stride, this.outOffset);
    // Float32 rounding of the kernel's products and of the exact score: ≤ 2⁻¹⁸ · |score| ≤ 2⁻¹⁸ · ‖x‖₂ · 127 · √f · s_i.
    const rounding = 2 ** -18 * Math.sqrt(l2) * 127 * Math.sqrt(stride);
    return {
      values: this.out.slice(), // a plain copy: JS passes over a WebAssembly-memory view run slower
      itemError: this.itemScale,
      errorScale: (l1 + 127 * stride * t) / 2 + rounding,
      slack: 0,
      exact: (item) => factorDot(x, this.itemFactors, item * f, f),
    };
  }
}

/** x · factors[base .. base+f), four accumulators, rounded to Float32 (the exact score recommend reports). */
export function factorDot(x: Float32Array, factors: Float32Array, base: number, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    s0 += x[a] * factors[base + a];
    s1 += x[a + 1] * factors[base + a + 1];
    s2 += x[a + 2] * factors[base + a + 2];
    s3 += x[a + 3] * factors[base + a + 3];
  }
  for (; a < f; a++) s0 += x[a] * factors[base + a];
  return Math.fround(s0 + s1 + s2 + s3);
}
