import type { Config } from '../../core/config.js';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ModelUnderTest } from '../eval/evaluateModels.js';
import { createRecommender, RECOMMENDER_KINDS, type AlsBackendPreference, type RecommenderKind } from '../models/index.js';
import type { CliArgs } from './cliArgs.js';

/** Hyper-parameter flags shared by `eval`: --factors --iterations --regularization --alpha --backend --workers --lambda --neighbours --shrinkage --recency-half-life. */
export function parseModelKind(text: string | undefined, fallback: RecommenderKind): RecommenderKind {
  if (text === undefined) return fallback;
  if (!(RECOMMENDER_KINDS as readonly string[]).includes(text)) throw new ValidationError(`--model: one of ${RECOMMENDER_KINDS.join(', ')}, got '${text}'`);
  return text as RecommenderKind;
}

const BACKENDS: readonly AlsBackendPreference[] = ['auto', 'tfjs-gpu', 'tfjs-wasm', 'cpu'];

/** Flags override the configured hyper-parameters (RECOMMENDER_*), so `eval` without flags measures what the bot serves. */
export function modelUnderTest(kind: RecommenderKind, args: CliArgs, logger: Logger, defaults: Config['recommender']): ModelUnderTest {
  const recencyHalfLifeDays = args.number('recency-half-life', { min: 0 }) ?? defaults.recencyHalfLifeDays;
  const weights = recencyHalfLifeDays === 0 ? undefined : { recencyHalfLifeDays };
  const common = { logger, ...(weights === undefined ? {} : { weights }) };
  switch (kind) {
    case 'als': {
      const backendText = args.string('backend') ?? defaults.backend;
      if (!(BACKENDS as readonly string[]).includes(backendText)) throw new ValidationError(`--backend: one of ${BACKENDS.join(', ')}`);
      const hp = {
        factors: args.number('factors', { min: 2, max: 1024, integer: true }) ?? defaults.factors,
        iterations: args.number('iterations', { min: 1, max: 200, integer: true }) ?? defaults.iterations,
        regularization: args.number('regularization', { min: 0 }) ?? defaults.regularization,
        alpha: args.number('alpha', { min: 0 }) ?? defaults.alpha,
        backend: backendText as AlsBackendPreference,
        workers: args.number('workers', { min: 0, max: 64, integer: true }) ?? defaults.workers,
        recencyHalfLifeDays,
      };
      return { name: 'als', hyperParameters: hp, create: () => createRecommender('als', { ...common, ...hp }) };
    }
    case 'ease': {
      const hp = { lambda: args.number('lambda', { min: 0 }) ?? 250 };
      return { name: 'ease', hyperParameters: hp, create: () => createRecommender('ease', { ...common, ...hp }) };
    }
    case 'itemknn':
      return itemKnn(args.number('neighbours', { min: 1, integer: true }) ?? 20, args.number('shrinkage', { min: 0 }) ?? 0, logger);
    case 'popularity':
      return popularity(logger);
  }
}

export function popularity(logger: Logger): ModelUnderTest {
  return { name: 'popularity', hyperParameters: {}, create: () => createRecommender('popularity', { logger }) };
}

export function itemKnn(neighbours: number, shrinkage: number, logger: Logger): ModelUnderTest {
  const hp = { neighbours, shrinkage };
  return { name: 'itemknn', hyperParameters: hp, create: () => createRecommender('itemknn', { logger, ...hp }) };
}
