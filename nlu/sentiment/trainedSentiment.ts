import { fileURLToPath } from 'node:url';
import { AppError, DataFileError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { initTfjs, tf, type TfjsBackendPreference } from '../../core/tfjs.js';
import { CachingEncoder } from '../features/cachingEncoder.js';
import { DEFAULT_NGRAM_SETTINGS, fitIdf, sparseFeatures, type NgramSettings } from '../features/hashedNgrams.js';
import { normaliseText } from '../features/normaliseText.js';
import { loadNamedTensors, saveNamedTensors } from '../head/fileWeightsIO.js';
import { DEFAULT_HEAD_SETTINGS, SoftmaxHead, type HeadSettings, type HeadShape } from '../head/softmaxHead.js';
import { modelVersion } from '../intents/intentModel.js';
import type { Encoder, SentimentAnalyzer, SentimentResult, TrainProgress, UpsetThresholds } from '../types.js';
import { stratifiedSplit } from '../util/random.js';
import { DEFAULT_UPSET_THRESHOLDS, NEUTRAL_BAND, sentimentFromPositive, sentimentFromProbabilities } from './sentimentLabels.js';

/**
 * Sentiment head on the same features as the intent classifier: 3 classes (negative / positive / neutral, see
 * sentimentLabels.ts for how results and binary scores are derived) or, for older artifacts, 2 classes with a
 * neutral band around P(positive) = 0.5.
 */
export { NEUTRAL_BAND, sentimentFromPositive, sentimentFromProbabilities } from './sentimentLabels.js';
export const SENTIMENT_MODEL_FORMAT = 'csbot-sentiment-model@1';

export function defaultSentimentModelDir(): string {
  return fileURLToPath(new URL('../models/sentiment/', import.meta.url));
}

interface SentimentMetadata {
  format: string;
  ngrams: NgramSettings;
  shape: HeadShape;
  hiddenUnits: number;
  encoderId: string;
  version: string;
  neutralBand: number;
  /** Calibrated after training (see calibrateUpsetThresholds); absent in older artifacts. */
  upsetThresholds?: UpsetThresholds;
}

export interface SentimentTrainOptions {
  encoder: Encoder;
  logger: Logger;
  seed: number;
  tfjsBackend?: TfjsBackendPreference;
  ngrams?: Partial<NgramSettings>;
  head?: Partial<HeadSettings>;
  onProgress?: (progress: TrainProgress) => void;
}

export class TrainedSentimentAnalyzer implements SentimentAnalyzer {
  private constructor(
    private readonly encoder: Encoder,
    private readonly head: SoftmaxHead,
    private readonly idf: Float32Array,
    private readonly metadata: SentimentMetadata,
  ) {}

  get id(): string {
    return `sentiment-head@${this.metadata.version}`;
  }

  get version(): string {
    return this.metadata.version;
  }

  get upsetThresholds(): UpsetThresholds {
    return this.metadata.upsetThresholds ?? DEFAULT_UPSET_THRESHOLDS;
  }

  /** Sets the calibrated thresholds (saved with the model). */
  calibrateUpset(thresholds: UpsetThresholds): void {
    this.metadata.upsetThresholds = thresholds;
  }

  /**
   * Trains on texts with labels 0 (negative) / 1 (positive) / 2 (neutral; a 3-class head when any is present);
   * 5% is held out for early stopping.
   */
  static async train(texts: readonly string[], labels: readonly number[], options: SentimentTrainOptions): Promise<TrainedSentimentAnalyzer> {
    if (texts.length !== labels.length || texts.length < 10) throw new ValidationError('sentiment training needs at least 10 labelled texts');
    if (labels.some((l) => l !== 0 && l !== 1 && l !== 2)) throw new ValidationError('sentiment labels must be 0 (negative), 1 (positive) or 2 (neutral)');
    const classes = labels.includes(2) ? 3 : 2;
    await initTfjs(options.tfjsBackend ?? 'auto', options.logger);
    const ngrams = { ...DEFAULT_NGRAM_SETTINGS, dims: 8192, ...options.ngrams };
    const settings = { ...DEFAULT_HEAD_SETTINGS, batchSize: 128, maxEpochs: 12, patience: 2, labelSmoothing: 0.05, ...options.head };
    const normalised = texts.map(normaliseText);
    const encoder = options.encoder instanceof CachingEncoder ? options.encoder : new CachingEncoder(options.encoder);
    const dense = [];
    for (let start = 0; start < normalised.length; start += 512) {
      dense.push(...(await encoder.embed(normalised.slice(start, start + 512))));
      options.onProgress?.({ stage: 'embedding', done: Math.min(start + 512, normalised.length), total: normalised.length });
    }
    const idf = fitIdf(normalised, ngrams);
    const rows = { dense, sparse: normalised.map((t) => sparseFeatures(t, ngrams, idf)) };
    const labelIds = Int32Array.from(labels);
    const split = stratifiedSplit(labels.map(String), 0.05, options.seed);
    const shape = { denseDims: options.encoder.dimensions, sparseDims: ngrams.dims, classes };
    const result = await SoftmaxHead.train({
      rows,
      labels: labelIds,
      trainIndices: split.first,
      validationIndices: split.second,
      shape,
      settings,
      seed: options.seed,
      onEpoch: (done, total, loss) => options.onProgress?.({ stage: 'training', done, total, loss }),
    });
    const version = modelVersion({ n: texts.length, seed: options.seed, ngrams, settings, encoder: options.encoder.id });
    options.logger.info({ version, epochs: result.bestEpoch, validationAccuracy: result.validationAccuracy }, 'sentiment head trained');
    return new TrainedSentimentAnalyzer(options.encoder, result.head, idf, {
      format: SENTIMENT_MODEL_FORMAT,
      ngrams,
      shape,
      hiddenUnits: result.head.hiddenUnits,
      encoderId: options.encoder.id,
      version,
      neutralBand: NEUTRAL_BAND,
    });
  }

  static async load(dir: string, encoder: Encoder, logger: Logger, tfjsBackend: TfjsBackendPreference = 'auto'): Promise<TrainedSentimentAnalyzer> {
    await initTfjs(tfjsBackend, logger);
    const { tensors, metadata } = await loadNamedTensors(dir);
    const meta = metadata as Partial<SentimentMetadata>;
    const { idf, ...headTensors } = tensors;
    if (meta.format !== SENTIMENT_MODEL_FORMAT || meta.shape === undefined || meta.ngrams === undefined || idf === undefined) {
      tf.dispose(Object.values(tensors));
      throw new DataFileError(dir, 'metadata', `not a sentiment model (format '${String(meta.format)}')`);
    }
    if (meta.encoderId !== encoder.id) {
      tf.dispose(Object.values(tensors));
      throw new AppError('MODEL_LOAD_FAILED', `sentiment model in ${dir} was trained with encoder '${String(meta.encoderId)}', but the configured encoder is '${encoder.id}': set NLU_SENTIMENT_MODEL, or train one into <DATA_DIR>/models/sentiment (npm run nlu -- train --task sentiment --train FILE --out DIR)`, {
        details: { dir, modelEncoder: meta.encoderId, configuredEncoder: encoder.id },
      });
    }
    const idfValues = idf.dataSync().slice() as Float32Array;
    const head = SoftmaxHead.fromTensors(meta.shape, meta.hiddenUnits ?? 0, headTensors);
    tf.dispose(Object.values(tensors));
    logger.info({ dir, version: meta.version }, 'sentiment model loaded');
    return new TrainedSentimentAnalyzer(encoder, head, idfValues, {
      format: meta.format,
      ngrams: meta.ngrams,
      shape: meta.shape,
      hiddenUnits: meta.hiddenUnits ?? 0,
      encoderId: meta.encoderId,
      version: meta.version ?? 'unknown',
      neutralBand: meta.neutralBand ?? NEUTRAL_BAND,
      upsetThresholds: meta.upsetThresholds,
    });
  }

  async save(dir: string, extraMetadata: Record<string, string | number> = {}): Promise<void> {
    const idf = tf.tensor1d(this.idf);
    try {
      await saveNamedTensors(dir, { ...this.head.toTensors(), idf }, { ...this.metadata, ...extraMetadata });
    } finally {
      idf.dispose();
    }
  }

  async analyze(texts: readonly string[]): Promise<SentimentResult[]> {
    const normalised = texts.map(normaliseText);
    const nonEmpty = normalised.filter((t) => t !== '');
    const vectors = nonEmpty.length > 0 ? await this.encoder.embed(nonEmpty) : [];
    let next = 0;
    return this.analyzeEmbedded(texts, normalised.map((t) => (t === '' ? undefined : vectors[next++])));
  }

  /** Sentiment of texts whose embeddings are already known; an empty text is neutral (P(positive) 0.5). */
  analyzeEmbedded(texts: readonly string[], embeddings: readonly (Float32Array | undefined)[]): SentimentResult[] {
    const dense: Float32Array[] = [];
    const sparse: ReturnType<typeof sparseFeatures>[] = [];
    const positions: number[] = [];
    texts.forEach((text, i) => {
      const normalised = normaliseText(text);
      const embedding = embeddings[i];
      if (normalised === '' || embedding === undefined) return;
      dense.push(embedding);
      sparse.push(sparseFeatures(normalised, this.metadata.ngrams, this.idf));
      positions.push(i);
    });
    const results: SentimentResult[] = texts.map(() => (this.metadata.shape.classes === 3 ? sentimentFromProbabilities([0, 0, 1]) : sentimentFromPositive(0.5, this.metadata.neutralBand)));
    if (positions.length > 0) {
      this.head.predict({ dense, sparse }).forEach((p, r) => {
        results[positions[r] ?? 0] = this.metadata.shape.classes === 3 ? sentimentFromProbabilities(p) : sentimentFromPositive(p[1] ?? 0.5, this.metadata.neutralBand);
      });
    }
    return results;
  }

  dispose(): void {
    this.head.dispose();
  }
}
