import { ValidationError } from '../../core/errors.js';
import { exactScores, type ScoreVector } from './scoreVector.js';
import type { FitOptions } from '../types.js';
import type { InteractionMatrix } from './interactionMatrix.js';
import { MatrixRecommender, validateCsr, type FittedCore, type MatrixRecommenderOptions, type TrainedState } from './matrixRecommender.js';
import { requireArray, type LoadedModelFiles, type ModelArray } from './modelFiles.js';
import { csrRow, transpose, type CsrMatrix, type SparseRow } from './sparse.js';
import { topK } from './topK.js';

export interface ItemKnnOptions extends MatrixRecommenderOptions {
  /** Neighbours kept per item (default 100). */
  neighbours?: number;
  /** Cosine shrinkage: sim = co / (sqrt(n_i · n_j) + shrinkage); damps pairs seen by few users (default 0). */
  shrinkage?: number;
}

interface ItemKnnState {
  /** item × item similarities, top-K per row, columns sorted ascending. */
  neighbours: CsrMatrix;
}

const PROGRESS_STEPS = 10;

/** Item-based kNN: cosine similarity on the binarised user × item matrix; a user's score = Σ sim over their items. */
export class ItemKnnRecommender extends MatrixRecommender<ItemKnnState> {
  readonly name = 'itemknn';
  readonly neighbourCount: number;
  readonly shrinkage: number;

  constructor(options: ItemKnnOptions = {}) {
    super(options);
    this.neighbourCount = options.neighbours ?? 100;
    this.shrinkage = options.shrinkage ?? 0;
    if (!Number.isInteger(this.neighbourCount) || this.neighbourCount < 1) throw new ValidationError('itemknn: neighbours must be a positive integer');
    if (!(this.shrinkage >= 0)) throw new ValidationError('itemknn: shrinkage must be ≥ 0');
  }

  protected async train(matrix: InteractionMatrix, options: FitOptions): Promise<TrainedState<ItemKnnState>> {
    const started = performance.now();
    const history = matrix.userItems;
    const itemUsers = transpose(history);
    const itemCount = history.cols;
    const degree = new Float32Array(itemCount);
    for (let i = 0; i < itemCount; i++) degree[i] = itemUsers.indptr[i + 1] - itemUsers.indptr[i];
    const co = new Float32Array(itemCount);
    const k = Math.min(this.neighbourCount, Math.max(0, itemCount - 1));
    const rows: Array<{ indices: Int32Array; values: Float32Array }> = [];
    const skip = new Uint8Array(itemCount);
    const step = Math.max(1, Math.ceil(itemCount / PROGRESS_STEPS));
    for (let i = 0; i < itemCount; i++) {
      if (i % step === 0 && i > 0) {
        options.signal?.throwIfAborted();
        options.onProgress?.({ iteration: i / step, iterations: Math.ceil(itemCount / step), elapsedMs: performance.now() - started });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      co.fill(0);
      for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) {
        const user = itemUsers.indices[p];
        for (let q = history.indptr[user]; q < history.indptr[user + 1]; q++) co[history.indices[q]] += 1;
      }
      for (let j = 0; j < itemCount; j++) {
        if (co[j] > 0) co[j] /= Math.sqrt(degree[i] * degree[j]) + this.shrinkage;
      }
      skip[i] = 1;
      const best = topK(co, k, skip).filter((e) => e.score > 0).sort((a, b) => a.index - b.index);
      skip[i] = 0;
      rows.push({ indices: Int32Array.from(best, (e) => e.index), values: Float32Array.from(best, (e) => e.score) });
    }
    const indptr = new Int32Array(itemCount + 1);
    for (let i = 0; i < itemCount; i++) indptr[i + 1] = indptr[i] + rows[i].indices.length;
    const indices = new Int32Array(indptr[itemCount]);
    const values = new Float32Array(indptr[itemCount]);
    rows.forEach((row, i) => {
      indices.set(row.indices, indptr[i]);
      values.set(row.values, indptr[i]);
    });
    const iterations = Math.ceil(itemCount / step);
    options.onProgress?.({ iteration: iterations, iterations, elapsedMs: performance.now() - started });
    return { state: { neighbours: { rows: itemCount, cols: itemCount, indptr, indices, values } }, backend: 'cpu' };
  }

  protected scoreUser(state: ItemKnnState, _user: number, row: SparseRow): ScoreVector {
    const { indptr, indices, values } = state.neighbours;
    const out = new Float32Array(state.neighbours.cols);
    for (const item of row.indices) {
      for (let k = indptr[item]; k < indptr[item + 1]; k++) out[indices[k]] += values[k];
    }
    return exactScores(out);
  }

  protected similarScores(state: ItemKnnState, item: number, out: Float32Array): void {
    out.fill(Number.NaN);
    const { indices, values } = csrRow(state.neighbours, item);
    for (let k = 0; k < indices.length; k++) out[indices[k]] = values[k];
  }

  protected contributions(state: ItemKnnState, _user: number, row: SparseRow): (item: number) => Float32Array {
    return (item) => Float32Array.from(row.indices, (other) => similarity(state.neighbours, other, item));
  }

  protected exportState(state: ItemKnnState): Record<string, ModelArray> {
    const { indptr, indices, values } = state.neighbours;
    return { neighbourIndptr: indptr, neighbourIndices: indices, neighbourValues: values };
  }

  protected importState(loaded: LoadedModelFiles, dir: string, core: FittedCore): ItemKnnState {
    const itemCount = core.items.size;
    const neighbours: CsrMatrix = {
      rows: itemCount,
      cols: itemCount,
      indptr: requireArray(loaded, dir, 'neighbourIndptr', Int32Array, itemCount + 1),
      indices: requireArray(loaded, dir, 'neighbourIndices', Int32Array),
      values: requireArray(loaded, dir, 'neighbourValues', Float32Array),
    };
    validateCsr(neighbours, `${dir}/manifest.json`, 'neighbours');
    return { neighbours };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { neighbours: this.neighbourCount, shrinkage: this.shrinkage, weights: this.weightOptions };
  }
}

/** Binary search of `target` in row `from` of a CSR with sorted columns; 0 when absent. */
function similarity(matrix: CsrMatrix, from: number, target: number): number {
  let lo = matrix.indptr[from];
  let hi = matrix.indptr[from + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const column = matrix.indices[mid];
    if (column === target) return matrix.values[mid];
    if (column < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
