import type { FitOptions } from '../types.js';
import { exactScores, type ScoreVector } from './scoreVector.js';
import type { InteractionMatrix } from './interactionMatrix.js';
import { MatrixRecommender, reportSingleStep, validateCsr, type FittedCore, type MatrixRecommenderOptions, type TrainedState } from './matrixRecommender.js';
import type { LoadedModelFiles, ModelArray } from './modelFiles.js';
import { csrRow, transpose, type CsrMatrix, type SparseRow } from './sparse.js';

export type PopularityOptions = MatrixRecommenderOptions;

interface PopularityState {
  /** item × user view of the fitted history, for co-occurrence. */
  itemUsers: CsrMatrix;
}

/**
 * Most-popular baseline: every user gets the items with the most distinct users (their seen items excluded).
 * similarItems = co-occurrence counts (users who have both items); explain = co-occurrence with the user's items.
 */
export class PopularityRecommender extends MatrixRecommender<PopularityState> {
  readonly name = 'popularity';

  constructor(options: PopularityOptions = {}) {
    super(options);
  }

  protected async train(matrix: InteractionMatrix, options: FitOptions): Promise<TrainedState<PopularityState>> {
    const started = performance.now();
    const state = { itemUsers: transpose(matrix.userItems) };
    reportSingleStep(options, started);
    return { state, backend: 'cpu' };
  }

  protected scoreUser(): ScoreVector {
    return exactScores(Float32Array.from(this.requireFitted().core.popularity));
  }

  protected similarScores(state: PopularityState, item: number, out: Float32Array): void {
    const history = this.requireFitted().core.history;
    const users = csrRow(state.itemUsers, item).indices;
    for (const user of users) {
      for (let k = history.indptr[user]; k < history.indptr[user + 1]; k++) out[history.indices[k]] += 1;
    }
  }

  protected contributions(state: PopularityState, _user: number, row: SparseRow): (item: number) => Float32Array {
    return (item) => {
      const target = new Set(csrRow(state.itemUsers, item).indices);
      return Float32Array.from(row.indices, (other) => {
        let shared = 0;
        for (const user of csrRow(state.itemUsers, other).indices) if (target.has(user)) shared++;
        return shared;
      });
    };
  }

  protected exportState(): Record<string, ModelArray> {
    return {};
  }

  protected importState(_loaded: LoadedModelFiles, dir: string, core: FittedCore): PopularityState {
    validateCsr(core.history, `${dir}/manifest.json`, 'history');
    return { itemUsers: transpose(core.history) };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { weights: this.weightOptions };
  }
}
