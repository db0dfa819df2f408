import { tf } from '../../core/tfjs.js';

/**
 * Inverse of a symmetric positive-definite matrix (EASE's regularised Gram matrix).
 * TF.js has no matrix inverse, so this is recursive block inversion through Schur complements:
 *   inv([[A, B], [Bᵀ, D]]) = [[A⁻¹ + A⁻¹B S⁻¹BᵀA⁻¹, −A⁻¹B S⁻¹], [·ᵀ, S⁻¹]],  S = D − BᵀA⁻¹B,
 * where all the O(n³) work is tf.matMul (SIMD GEMM on wasm, cuBLAS on tensorflow) and blocks of at most
 * `leafSize` are inverted by Gauss–Jordan in Float64. About 1.3 n³ flops in total. The caller must have
 * initialised a TF.js backend (core/tfjs.ts initTfjs).
 */
export function invertSpd(matrix: Float32Array, n: number, leafSize = 256): Float32Array {
  if (matrix.length !== n * n) throw new RangeError(`invertSpd: expected ${n * n} values, got ${matrix.length}`);
  if (n <= leafSize) return Float32Array.from(gaussJordanInverse(Float64Array.from(matrix), n));
  const input = tf.tensor2d(matrix, [n, n]);
  try {
    const inverse = tf.tidy(() => invertBlock(input, leafSize));
    const data = inverse.dataSync();
    inverse.dispose();
    return data instanceof Float32Array ? data : Float32Array.from(data);
  } finally {
    input.dispose();
  }
}

function invertBlock(m: tf.Tensor2D, leafSize: number): tf.Tensor2D {
  const n = m.shape[0];
  if (n <= leafSize) {
    const inverse = gaussJordanInverse(Float64Array.from(m.dataSync()), n);
    return tf.tensor2d(Float32Array.from(inverse), [n, n]);
  }
  const k = n >> 1;
  const a = m.slice([0, 0], [k, k]);
  const b = m.slice([0, k], [k, n - k]);
  const d = m.slice([k, k], [n - k, n - k]);
  const aInv = invertBlock(a, leafSize);
  const aInvB = tf.matMul(aInv, b);
  // Transposes are explicit: transposed operands of tf.matMul fall off the fast GEMM path on wasm (~20× slower).
  const schur = tf.sub(d, tf.matMul(tf.transpose(b), aInvB));
  // Symmetrise to stop rounding from drifting the complement away from symmetric.
  const schurSym = tf.mul(tf.add(schur, tf.transpose(schur)), 0.5) as tf.Tensor2D;
  const sInv = invertBlock(schurSym, leafSize);
  const x12 = tf.neg(tf.matMul(aInvB, sInv));
  const x11 = tf.sub(aInv, tf.matMul(x12, tf.transpose(aInvB)));
  return tf.concat([tf.concat([x11, x12], 1), tf.concat([tf.transpose(x12), sInv], 1)], 0) as tf.Tensor2D;
}

/** In-place Gauss–Jordan inversion without pivoting (valid for SPD input), row-major Float64. */
export function gaussJordanInverse(a: Float64Array, n: number): Float64Array {
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    const pivot = a[rowK + k];
    if (!(Math.abs(pivot) > 1e-300)) throw new RangeError(`gaussJordanInverse: zero pivot at ${k} (matrix not positive definite)`);
    const inv = 1 / pivot;
    a[rowK + k] = 1;
    for (let j = 0; j < n; j++) a[rowK + j] *= inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const rowI = i * n;
      const factor = a[rowI + k];
      if (factor === 0) continue;
      a[rowI + k] = 0;
      for (let j = 0; j < n; j++) a[rowI + j] -= factor * a[rowK + j];
    }
  }
  return a;
}
