import type { CsrMatrix } from '../models/sparse.js';

/**
 * One ALS training run, independent of where it runs (worker threads on typed arrays, or TF.js ops).
 * Both matrices hold confidences (1 + alpha · weight). Factor arrays are updated in place, iteration by iteration.
 */
export interface AlsProblem {
  userItems: CsrMatrix;
  itemUsers: CsrMatrix;
  factors: number;
  regularization: number;
  iterations: number;
  cgSteps: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

export interface AlsIterationHooks {
  signal?: AbortSignal;
  /** Called after each full iteration (users then items) with the current factors; throwing stops the run. */
  onIteration: (iteration: number, factors: { userFactors: Float32Array; itemFactors: Float32Array }) => void;
}

export interface AlsTrainer {
  /** 'cpu', 'tfjs-wasm', 'tfjs-gpu', ... : logged and saved with the model. */
  readonly backend: string;
  train(problem: AlsProblem, hooks: AlsIterationHooks): Promise<void>;
}
