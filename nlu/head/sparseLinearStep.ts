import { tf } from '../../core/tfjs.js';
import type { HeadRows, HeadShape } from './softmaxHead.js';

/**
 * One training step of a linear softmax head with the gradient computed from the sparse rows directly.
 * TF.js autodiff would need x^T · dLogits, a [features × batch] · [batch × classes] product that is very slow on the
 * wasm backend; here the forward pass runs in TF.js and the weight gradient (only the rows of non-zero features) in
 * plain JS, then the TF.js optimizer (Adam) applies it. Loss: softmax cross-entropy with label smoothing, as in
 * tf.losses.softmaxCrossEntropy. Returns the mean batch loss.
 */
export function sparseLinearStep(
  rows: HeadRows,
  batch: readonly number[],
  labels: Int32Array,
  shape: HeadShape,
  weights: { w: tf.Variable; b: tf.Variable },
  x: tf.Tensor2D,
  optimizer: tf.Optimizer,
  labelSmoothing: number,
): number {
  const classes = shape.classes;
  const probabilities = tf.tidy(() => tf.softmax(tf.add(tf.matMul(x, weights.w), weights.b)).dataSync() as Float32Array);
  const size = batch.length;
  const dLogits = new Float32Array(size * classes);
  let loss = 0;
  const off = labelSmoothing / classes;
  for (let r = 0; r < size; r += 1) {
    const label = labels[batch[r] ?? 0] ?? 0;
    for (let c = 0; c < classes; c += 1) {
      const target = (c === label ? 1 - labelSmoothing : 0) + off;
      const p = probabilities[r * classes + c] ?? 0;
      loss -= target * Math.log(Math.max(p, 1e-12));
      dLogits[r * classes + c] = (p - target) / size;
    }
  }
  const gradW = new Float32Array((shape.denseDims + shape.sparseDims) * classes);
  const gradB = new Float32Array(classes);
  for (let r = 0; r < size; r += 1) {
    const row = batch[r] as number;
    const dl = dLogits.subarray(r * classes, (r + 1) * classes);
    for (let c = 0; c < classes; c += 1) gradB[c] += dl[c] as number;
    const dense = rows.dense[row];
    if (dense !== undefined) {
      for (let d = 0; d < dense.length; d += 1) {
        const v = dense[d] as number;
        if (v === 0) continue;
        const offset = d * classes;
        for (let c = 0; c < classes; c += 1) gradW[offset + c] += v * (dl[c] as number);
      }
    }
    const sparse = rows.sparse[row];
    if (sparse !== undefined) {
      for (let k = 0; k < sparse.indices.length; k += 1) {
        const v = sparse.values[k] as number;
        const offset = (shape.denseDims + (sparse.indices[k] as number)) * classes;
        for (let c = 0; c < classes; c += 1) gradW[offset + c] += v * (dl[c] as number);
      }
    }
  }
  tf.tidy(() => {
    optimizer.applyGradients({ [weights.w.name]: tf.tensor2d(gradW, weights.w.shape as [number, number]), [weights.b.name]: tf.tensor1d(gradB) });
  });
  return loss / size;
}
