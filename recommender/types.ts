import type { InteractionKind } from '../core/storage/types.js';

/**
 * Recommender port, shaped like implicit's API: fit, recommend, similarItems, explain, save/load.
 * Ids are strings; models map them to indices internally and save the mapping with the model.
 */

export interface InteractionRecord {
  userId: string;
  itemId: string;
  kind?: InteractionKind; // default 'purchase'
  value?: number; // default 1
  timestamp?: number; // epoch ms
}

export interface Recommendation {
  itemId: string;
  score: number;
}

export interface RecommendOptions {
  n?: number; // default 10
  excludeSeen?: boolean; // default true
  filter?: (itemId: string) => boolean; // keep items for which it returns true
  /** Item-space query (e.g. product-text similarity per item), blended with CF scores. */
  queryScores?: ItemScores;
  queryWeight?: number; // 0..1, default 0.5 when queryScores is given
}

/**
 * Scores over a list of item ids, dense: `scores[k]` belongs to `ids[k]`; items not listed score 0. Models cache how
 * an `ids` array maps onto their catalogue by its identity, so a caller that scores the same catalogue for every
 * query (ContentIndex) passes the same array each time and pays only a linear pass over the scores.
 */
export interface ItemScores {
  readonly ids: readonly string[];
  readonly scores: Float32Array;
}

export interface Explanation {
  itemId: string;
  because: Array<{ itemId: string; weight: number }>;
}

export interface FitProgress {
  iteration: number;
  iterations: number;
  loss?: number;
  elapsedMs: number;
}

export interface FitOptions {
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
}

export interface FitReport {
  model: string;
  backend: string;
  users: number;
  items: number;
  interactions: number;
  seconds: number;
}

export type InteractionSource = AsyncIterable<InteractionRecord> | Iterable<InteractionRecord>;

export interface Recommender {
  readonly name: string;
  readonly fitted: boolean;
  /** Throws TrainingError (code TRAINING_FAILED) on empty data or NaN; the previous model stays usable. */
  fit(interactions: InteractionSource, options?: FitOptions): Promise<FitReport>;
  /** Unknown user: throws NotFoundError unless the model has a cold-start answer (popularity). Untrained: ModelNotTrainedError. */
  recommend(userId: string, options?: RecommendOptions): Recommendation[];
  similarItems(itemId: string, n?: number): Recommendation[];
  explain(userId: string, itemId: string): Explanation;
  /** One explanation per item, in order, preparing the user's state once (e.g. ALS factors A_u once, not per card). */
  explainMany(userId: string, itemIds: readonly string[]): Explanation[];
  /** Online update: recompute one user's state from their latest history, no full retrain. */
  updateUser(userId: string, history: readonly InteractionRecord[]): void;
  hasUser(userId: string): boolean;
  hasItem(itemId: string): boolean;
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
}
