import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, DataFileError } from '../../core/errors.js';
import { tf } from '../../core/tfjs.js';
import type { NgramSettings } from '../features/hashedNgrams.js';
import { loadNamedTensors, saveNamedTensors } from '../head/fileWeightsIO.js';
import { SoftmaxHead, type HeadShape } from '../head/softmaxHead.js';

/** Everything a trained intent classifier needs to answer; replaced as a whole, never mutated. */
export interface IntentModel {
  labels: string[];
  head: SoftmaxHead;
  idf: Float32Array;
  ngrams: NgramSettings;
  threshold: number;
  encoderId: string;
  version: string;
  trainedAt: string;
  /** Training texts, their intents and their (L2-normalised) embeddings, row-major, for nearest-example lookups. */
  exampleTexts: string[];
  exampleIntents: string[];
  exampleEmbeddings: Float32Array;
}

export const INTENT_MODEL_FORMAT = 'csbot-intent-model@1';

interface IntentModelMetadata {
  format: string;
  labels: string[];
  ngrams: NgramSettings;
  shape: HeadShape;
  hiddenUnits: number;
  threshold: number;
  encoderId: string;
  version: string;
  trainedAt: string;
  exampleTexts: string[];
  exampleIntents: string[];
}

/**
 * `<UTC timestamp to the millisecond>-<12 hex of a content hash>`: sorts by time and changes whenever data or
 * settings change, or on a retrain of the same data.
 */
export function modelVersion(content: unknown, date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '');
  return `${stamp}-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12)}`;
}

/** Writes the model next to `dir` and then renames it into place, so readers never see half a model. */
export async function saveIntentModel(model: IntentModel, dir: string): Promise<void> {
  const metadata: IntentModelMetadata = {
    format: INTENT_MODEL_FORMAT,
    labels: model.labels,
    ngrams: model.ngrams,
    shape: model.head.shape,
    hiddenUnits: model.head.hiddenUnits,
    threshold: model.threshold,
    encoderId: model.encoderId,
    version: model.version,
    trainedAt: model.trainedAt,
    exampleTexts: model.exampleTexts,
    exampleIntents: model.exampleIntents,
  };
  const staging = `${dir}.staging-${process.pid}-${Date.now()}`;
  const idf = tf.tensor1d(model.idf);
  const embeddings = tf.tensor2d(model.exampleEmbeddings, [model.exampleTexts.length, model.head.shape.denseDims]);
  try {
    await mkdir(path.dirname(path.resolve(dir)), { recursive: true });
    await saveNamedTensors(staging, { ...model.head.toTensors(), idf, embeddings }, { ...metadata });
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } finally {
    idf.dispose();
    embeddings.dispose();
    await rm(staging, { recursive: true, force: true });
  }
}

export async function loadIntentModel(dir: string, expectedEncoderId: string): Promise<IntentModel> {
  const { tensors, metadata } = await loadNamedTensors(dir);
  const meta = metadata as Partial<IntentModelMetadata>;
  const dispose = (): void => Object.values(tensors).forEach((t) => t.dispose());
  if (meta.format !== INTENT_MODEL_FORMAT || meta.labels === undefined || meta.shape === undefined || meta.ngrams === undefined) {
    dispose();
    throw new DataFileError(dir, 'metadata', `not an intent model (format '${String(meta.format)}')`);
  }
  if (meta.encoderId !== expectedEncoderId) {
    dispose();
    throw new AppError('MODEL_LOAD_FAILED', `intent model in ${dir} was trained with encoder '${String(meta.encoderId)}', but the configured encoder is '${expectedEncoderId}': retrain it`, {
      details: { dir, modelEncoder: meta.encoderId, configuredEncoder: expectedEncoderId },
    });
  }
  const { idf, embeddings, ...headTensors } = tensors;
  if (idf === undefined || embeddings === undefined) {
    dispose();
    throw new DataFileError(dir, 'weights', 'idf or example embeddings are missing');
  }
  const model: IntentModel = {
    labels: meta.labels,
    head: SoftmaxHead.fromTensors(meta.shape, meta.hiddenUnits ?? 0, headTensors),
    idf: idf.dataSync().slice() as Float32Array,
    ngrams: meta.ngrams,
    threshold: meta.threshold ?? 0,
    encoderId: meta.encoderId,
    version: meta.version ?? 'unknown',
    trainedAt: meta.trainedAt ?? 'unknown',
    exampleTexts: meta.exampleTexts ?? [],
    exampleIntents: meta.exampleIntents ?? [],
    exampleEmbeddings: embeddings.dataSync().slice() as Float32Array,
  };
  dispose();
  return model;
}
