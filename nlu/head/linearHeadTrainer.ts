import { TrainingError } from '../../core/errors.js';
import { tf } from '../../core/tfjs.js';
import { seededRandom, shuffled } from '../util/random.js';
import type { HeadRows, HeadShape } from './softmaxHead.js';

/**
 * Trains a linear softmax head (logits = [dense ‖ sparse] · W + b). x · W for the dense embedding runs on TF.js
 * (wasm matMul); the sparse n-gram logits, softmax cross-entropy with label smoothing (as
 * tf.losses.softmaxCrossEntropy), the gradient and Adam (TF.js's update rule and epsilon) run on typed arrays. Adam
 * updates the 512 dense rows every step and only the hashed n-gram rows present in the batch ("lazy" Adam, as in TF's
 * LazyAdam: moments of absent n-grams are not decayed). Why not TF.js for the step: on wasm it expanded each batch to
 * a dense [batch × 4,608] matrix, built a dense [4,608 × classes] gradient and ran Adam over all of it, and xᵀ·dLogits
 * measured 13-19 ms per 64 rows there against 8 ms in the JS loop. The result goes back to TF.js (SoftmaxHead) for
 * inference and serialisation. Deterministic: fixed-order arithmetic and a seeded shuffle.
 */
export interface LinearTrainInput {
  rows: HeadRows;
  labels: Int32Array;
  trainIndices: readonly number[];
  validationIndices: readonly number[];
  shape: HeadShape;
  /** Initial weights, row-major [denseDims + sparseDims, classes], and biases; both are updated in place. */
  w: Float32Array;
  b: Float32Array;
  learningRate: number;
  /** Learning rate multiplier at the last epoch (linear decay from 1); 1 = constant. */
  finalLearningRateFactor: number;
  batchSize: number;
  labelSmoothing: number;
  maxEpochs: number;
  earlyStopping: boolean;
  patience: number;
  seed: number;
  onEpoch?: (epoch: number, maxEpochs: number, loss: number) => void;
}

