import { DataFileError, TrainingError, ValidationError } from '../../core/errors.js';
import type { InteractionMatrix } from '../models/interactionMatrix.js';
import { assertFinite, MatrixRecommender, type FittedCore, type MatrixRecommenderOptions, type TrainedState } from '../models/matrixRecommender.js';
import { requireArray, type LoadedModelFiles, type ModelArray } from '../models/modelFiles.js';
import { transpose, type CsrMatrix, type SparseRow } from '../models/sparse.js';
import type { ScoreVector } from '../models/scoreVector.js';
import type { FitOptions } from '../types.js';
import { selectAlsTrainer, type AlsBackendPreference } from './alsBackend.js';
import { Int8ItemScorer } from './int8Scorer.js';
import { allFinite, choleskyFactor, choleskySolveFactored, exactRowSolve, gramWithRegularization, rowSystem, seededFactors } from './alsMath.js';

export interface AlsOptions extends MatrixRecommenderOptions {
  factors?: number; // default 64
  iterations?: number; // default 15
  regularization?: number; // default 10 (= config default)
  alpha?: number; // confidence = 1 + alpha · weight, default 1.25 (= config default, tuned on UCI Online Retail)
  cgSteps?: number; // CG steps per row and half-iteration, default 3
  seed?: number; // factor initialisation, default 42
  backend?: AlsBackendPreference; // default 'auto'
  workers?: number; // CPU backend threads, 0 = os.availableParallelism()
  minInteractionsForWorkers?: number; // default 20000
  tfjsBatchCells?: number; // TF.js backend padded cells per batch, default 262144
}

interface AlsState {
  factors: number;
  alpha: number;
  regularization: number;
  userFactors: Float32Array; // capacity ≥ users (grows with online updates)
  itemFactors: Float32Array;
  /** YᵀY + λI of the item factors, for online updates and explanations. */
  itemGram: Float64Array;
  itemNorms: Float32Array;
  /** int8 item codes for recommend's full-catalogue scoring. */
  scorer: Int8ItemScorer;
}

/** Implicit-feedback ALS (Hu–Koren–Volinsky) with conjugate-gradient row updates; CPU or TF.js backend. */
export class AlsRecommender extends MatrixRecommender<AlsState> {
  readonly name = 'als';
  readonly options: Required<Omit<AlsOptions, 'weights' | 'logger'>>;

  constructor(options: AlsOptions = {}) {
    super(options);
    this.options = {
      factors: options.factors ?? 64,
      iterations: options.iterations ?? 15,
      regularization: options.regularization ?? 10,
      alpha: options.alpha ?? 1.25,
      cgSteps: options.cgSteps ?? 3,
      seed: options.seed ?? 42,
      backend: options.backend ?? 'auto',
      workers: options.workers ?? 0,
      minInteractionsForWorkers: options.minInteractionsForWorkers ?? 20_000,
      tfjsBatchCells: options.tfjsBatchCells ?? 1 << 18,
    };
    const o = this.options;
    if (!Number.isInteger(o.factors) || o.factors < 1) throw new ValidationError('als: factors must be a positive integer');
    if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new ValidationError('als: iterations must be a positive integer');
    if (!Number.isInteger(o.cgSteps) || o.cgSteps < 1) throw new ValidationError('als: cgSteps must be a positive integer');
    if (!(o.regularization >= 0) || !(o.alpha >= 0)) throw new ValidationError('als: regularization and alpha must be ≥ 0');
  }

  protected async train(matrix: InteractionMatrix, options: FitOptions): Promise<TrainedState<AlsState>> {
    const started = performance.now();
    const o = this.options;
    const trainer = await selectAlsTrainer(o.backend, {
      workers: o.workers,
      minInteractionsForWorkers: o.minInteractionsForWorkers,
      tfjsBatchCells: o.tfjsBatchCells,
      logger: this.logger,
    });
    const userItems = confidenceMatrix(matrix.userItems, o.alpha);
    const problem = {
      userItems,
      itemUsers: transpose(userItems),
      factors: o.factors,
      regularization: o.regularization,
      iterations: o.iterations,
      cgSteps: o.cgSteps,
      userFactors: seededFactors(matrix.users.size, o.factors, o.seed),
      itemFactors: seededFactors(matrix.items.size, o.factors, o.seed + 1),
    };
    await trainer.train(problem, {
      signal: options.signal,
      onIteration: (iteration, factors) => {
        if (!allFinite(factors.userFactors) || !allFinite(factors.itemFactors)) {
          throw new TrainingError(`als: factors became NaN/Infinity at iteration ${iteration}; lower alpha or raise regularization`, {
            details: { iteration, alpha: o.alpha, regularization: o.regularization },
          });
        }
        options.onProgress?.({ iteration, iterations: o.iterations, elapsedMs: performance.now() - started });
      },
    });
    const state = makeState(problem.userFactors, problem.itemFactors, matrix.items.size, o.factors, o.alpha, o.regularization);
    return { state, backend: trainer.backend };
  }

