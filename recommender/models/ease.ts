import { TrainingError, ValidationError } from '../../core/errors.js';
import { exactScores, type ScoreVector } from './scoreVector.js';
import { initTfjs, type TfjsBackendPreference } from '../../core/tfjs.js';
import type { FitOptions } from '../types.js';
import type { InteractionMatrix } from './interactionMatrix.js';
import { assertFinite, MatrixRecommender, type FittedCore, type MatrixRecommenderOptions, type TrainedState } from './matrixRecommender.js';
import { requireArray, type LoadedModelFiles, type ModelArray } from './modelFiles.js';
import type { SparseRow } from './sparse.js';
import { invertSpd } from './spdInverse.js';

export interface EaseOptions extends MatrixRecommenderOptions {
  /** L2 regularisation λ added to the Gram diagonal (default 250). */
  lambda?: number;
  /** Largest catalog accepted: the model is a dense items² Float32 matrix (default 8000 items ≈ 256 MB). */
  maxItems?: number;
  /** TF.js backend for the matrix inverse (default 'auto'; see core/tfjs.ts). */
  tfjsBackend?: TfjsBackendPreference;
}

interface EaseState {
  /** Dense item × item weights B (row-major), zero diagonal. score(u) = x_u · B. */
  weights: Float32Array;
  items: number;
}

/**
 * EASE (Steck 2019): B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹ on the binarised user × item matrix X.
 * One closed-form solve, no iterations; strong on small-to-medium catalogs.
 */
export class EaseRecommender extends MatrixRecommender<EaseState> {
  readonly name = 'ease';
  readonly lambda: number;
  readonly maxItems: number;
  private readonly tfjsBackend: TfjsBackendPreference;

  constructor(options: EaseOptions = {}) {
    super(options);
    this.lambda = options.lambda ?? 250;
    this.maxItems = options.maxItems ?? 8000;
    this.tfjsBackend = options.tfjsBackend ?? 'auto';
    if (!(this.lambda > 0)) throw new ValidationError('ease: lambda must be > 0');
    if (!Number.isInteger(this.maxItems) || this.maxItems < 1) throw new ValidationError('ease: maxItems must be a positive integer');
  }

  protected async train(matrix: InteractionMatrix, options: FitOptions): Promise<TrainedState<EaseState>> {
    const started = performance.now();
    const n = matrix.items.size;
    if (n > this.maxItems) {
      throw new TrainingError(`ease: catalog of ${n} items exceeds the limit of ${this.maxItems} (dense items² model); use als or itemknn`, {
        details: { items: n, maxItems: this.maxItems },
      });
    }
    const backend = await initTfjs(this.tfjsBackend, this.logger);
    options.signal?.throwIfAborted();
    const gram = new Float32Array(n * n);
    const { indptr, indices } = matrix.userItems;
    for (let u = 0; u < matrix.userItems.rows; u++) {
      for (let p = indptr[u]; p < indptr[u + 1]; p++) {
        const row = indices[p] * n;
        for (let q = indptr[u]; q < indptr[u + 1]; q++) gram[row + indices[q]] += 1;
      }
    }
    for (let i = 0; i < n; i++) gram[i * n + i] += this.lambda;
    options.onProgress?.({ iteration: 1, iterations: 2, elapsedMs: performance.now() - started });
    const weights = invertSpd(gram, n);
    for (let j = 0; j < n; j++) {
      const diagonal = weights[j * n + j];
      if (!(diagonal > 0) || !Number.isFinite(diagonal)) throw new TrainingError('ease: inverse is not finite (ill-conditioned Gram matrix)');
    }
    const diagonal = Float32Array.from({ length: n }, (_, j) => weights[j * n + j]);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) weights[row + j] = i === j ? 0 : -weights[row + j] / diagonal[j];
    }
    options.onProgress?.({ iteration: 2, iterations: 2, elapsedMs: performance.now() - started });
    return { state: { weights, items: n }, backend: `tfjs-${backend}` };
  }

  protected scoreUser(state: EaseState, _user: number, row: SparseRow): ScoreVector {
    const { weights, items } = state;
    const out = new Float32Array(items);
    for (const item of row.indices) {
      const base = item * items;
      for (let j = 0; j < items; j++) out[j] += weights[base + j];
    }
    return exactScores(out);
  }

  protected similarScores(state: EaseState, item: number, out: Float32Array): void {
    out.set(state.weights.subarray(item * state.items, (item + 1) * state.items));
  }

  protected contributions(state: EaseState, _user: number, row: SparseRow): (item: number) => Float32Array {
    return (item) => Float32Array.from(row.indices, (other) => state.weights[other * state.items + item]);
  }

  protected exportState(state: EaseState): Record<string, ModelArray> {
    return { weights: state.weights };
  }

  protected importState(loaded: LoadedModelFiles, dir: string, core: FittedCore): EaseState {
    const items = core.items.size;
    const weights = requireArray(loaded, dir, 'weights', Float32Array, items * items);
    assertFinite(weights, `${dir}/weights.f32`, 'weights');
    return { weights, items };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { lambda: this.lambda, maxItems: this.maxItems, weights: this.weightOptions };
  }
}
