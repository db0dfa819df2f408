import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError, ConfigError } from '../../core/errors.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../types.js';
import { normaliseForEncoder } from './useLiteTokenizer.js';
import { l2NormaliseInPlace, poolTokens, type Pooling } from './vectorMath.js';

/**
 * Any transformers.js feature-extraction model (a Hub id, or a local folder with config.json, tokenizer.json and
 * onnx/model*.onnx) behind the Encoder port. Pooling and dtype come from configuration; outputs are L2-normalised.
 * Remote downloads are allowed only for a Hub id (cached under <dataDir>/models); a local folder never touches the
 * network. @huggingface/transformers is imported only when this encoder is created.
 */

export type TransformersDtype = Config['nlu']['dtype'];

export interface TransformersEncoderSettings {
  /** What the pipeline is asked to load: the folder name (local) or the Hub id. */
  modelId: string;
  /** Folder transformers.js resolves `modelId` against. */
  localModelPath: string;
  allowRemoteModels: boolean;
  /** Download cache (Hub ids only). */
  cacheDir: string;
  localOnly: boolean;
  pooling: Pooling;
  dtype: TransformersDtype;
  /** `transformers:<model>:<pooling>:<dtype>` */
  id: string;
}

/** A value is a local folder when it is absolute, starts with ./ or ../, or names an existing path. */
export function isLocalModelPath(model: string, exists: (file: string) => boolean = existsSync): boolean {
  return path.isAbsolute(model) || /^\.\.?[\\/]/.test(model) || exists(path.resolve(model));
}

/** Maps NLU configuration to transformers.js settings. Pure apart from the `exists` check. */
export function transformersEncoderSettings(
  config: Pick<Config['nlu'], 'encoderModel' | 'pooling' | 'dtype'>,
  dataDir: string,
  exists: (file: string) => boolean = existsSync,
): TransformersEncoderSettings {
  const model = config.encoderModel?.trim();
  if (model === undefined || model === '') {
    throw new ConfigError('Invalid configuration: NLU_ENCODER_MODEL: required when NLU_ENCODER=transformers');
  }
  const modelsDir = path.resolve(dataDir, 'models');
  const id = `transformers:${model}:${config.pooling}:${config.dtype}`;
  if (isLocalModelPath(model, exists)) {
    const folder = path.resolve(model);
    return {
      modelId: path.basename(folder),
      localModelPath: path.dirname(folder) + path.sep,
      allowRemoteModels: false,
      cacheDir: modelsDir,
      localOnly: true,
      pooling: config.pooling,
      dtype: config.dtype,
      id,
    };
  }
  return {
    modelId: model,
    localModelPath: modelsDir + path.sep,
    allowRemoteModels: true,
    cacheDir: modelsDir,
    localOnly: false,
    pooling: config.pooling,
    dtype: config.dtype,
    id,
  };
}

interface FeatureTensor {
  dims: number[];
  data: ArrayLike<number>;
  dispose?: () => void;
}

type Extractor = ((texts: string[], options: { pooling: Pooling; normalize: boolean }) => Promise<FeatureTensor>) & {
  dispose(): Promise<void>;
};

/** Turns the pipeline's output tensor into one normalised vector per text. */
export function vectorsFromFeatureTensor(tensor: FeatureTensor, rows: number, pooling: Pooling): Float32Array[] {
  const { dims, data } = tensor;
  if (dims[0] !== rows || (dims.length !== 2 && dims.length !== 3)) {
    throw new AppError('ENCODER_FAILED', `Feature extraction returned dims [${dims.join(', ')}] for ${rows} texts`);
  }
  const hidden = dims[dims.length - 1];
  const sequenceLength = dims.length === 3 ? dims[1] : 1;
  if (pooling === 'none' && sequenceLength !== 1) {
    throw new AppError(
      'ENCODER_FAILED',
      `NLU_ENCODER_POOLING=none needs a model that outputs one vector per text; this one outputs ${sequenceLength} tokens: use mean or cls`,
    );
  }
  const perRow = sequenceLength * hidden;
  const vectors: Float32Array[] = [];
  for (let row = 0; row < rows; row++) {
    const slice = Array.prototype.slice.call(data, row * perRow, (row + 1) * perRow) as number[];
    const vector = poolTokens(slice, sequenceLength, hidden, sequenceLength === 1 ? 'none' : pooling);
    if (!l2NormaliseInPlace(vector)) throw new AppError('ENCODER_FAILED', 'Feature extraction produced a zero or non-finite vector', { details: { row } });
    vectors.push(vector);
  }
  return vectors;
}

export interface TransformersEncoderOptions {
  logger: Logger;
  dataDir: string;
  /** Rows per pipeline call. Default 32. */
  maxBatchRows?: number;
}

export class TransformersEncoder implements Encoder {
  readonly id: string;
  private disposed = false;

  private constructor(
    private readonly extractor: Extractor,
    private readonly settings: TransformersEncoderSettings,
    readonly dimensions: number,
    private readonly maxBatchRows: number,
  ) {
    this.id = settings.id;
  }

  static async load(config: Pick<Config['nlu'], 'encoderModel' | 'pooling' | 'dtype'>, options: TransformersEncoderOptions): Promise<TransformersEncoder> {
    const settings = transformersEncoderSettings(config, options.dataDir);
    const started = performance.now();
    const transformers = await import('@huggingface/transformers');
    transformers.env.allowRemoteModels = settings.allowRemoteModels;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = settings.localModelPath;
    transformers.env.cacheDir = settings.cacheDir;
    let extractor: Extractor;
    try {
      const pipe = await transformers.pipeline('feature-extraction', settings.modelId, {
        dtype: settings.dtype,
        device: 'cpu',
        local_files_only: settings.localOnly,
        cache_dir: settings.cacheDir,
      });
      extractor = pipe as unknown as Extractor;
    } catch (error) {
      throw new AppError('MODEL_LOAD_FAILED', `Cannot load transformers model '${config.encoderModel ?? ''}' (${settings.localOnly ? 'local folder' : 'Hub id'})`, {
        cause: error,
        details: { model: config.encoderModel, localModelPath: settings.localModelPath, dtype: settings.dtype },
      });
    }
    const probe = await extractor(['hello world'], { pooling: settings.pooling, normalize: false });
    const dimensions = vectorsFromFeatureTensor(probe, 1, settings.pooling)[0].length;
    const encoder = new TransformersEncoder(extractor, settings, dimensions, options.maxBatchRows ?? 32);
    options.logger.info(
      { encoder: settings.id, dimensions, local: settings.localOnly, remote: settings.allowRemoteModels, ms: Math.round(performance.now() - started) },
      `Encoder ${settings.id} ready (transformers.js, onnxruntime cpu)`,
    );
    return encoder;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new AppError('ENCODER_FAILED', `${this.id} encoder was disposed`);
    if (texts.length === 0) return [];
    const cleaned = texts.map((text) => normaliseForEncoder(text));
    const out: Float32Array[] = [];
    for (let start = 0; start < cleaned.length; start += this.maxBatchRows) {
      const chunk = cleaned.slice(start, start + this.maxBatchRows);
      let tensor: FeatureTensor;
      try {
        tensor = await this.extractor(chunk, { pooling: this.settings.pooling, normalize: false });
      } catch (error) {
        throw new AppError('ENCODER_FAILED', `${this.id} feature extraction failed`, { cause: error });
      }
      out.push(...vectorsFromFeatureTensor(tensor, chunk.length, this.settings.pooling));
      tensor.dispose?.();
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.extractor.dispose();
  }
}