export interface LinearTrainOutput {
  epochs: number;
  bestEpoch: number;
  validationAccuracy: number | undefined;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
/** TF.js Adam's default epsilon (backend epsilon, float32). */
const EPSILON = 1e-7;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The dense embeddings of some rows, row-major [indices.length × denseDims]. */
function denseBatch(rows: HeadRows, indices: readonly number[], from: number, to: number, denseDims: number): Float32Array {
  const x = new Float32Array((to - from) * denseDims);
  for (let r = from; r < to; r += 1) {
    const dense = rows.dense[indices[r] as number];
    if (dense !== undefined) x.set(dense.subarray(0, denseDims), (r - from) * denseDims);
  }
  return x;
}

/** x · W_dense for a batch, on TF.js (wasm SIMD matmul): the dense part is most of the multiply-adds. */
function denseLogits(x: Float32Array, size: number, shape: HeadShape, w: Float32Array): Float32Array {
  return tf.tidy(() => {
    const wDense = tf.tensor2d(w.subarray(0, shape.denseDims * shape.classes), [shape.denseDims, shape.classes]);
    return tf.matMul(tf.tensor2d(x, [size, shape.denseDims]), wDense).dataSync() as Float32Array;
  });
}

/**
 * Adds xᵀ · dLogits (the dense rows' gradient) into `grad` in plain JS: on the wasm backend this product (inner
 * dimension = batch size) measured 13-19 ms per 64-row batch against 8 ms here, while x · W stays on TF.js (2-3 ms).
 */
function addDenseGradient(x: Float32Array, dLogits: Float32Array, size: number, shape: HeadShape, grad: Float32Array): void {
  const { denseDims, classes } = shape;
  for (let r = 0; r < size; r += 1) {
    const xOffset = r * denseDims;
    const lOffset = r * classes;
    for (let d = 0; d < denseDims; d += 1) {
      const value = x[xOffset + d] as number;
      if (value === 0) continue;
      const offset = d * classes;
      for (let c = 0; c < classes; c += 1) grad[offset + c] = (grad[offset + c] as number) + value * (dLogits[lOffset + c] as number);
    }
  }
}

/** Adds the bias and the sparse rows' contribution to one row's dense logits (`out`, length classes). */
function addSparseLogits(rows: HeadRows, row: number, shape: HeadShape, w: Float32Array, b: Float32Array, out: Float32Array): void {
  const classes = shape.classes;
  for (let c = 0; c < classes; c += 1) out[c] = (out[c] as number) + (b[c] as number);
  const sparse = rows.sparse[row];
  if (sparse !== undefined) {
    for (let k = 0; k < sparse.indices.length; k += 1) {
      const v = sparse.values[k] as number;
      const offset = (shape.denseDims + (sparse.indices[k] as number)) * classes;
      for (let c = 0; c < classes; c += 1) out[c] = (out[c] as number) + v * (w[offset + c] as number);
    }
  }
}

/** Softmax in place; returns nothing. */
function softmaxInPlace(values: Float32Array): void {
  let max = -Infinity;
  for (let c = 0; c < values.length; c += 1) max = Math.max(max, values[c] as number);
  let sum = 0;
  for (let c = 0; c < values.length; c += 1) {
    const e = Math.exp((values[c] as number) - max);
    values[c] = e;
    sum += e;
  }
  for (let c = 0; c < values.length; c += 1) values[c] = (values[c] as number) / sum;
}

/** Class probabilities of one row on typed arrays (inference: cheaper than TF.js dispatch for a single message). */
export function linearRowProbabilities(rows: HeadRows, row: number, shape: HeadShape, w: Float32Array, b: Float32Array): Float32Array {
  const { denseDims, classes } = shape;
  const p = new Float32Array(classes);
  const dense = rows.dense[row];
  if (dense !== undefined) {
    for (let d = 0; d < denseDims; d += 1) {
      const value = dense[d] as number;
      if (value === 0) continue;
      const offset = d * classes;
      for (let c = 0; c < classes; c += 1) p[c] = (p[c] as number) + value * (w[offset + c] as number);
    }
  }
  addSparseLogits(rows, row, shape, w, b, p);
  softmaxInPlace(p);
  return p;
}

/** Accuracy and mean cross-entropy (no smoothing) of the weights on some rows. */
export function evaluateLinear(rows: HeadRows, labels: Int32Array, indices: readonly number[], shape: HeadShape, w: Float32Array, b: Float32Array): { accuracy: number; loss: number } {
  let correct = 0;
  let loss = 0;
  const chunk = 512;
  for (let from = 0; from < indices.length; from += chunk) {
    const to = Math.min(indices.length, from + chunk);
    const logits = denseLogits(denseBatch(rows, indices, from, to, shape.denseDims), to - from, shape, w);
    for (let r = from; r < to; r += 1) {
      const row = indices[r] as number;
      const p = logits.subarray((r - from) * shape.classes, (r - from + 1) * shape.classes);
      addSparseLogits(rows, row, shape, w, b, p);
      softmaxInPlace(p);
      const label = labels[row] ?? 0;
      let argmax = 0;
      for (let c = 1; c < p.length; c += 1) if ((p[c] as number) > (p[argmax] as number)) argmax = c;
      if (argmax === label) correct += 1;
      loss -= Math.log(Math.max(p[label] ?? 0, 1e-9));
    }
  }
  return { accuracy: correct / Math.max(1, indices.length), loss: loss / Math.max(1, indices.length) };
}

export async function trainLinearHead(input: LinearTrainInput): Promise<LinearTrainOutput> {
  const { rows, labels, shape, w, b } = input;
  const classes = shape.classes;
  const rowCount = shape.denseDims + shape.sparseDims;
  const m = new Float32Array(w.length);
  const v = new Float32Array(w.length);
  const grad = new Float32Array(w.length);
  const mb = new Float32Array(classes);
  const vb = new Float32Array(classes);
  const gradB = new Float32Array(classes);
  const touchedStamp = new Int32Array(rowCount).fill(-1);
  const touched = new Int32Array(rowCount);
  const random = seededRandom(input.seed);
  const off = input.labelSmoothing / classes;
  let best: { accuracy: number; loss: number; epoch: number; w: Float32Array; b: Float32Array } | undefined;
  let step = 0;
  let epoch = 0;
  for (epoch = 1; epoch <= input.maxEpochs; epoch += 1) {
    const progress = input.maxEpochs > 1 ? (epoch - 1) / (input.maxEpochs - 1) : 0;
    const lr = input.learningRate * (1 - (1 - input.finalLearningRateFactor) * progress);
    const order = shuffled(input.trainIndices, random);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += input.batchSize) {
      const end = Math.min(order.length, start + input.batchSize);
      const size = end - start;
      step += 1;
      let touchedCount = 0;
      let batchLoss = 0;
      gradB.fill(0);
      const x = denseBatch(rows, order, start, end, shape.denseDims);
      const logits = denseLogits(x, size, shape, w);
      for (let r = start; r < end; r += 1) {
        const row = order[r] as number;
        const p = logits.subarray((r - start) * classes, (r - start + 1) * classes);
        addSparseLogits(rows, row, shape, w, b, p);
        softmaxInPlace(p);
        const label = labels[row] ?? 0;
        for (let c = 0; c < classes; c += 1) {
          const target = (c === label ? 1 - input.labelSmoothing : 0) + off;
          const pc = p[c] as number;
          batchLoss -= target * Math.log(Math.max(pc, 1e-12));
          p[c] = (pc - target) / size;
          gradB[c] = (gradB[c] as number) + (p[c] as number);
        }
        const sparse = rows.sparse[row];
        if (sparse !== undefined) {
          for (let k = 0; k < sparse.indices.length; k += 1) {
            const value = sparse.values[k] as number;
            const featureRow = shape.denseDims + (sparse.indices[k] as number);
            if (touchedStamp[featureRow] !== step) {
              touchedStamp[featureRow] = step;
              touched[touchedCount++] = featureRow;
            }
            const offset = featureRow * classes;
            for (let c = 0; c < classes; c += 1) grad[offset + c] = (grad[offset + c] as number) + value * (p[c] as number);
          }
        }
      }
      addDenseGradient(x, logits, size, shape, grad);
      for (let d = 0; d < shape.denseDims; d += 1) touched[touchedCount++] = d;
      const alpha = lr / (1 - BETA1 ** step);
      const correction2 = 1 - BETA2 ** step;
      for (let t = 0; t < touchedCount; t += 1) {
        const offset = (touched[t] as number) * classes;
        for (let i = offset; i < offset + classes; i += 1) {
          const g = grad[i] as number;
          const mi = BETA1 * (m[i] as number) + (1 - BETA1) * g;
          const vi = BETA2 * (v[i] as number) + (1 - BETA2) * g * g;
          m[i] = mi;
          v[i] = vi;
          w[i] = (w[i] as number) - (alpha * mi) / (Math.sqrt(vi / correction2) + EPSILON);
          grad[i] = 0;
        }
      }
      for (let c = 0; c < classes; c += 1) {
        const g = gradB[c] as number;
        mb[c] = BETA1 * (mb[c] as number) + (1 - BETA1) * g;
        vb[c] = BETA2 * (vb[c] as number) + (1 - BETA2) * g * g;
        b[c] = (b[c] as number) - (alpha * (mb[c] as number)) / (Math.sqrt((vb[c] as number) / correction2) + EPSILON);
      }
      lossSum += batchLoss / size;
      batches += 1;
      if (batches % 16 === 0) await yieldToEventLoop();
    }
    const meanLoss = lossSum / Math.max(1, batches);
    if (!Number.isFinite(meanLoss)) throw new TrainingError(`training diverged at epoch ${epoch} (loss ${meanLoss})`);
    input.onEpoch?.(epoch, input.maxEpochs, meanLoss);
    if (!input.earlyStopping) continue;
    const evaluation = evaluateLinear(rows, labels, input.validationIndices, shape, w, b);
    if (best === undefined || evaluation.accuracy > best.accuracy || (evaluation.accuracy === best.accuracy && evaluation.loss < best.loss)) {
      best = { ...evaluation, epoch, w: w.slice(), b: b.slice() };
    } else if (epoch - best.epoch >= input.patience) {
      break;
    }
  }
  if (best !== undefined) {
    w.set(best.w);
    b.set(best.b);
  }
  return { epochs: Math.min(epoch, input.maxEpochs), bestEpoch: best?.epoch ?? input.maxEpochs, validationAccuracy: best?.accuracy };
}
