import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { TfjsBackendPreference } from '../../core/tfjs.js';
import type { Encoder } from '../types.js';
import { LruCachedEncoder } from './lruCachedEncoder.js';
import { TransformersEncoder } from './transformersEncoder.js';
import { UseLiteEncoder } from './useLiteEncoder.js';

export interface CreateEncoderOptions {
  /** Root of runtime data; transformers.js models are cached under <dataDir>/models. */
  dataDir: string;
  logger: Logger;
  /** TF.js backend for USE-lite; 'auto' (default) reuses the backend the process already initialised. */
  tfjsBackend?: TfjsBackendPreference;
  /** Texts whose embeddings are kept (LRU) for repeated messages; 0 turns the cache off. Default 1024. */
  cacheSize?: number;
  /** onnxruntime threads for USE-lite. Default 1. */
  onnxThreads?: number;
}

/**
 * Builds the sentence encoder chosen by NLU_ENCODER: 'use-lite' (default, offline, weights in node_modules) or
 * 'transformers' (NLU_ENCODER_MODEL: a Hub id or a local folder), wrapped in a small LRU cache.
 */
export async function createEncoder(config: Config['nlu'], options: CreateEncoderOptions): Promise<Encoder> {
  const { logger } = options;
  logger.info({ encoder: config.encoder, model: config.encoderModel }, `Loading sentence encoder '${config.encoder}'`);
  const encoder: Encoder =
    config.encoder === 'transformers'
      ? await TransformersEncoder.load(config, { logger, dataDir: options.dataDir })
      : await UseLiteEncoder.load({ logger, backend: options.tfjsBackend ?? 'auto', weightsDir: config.encoderWeights, onnxThreads: options.onnxThreads });
  const cacheSize = options.cacheSize ?? 1024;
  return cacheSize > 0 ? new LruCachedEncoder(encoder, cacheSize) : encoder;
}