  protected scoreUser(state: AlsState, user: number): ScoreVector {
    const f = state.factors;
    return state.scorer.score(state.userFactors.subarray(user * f, user * f + f));
  }

  /** Cosine similarity of item factors. */
  protected similarScores(state: AlsState, item: number, out: Float32Array): void {
    const f = state.factors;
    const { itemFactors, itemNorms } = state;
    const base = item * f;
    for (let i = 0, ib = 0; i < out.length; i++, ib += f) {
      let sum = 0;
      for (let a = 0; a < f; a++) sum += itemFactors[base + a] * itemFactors[ib + a];
      const norm = itemNorms[item] * itemNorms[i];
      out[i] = norm > 0 ? sum / norm : 0;
    }
  }

  /**
   * implicit's explain: score = Σ_j c_j · y_jᵀ A_u⁻¹ y_i, so item j contributes c_j · y_jᵀ A_u⁻¹ y_i.
   * A_u is built and Cholesky-factored once per user; each item then costs two triangular solves.
   */
  protected contributions(state: AlsState, _user: number, row: SparseRow): (item: number) => Float32Array {
    const f = state.factors;
    const confidence = rowConfidence(row, state.alpha);
    const factor = choleskyFactor(rowSystem(state.itemGram, state.itemFactors, f, row.indices, confidence), f);
    return (item) => {
      const z = choleskySolveFactored(factor, Float64Array.from(state.itemFactors.subarray(item * f, item * f + f)), f);
      return Float32Array.from(row.indices, (other, k) => {
        let dot = 0;
        for (let a = 0; a < f; a++) dot += state.itemFactors[other * f + a] * z[a];
        return confidence[k] * dot;
      });
    };
  }

  protected override onUserUpdated(state: AlsState, user: number, row: SparseRow): void {
    const f = state.factors;
    if ((user + 1) * f > state.userFactors.length) {
      const grown = new Float32Array(Math.max((user + 1) * f, state.userFactors.length * 2));
      grown.set(state.userFactors);
      state.userFactors = grown;
    }
    const factor =
      row.indices.length === 0
        ? new Float32Array(f)
        : exactRowSolve(state.itemGram, state.itemFactors, f, row.indices, rowConfidence(row, state.alpha));
    state.userFactors.set(factor, user * f);
  }

  protected exportState(state: AlsState, core: FittedCore): Record<string, ModelArray> {
    return { userFactors: state.userFactors.subarray(0, core.users.size * state.factors), itemFactors: state.itemFactors };
  }

  protected importState(loaded: LoadedModelFiles, dir: string, core: FittedCore): AlsState {
    const saved = loaded.manifest.hyperParameters;
    const number = (key: string, integer: boolean): number => {
      const value = saved[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && (!Number.isInteger(value) || value < 1))) {
        throw new DataFileError(`${dir}/manifest.json`, `hyperParameters.${key}`, 'missing or invalid');
      }
      return value;
    };
    const factors = number('factors', true);
    const userFactors = requireArray(loaded, dir, 'userFactors', Float32Array, core.users.size * factors);
    const itemFactors = requireArray(loaded, dir, 'itemFactors', Float32Array, core.items.size * factors);
    assertFinite(userFactors, `${dir}/userFactors.f32`, 'userFactors');
    assertFinite(itemFactors, `${dir}/itemFactors.f32`, 'itemFactors');
    if (factors !== this.options.factors) this.logger.warn({ saved: factors, configured: this.options.factors }, 'als: loaded model keeps its saved factor count');
    return makeState(userFactors, itemFactors, core.items.size, factors, number('alpha', false), number('regularization', false));
  }

  protected hyperParameters(): Record<string, unknown> {
    const { factors, iterations, regularization, alpha, cgSteps, seed } = this.options;
    return { factors, iterations, regularization, alpha, cgSteps, seed, weights: this.weightOptions };
  }

}

function makeState(
  userFactors: Float32Array,
  itemFactors: Float32Array,
  items: number,
  factors: number,
  alpha: number,
  regularization: number,
): AlsState {
  const itemNorms = new Float32Array(items);
  for (let i = 0; i < items; i++) {
    let sum = 0;
    for (let a = 0; a < factors; a++) sum += itemFactors[i * factors + a] ** 2;
    itemNorms[i] = Math.sqrt(sum);
  }
  const itemGram = gramWithRegularization(itemFactors, items, factors, regularization);
  const scorer = new Int8ItemScorer(itemFactors, items, factors);
  return { factors, alpha, regularization, userFactors, itemFactors, itemGram, itemNorms, scorer };
}

function confidenceMatrix(weights: CsrMatrix, alpha: number): CsrMatrix {
  return { ...weights, values: Float32Array.from(weights.values, (w) => 1 + alpha * w) };
}

function rowConfidence(row: SparseRow, alpha: number): Float32Array {
  return Float32Array.from(row.values, (w) => 1 + alpha * w);
}
