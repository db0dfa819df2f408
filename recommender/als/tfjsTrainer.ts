import { tf } from '../../core/tfjs.js';
import type { CsrMatrix } from '../models/sparse.js';
import type { AlsIterationHooks, AlsProblem, AlsTrainer } from './alsTrainer.js';

/**
 * TF.js backend: the same conjugate-gradient ALS as the CPU backend, expressed as batched tensor ops so it runs
 * on the GPU through @tensorflow/tfjs-node-gpu (backend 'tensorflow') and on wasm elsewhere. Rows are sorted by
 * history length and cut into batches of ≤ `batchCells` padded cells; per batch the other side's factors are
 * gathered into [B, L, f], padding has confidence 0, and CG runs with per-row step sizes. No gradients are used.
 * The caller initialises the TF.js backend (core/tfjs.ts initTfjs) and names it in `backend`.
 */
export class TfjsAlsTrainer implements AlsTrainer {
  constructor(
    readonly backend: string,
    private readonly batchCells = 1 << 18,
  ) {}

  async train(problem: AlsProblem, hooks: AlsIterationHooks): Promise<void> {
    const userBatches = planBatches(problem.userItems, this.batchCells);
    const itemBatches = planBatches(problem.itemUsers, this.batchCells);
    for (let iteration = 1; iteration <= problem.iterations; iteration++) {
      for (const side of ['users', 'items'] as const) {
        hooks.signal?.throwIfAborted();
        const users = side === 'users';
        await updateSide(
          problem,
          users ? problem.userItems : problem.itemUsers,
          users ? problem.userFactors : problem.itemFactors,
          users ? problem.itemFactors : problem.userFactors,
          users ? userBatches : itemBatches,
        );
      }
      hooks.onIteration(iteration, { userFactors: problem.userFactors, itemFactors: problem.itemFactors });
    }
  }
}

interface RowBatch {
  rows: Int32Array;
  width: number;
}

function planBatches(matrix: CsrMatrix, batchCells: number): RowBatch[] {
  const length = (row: number): number => matrix.indptr[row + 1] - matrix.indptr[row];
  const order = Int32Array.from({ length: matrix.rows }, (_, k) => k).sort((a, b) => length(a) - length(b) || a - b);
  const batches: RowBatch[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    // Rows are sorted by length, so the batch width is the length of its last row.
    while (end < order.length && (end + 1 - start) * Math.max(1, length(order[end])) <= batchCells) end++;
    batches.push({ rows: order.slice(start, end), width: Math.max(1, length(order[end - 1])) });
    start = end;
  }
  return batches;
}

async function updateSide(
  problem: AlsProblem,
  matrix: CsrMatrix,
  target: Float32Array,
  other: Float32Array,
  batches: RowBatch[],
): Promise<void> {
  const f = problem.factors;
  const otherRows = other.length / f;
  const otherTensor = tf.tensor2d(other, [otherRows, f]);
  const gram = tf.tidy(() => tf.add(tf.matMul(tf.transpose(otherTensor), otherTensor), tf.mul(tf.eye(f), problem.regularization)));
  try {
    for (const batch of batches) {
      const size = batch.rows.length;
      const width = batch.width;
      const cellIndex = new Int32Array(size * width);
      const confidence = new Float32Array(size * width);
      const mask = new Float32Array(size * width);
      const start = new Float32Array(size * f);
      for (let b = 0; b < size; b++) {
        const row = batch.rows[b];
        let slot = b * width;
        for (let k = matrix.indptr[row]; k < matrix.indptr[row + 1]; k++, slot++) {
          cellIndex[slot] = matrix.indices[k];
          confidence[slot] = matrix.values[k];
          mask[slot] = 1;
        }
        start.set(target.subarray(row * f, row * f + f), b * f);
      }
      const solved = tf.tidy(() =>
        cgBatch(
          tf.reshape(tf.gather(otherTensor, tf.tensor1d(cellIndex, 'int32')), [size, width, f]) as tf.Tensor3D,
          tf.tensor2d(confidence, [size, width]),
          tf.tensor2d(mask, [size, width]),
          tf.tensor2d(start, [size, f]),
          gram,
          problem.cgSteps,
        ),
      );
      const values = await solved.data();
      solved.dispose();
      for (let b = 0; b < size; b++) target.set(values.subarray(b * f, b * f + f), batch.rows[b] * f);
    }
  } finally {
    otherTensor.dispose();
    gram.dispose();
  }
}

/** Batched CG on A_b = G + Y_bᵀ diag(c−1) Y_b, rhs Σ c y: y [B, L, f], c and mask [B, L], x [B, f]. */
function cgBatch(y: tf.Tensor3D, c: tf.Tensor2D, mask: tf.Tensor2D, x0: tf.Tensor2D, gram: tf.Tensor, steps: number): tf.Tensor2D {
  const cMinusOne = tf.mul(tf.sub(c, 1), mask);
  // Explicit transpose, reused: transposed tf.matMul operands are far slower on wasm.
  const yT = tf.transpose(y, [0, 2, 1]); // [B, f, L]
  const applyA = (v: tf.Tensor): tf.Tensor => {
    const projections = tf.matMul(y, tf.expandDims(v, 2)); // [B, L, 1]
    const weighted = tf.mul(projections, tf.expandDims(cMinusOne, 2));
    const sparsePart = tf.squeeze(tf.matMul(yT, weighted), [2]); // [B, f]
    return tf.add(tf.matMul(v, gram), sparsePart);
  };
  const rhs = tf.squeeze(tf.matMul(yT, tf.expandDims(c, 2)), [2]);
  let x: tf.Tensor = x0;
  let r = tf.sub(rhs, applyA(x));
  let p = r;
  let rsOld = tf.sum(tf.mul(r, r), 1, true);
  for (let step = 0; step < steps; step++) {
    const ap = applyA(p);
    const pap = tf.sum(tf.mul(p, ap), 1, true);
    // lessEqual is false for NaN, so a NaN residual reaches x and training detects it.
    const converged = tf.lessEqual(rsOld, 1e-20);
    const alpha = tf.where(converged, tf.zerosLike(rsOld), tf.div(rsOld, pap));
    x = tf.add(x, tf.mul(alpha, p));
    r = tf.sub(r, tf.mul(alpha, ap));
    const rsNew = tf.sum(tf.mul(r, r), 1, true);
    const beta = tf.where(converged, tf.zerosLike(rsOld), tf.div(rsNew, rsOld));
    p = tf.add(r, tf.mul(beta, p));
    rsOld = rsNew;
  }
  return x as tf.Tensor2D;
}
