import { DataFileError, ModelNotTrainedError, NotFoundError, TrainingError, ValidationError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { IdMap } from '../idMap.js';
import type {
  Explanation, FitOptions, FitReport, InteractionRecord, InteractionSource, ItemScores, Recommendation, Recommender, RecommendOptions,
} from '../types.js';
import { buildInteractionMatrix, historyRow, type InteractionMatrix, type InteractionWeightOptions } from './interactionMatrix.js';
import { readModelFiles, requireArray, writeModelFiles, type LoadedModelFiles, type ModelArray } from './modelFiles.js';
import { csrFromRows, csrRow, EMPTY_ROW, nnz, type CsrMatrix, type SparseRow } from './sparse.js';
import { blendWithQuery, exactScores, selectTop, type ScoreVector } from './scoreVector.js';
import { topK } from './topK.js';

export interface MatrixRecommenderOptions {
  /** Interaction kind weights and recency decay (see interactionMatrix.ts for the defaults). */
  weights?: InteractionWeightOptions;
  logger?: Logger;
}

/** What every fitted model shares: id maps, the fitted history and per-item popularity (the cold-start answer). */
export interface FittedCore {
  users: IdMap;
  items: IdMap;
  history: CsrMatrix;
  popularity: Float32Array;
  backend: string;
  trainedAt: string;
}

export interface TrainedState<TState> {
  state: TState;
  backend: string;
}

const MAX_EXPLANATION_ITEMS = 10;

/**
 * Base of every model: string ids ↔ indices, history, excludeSeen/filter/query blending, top-k, save/load.
 * Cold start (documented contract of these models): an unknown user, or one with no known items, is answered
 * with the most popular items (distinct users per item), never an error. Subclasses supply the scoring.
 */
export abstract class MatrixRecommender<TState> implements Recommender {
  abstract readonly name: string;
  protected readonly logger: Logger;
  protected readonly weightOptions: InteractionWeightOptions;
  protected core: FittedCore | undefined;
  protected state: TState | undefined;
  private updatedRows = new Map<number, SparseRow>();
  /** Per query-id array (by identity): position → item index, −1 for ids this model does not know. */
  private queryAlignments = new WeakMap<readonly string[], Int32Array>();

  protected constructor(options: MatrixRecommenderOptions) {
    this.logger = options.logger ?? silentLogger();
    this.weightOptions = options.weights ?? {};
  }

  protected abstract train(matrix: InteractionMatrix, options: FitOptions): Promise<TrainedState<TState>>;
  /**
   * Scores every item for the user: exact scores (exactScores over a fresh array), or approximate scores with a
   * certified bound, from which recommend rescores the contenders exactly (see scoreVector.ts).
   */
  protected abstract scoreUser(state: TState, user: number, row: SparseRow): ScoreVector;
  protected abstract similarScores(state: TState, item: number, out: Float32Array): void;
  /**
   * Prepares what explaining this user's scores needs (once), and returns a function giving one weight per entry of
   * `row`: how much that history item contributed to an item's score.
   */
  protected abstract contributions(state: TState, user: number, row: SparseRow): (item: number) => Float32Array;
  protected abstract exportState(state: TState, core: FittedCore): Record<string, ModelArray>;
  protected abstract importState(loaded: LoadedModelFiles, dir: string, core: FittedCore): TState;
  protected abstract hyperParameters(): Record<string, unknown>;
  /** Online update hook: the user's history was replaced by `row` (ALS recomputes the factor). */
  protected onUserUpdated(_state: TState, _user: number, _row: SparseRow): void {}

  get fitted(): boolean {
    return this.core !== undefined && this.state !== undefined;
  }

  get backend(): string | undefined {
    return this.core?.backend;
  }

  get trainedAt(): string | undefined {
    return this.core?.trainedAt;
  }

  async fit(interactions: InteractionSource, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    const matrix = await buildInteractionMatrix(interactions, this.weightOptions, options.signal);
    const cells = nnz(matrix.userItems);
    if (cells === 0) throw new TrainingError(`${this.name}: no usable interactions to fit on`, { details: { records: matrix.records } });
    const { state, backend } = await this.train(matrix, options);
    this.core = {
      users: matrix.users,
      items: matrix.items,
      history: matrix.userItems,
      popularity: itemPopularity(matrix.userItems),
      backend,
      trainedAt: new Date().toISOString(),
    };
    this.state = state;
    this.updatedRows = new Map();
    this.queryAlignments = new WeakMap();
    const seconds = (performance.now() - started) / 1000;
    this.logger.info({ model: this.name, backend, users: matrix.users.size, items: matrix.items.size, cells, seconds }, 'recommender fitted');
    return { model: this.name, backend, users: matrix.users.size, items: matrix.items.size, interactions: cells, seconds };
  }

  recommend(userId: string, options: RecommendOptions = {}): Recommendation[] {
    const { core, state } = this.requireFitted();
    const n = options.n ?? 10;
    if (!Number.isInteger(n) || n < 0) throw new ValidationError(`recommend: n must be a non-negative integer, got ${n}`);
    const user = core.users.index(userId);
    const row = user === undefined ? EMPTY_ROW : this.userRow(user);
    let scores =
      user === undefined || row.indices.length === 0 ? exactScores(Float32Array.from(core.popularity)) : this.scoreUser(state, user, row);
    let skip: Uint8Array | undefined;
    if (options.excludeSeen !== false && row.indices.length > 0) {
      skip = new Uint8Array(core.items.size);
      for (const item of row.indices) skip[item] = 1;
    }
    if (options.queryScores !== undefined && options.queryScores.ids.length > 0) {
      const weight = options.queryWeight ?? 0.5;
      if (!(weight >= 0 && weight <= 1)) throw new ValidationError(`recommend: queryWeight must be in [0, 1], got ${weight}`);
      scores = blendWithQuery(scores, this.denseQuery(core, options.queryScores), weight, skip);
    }
    const filter = options.filter;
    const keep = filter === undefined ? undefined : (index: number): boolean => filter(core.items.id(index));
    return selectTop(scores, n, skip, keep).map((e) => ({ itemId: core.items.id(e.index), score: e.score }));
  }

  /** The query's score per item index (0 where it has none); ids it names that this model lacks are ignored. */
  private denseQuery(core: FittedCore, query: ItemScores): Float32Array {
    if (query.scores.length !== query.ids.length) throw new ValidationError('recommend: queryScores.ids and .scores differ in length');
    let alignment = this.queryAlignments.get(query.ids);
    if (alignment === undefined) {
      alignment = Int32Array.from(query.ids, (id) => core.items.index(id) ?? -1);
      this.queryAlignments.set(query.ids, alignment);
    }
    const dense = new Float32Array(core.items.size);
    for (let k = 0; k < alignment.length; k++) {
      const item = alignment[k];
      const value = query.scores[k];
      if (item >= 0 && Number.isFinite(value)) dense[item] = value;
    }
    return dense;
  }

  similarItems(itemId: string, n = 10): Recommendation[] {
    const { core, state } = this.requireFitted();
    const item = this.requireItem(core, itemId);
    const scores = new Float32Array(core.items.size);
    this.similarScores(state, item, scores);
    const skip = new Uint8Array(core.items.size);
    skip[item] = 1;
    return topK(scores, n, skip).map((e) => ({ itemId: core.items.id(e.index), score: e.score }));
  }

  explain(userId: string, itemId: string): Explanation {
    return this.explainMany(userId, [itemId])[0];
  }

  explainMany(userId: string, itemIds: readonly string[]): Explanation[] {
    const { core, state } = this.requireFitted();
    const items = itemIds.map((itemId) => this.requireItem(core, itemId));
    const user = core.users.index(userId);
    if (user === undefined) throw new NotFoundError(`${this.name}: unknown user '${userId}'`, { details: { userId } });
    const row = this.userRow(user);
    if (row.indices.length === 0) return itemIds.map((itemId) => ({ itemId, because: [] }));
    const contributionsTo = this.contributions(state, user, row);
    return items.map((item, position) => {
      const weights = contributionsTo(item);
      const because = Array.from(row.indices, (index, k) => ({ itemId: core.items.id(index), weight: weights[k] }))
        .filter((c) => c.weight > 0 && Number.isFinite(c.weight))
        .sort((a, b) => b.weight - a.weight)
        .slice(0, MAX_EXPLANATION_ITEMS);
      return { itemId: itemIds[position], because };
    });
  }

  updateUser(userId: string, history: readonly InteractionRecord[]): void {
    const { core, state } = this.requireFitted();
    if (userId === '') throw new ValidationError('updateUser: userId must not be empty');
    const row = historyRow(history, core.items, this.weightOptions);
    const user = core.users.add(userId);
    this.updatedRows.set(user, row);
    this.onUserUpdated(state, user, row);
  }

  hasUser(userId: string): boolean {
    return this.core?.users.has(userId) ?? false;
  }

  hasItem(itemId: string): boolean {
    return this.core?.items.has(itemId) ?? false;
  }

  async save(dir: string): Promise<void> {
    const { core, state } = this.requireFitted();
    const rows: SparseRow[] = [];
    for (let u = 0; u < core.users.size; u++) rows.push(this.userRow(u));
    const history = csrFromRows(rows, core.users.size, core.items.size);
    await writeModelFiles(
      dir,
      {
        model: this.name,
        backend: core.backend,
        trainedAt: core.trainedAt,
        hyperParameters: this.hyperParameters(),
        users: [...core.users.toArray()],
        items: [...core.items.toArray()],
      },
      {
        historyIndptr: history.indptr,
        historyIndices: history.indices,
        historyValues: history.values,
        popularity: core.popularity,
        ...this.exportState(state, { ...core, history }),
      },
    );
  }

  async load(dir: string): Promise<void> {
    const loaded = await readModelFiles(dir, this.name);
    const manifestPath = `${dir}/manifest.json`;
    let users: IdMap;
    let items: IdMap;
    try {
      users = IdMap.fromIds(loaded.manifest.users);
      items = IdMap.fromIds(loaded.manifest.items);
    } catch (error) {
      throw new DataFileError(manifestPath, 'users/items', 'duplicate or invalid ids', { cause: error });
    }
    const history: CsrMatrix = {
      rows: users.size,
      cols: items.size,
      indptr: requireArray(loaded, dir, 'historyIndptr', Int32Array, users.size + 1),
      indices: requireArray(loaded, dir, 'historyIndices', Int32Array),
      values: requireArray(loaded, dir, 'historyValues', Float32Array),
    };
    validateCsr(history, manifestPath, 'history');
    const popularity = requireArray(loaded, dir, 'popularity', Float32Array, items.size);
    const core: FittedCore = { users, items, history, popularity, backend: loaded.manifest.backend, trainedAt: loaded.manifest.trainedAt };
    const state = this.importState(loaded, dir, core);
    this.core = core;
    this.state = state;
    this.updatedRows = new Map();
    this.queryAlignments = new WeakMap();
  }

  protected userRow(user: number): SparseRow {
    return this.updatedRows.get(user) ?? (this.core === undefined ? EMPTY_ROW : csrRow(this.core.history, user));
  }

  protected requireFitted(): { core: FittedCore; state: TState } {
    if (this.core === undefined || this.state === undefined) throw new ModelNotTrainedError(`Recommender '${this.name}'`);
    return { core: this.core, state: this.state };
  }

  private requireItem(core: FittedCore, itemId: string): number {
    const item = core.items.index(itemId);
    if (item === undefined) throw new NotFoundError(`${this.name}: unknown item '${itemId}'`, { details: { itemId } });
    return item;
  }
}

/** Distinct users per item: the popularity baseline and every model's cold-start answer. */
export function itemPopularity(history: CsrMatrix): Float32Array {
  const counts = new Float32Array(history.cols);
  const cells = nnz(history);
  for (let k = 0; k < cells; k++) counts[history.indices[k]] += 1;
  return counts;
}

/** Structural check of a loaded CSR matrix (monotone indptr, indices in range, finite values). */
export function validateCsr(matrix: CsrMatrix, file: string, entry: string): void {
  const { indptr, indices, values, rows, cols } = matrix;
  const bad = (problem: string): never => {
    throw new DataFileError(file, entry, problem);
  };
  if (indptr.length !== rows + 1 || indptr[0] !== 0) bad('row pointer array is inconsistent');
  if (indptr[rows] !== indices.length || indices.length !== values.length) bad('entry count does not match its arrays');
  for (let r = 0; r < rows; r++) if (indptr[r + 1] < indptr[r]) bad(`row pointers decrease at row ${r}`);
  for (let k = 0; k < indices.length; k++) {
    if (indices[k] < 0 || indices[k] >= cols) bad(`column index ${indices[k]} out of range at entry ${k}`);
    if (!Number.isFinite(values[k])) bad(`non-finite value at entry ${k}`);
  }
}

export function assertFinite(array: Float32Array, file: string, entry: string): void {
  for (let k = 0; k < array.length; k++) {
    if (!Number.isFinite(array[k])) throw new DataFileError(file, entry, `non-finite value at position ${k}`);
  }
}

export function reportSingleStep(options: FitOptions, started: number): void {
  options.onProgress?.({ iteration: 1, iterations: 1, elapsedMs: performance.now() - started });
}
