/**
 * Recommender models behind the Recommender port (recommender/types.ts). Stable exports for the service,
 * the evaluation code and the CLIs: createRecommender, the option types and the classes.
 */
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { AlsRecommender, type AlsOptions } from '../als/alsRecommender.js';
import type { Recommender } from '../types.js';
import { EaseRecommender, type EaseOptions } from './ease.js';
import { ItemKnnRecommender, type ItemKnnOptions } from './itemKnn.js';
import { PopularityRecommender, type PopularityOptions } from './popularity.js';

export type RecommenderKind = 'als' | 'ease' | 'popularity' | 'itemknn';
export const RECOMMENDER_KINDS: readonly RecommenderKind[] = ['als', 'ease', 'popularity', 'itemknn'];

export interface RecommenderOptionsByKind {
  als: AlsOptions;
  ease: EaseOptions;
  popularity: PopularityOptions;
  itemknn: ItemKnnOptions;
}

export interface RecommenderByKind {
  als: AlsRecommender;
  ease: EaseRecommender;
  popularity: PopularityRecommender;
  itemknn: ItemKnnRecommender;
}

export function createRecommender<K extends RecommenderKind>(kind: K, options?: RecommenderOptionsByKind[K]): RecommenderByKind[K];
export function createRecommender(kind: RecommenderKind, options: RecommenderOptionsByKind[RecommenderKind] = {}): Recommender {
  switch (kind) {
    case 'als':
      return new AlsRecommender(options as AlsOptions);
    case 'ease':
      return new EaseRecommender(options as EaseOptions);
    case 'popularity':
      return new PopularityRecommender(options as PopularityOptions);
    case 'itemknn':
      return new ItemKnnRecommender(options as ItemKnnOptions);
  }
}

/** Options for `kind` from config.recommender (ALS hyper-parameters, backend, workers, recency half-life). */
export function recommenderOptionsFromConfig(config: Config, logger: Logger): RecommenderOptionsByKind[RecommenderKind] {
  const r = config.recommender;
  const weights = { recencyHalfLifeDays: r.recencyHalfLifeDays };
  return {
    logger,
    weights,
    factors: r.factors,
    iterations: r.iterations,
    regularization: r.regularization,
    alpha: r.alpha,
    backend: r.backend,
    workers: r.workers,
    tfjsBackend: config.tfjsBackend,
  } satisfies AlsOptions & EaseOptions;
}

/** The configured model (config.recommender.model) with its options from config. */
export function createConfiguredRecommender(config: Config, logger: Logger): Recommender {
  return createRecommender(config.recommender.model, recommenderOptionsFromConfig(config, logger));
}

export { AlsRecommender, type AlsOptions } from '../als/alsRecommender.js';
export type { AlsBackendPreference } from '../als/alsBackend.js';
export { EaseRecommender, type EaseOptions } from './ease.js';
export { ItemKnnRecommender, type ItemKnnOptions } from './itemKnn.js';
export { PopularityRecommender, type PopularityOptions } from './popularity.js';
export { MatrixRecommender, type MatrixRecommenderOptions } from './matrixRecommender.js';
export {
  buildInteractionMatrix,
  DEFAULT_KIND_WEIGHTS,
  type InteractionMatrix,
  type InteractionWeightOptions,
} from './interactionMatrix.js';
export { IdMap } from '../idMap.js';
export type { CsrMatrix, SparseRow } from './sparse.js';
