import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { ConfigError } from '../../../core/errors.js';
import {
  TransformersEncoder,
  isLocalModelPath,
  transformersEncoderSettings,
  vectorsFromFeatureTensor,
} from '../../../nlu/encoder/transformersEncoder.js';
import { exportUseLiteForTransformers } from '../../../nlu/encoder/exportUseLite.js';
import { describeEncoderContract, expectUnitFiniteVector, maxAbsDifference } from './encoderContract.js';

const nothingExists = (): boolean => false;

describe('transformersEncoderSettings (config → transformers.js options)', () => {
  it('maps a Hub id to remote loading cached under <dataDir>/models', () => {
    const s = transformersEncoderSettings({ encoderModel: 'Xenova/all-MiniLM-L6-v2', pooling: 'mean', dtype: 'q8' }, '/srv/data', nothingExists);
    expect(s).toMatchObject({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      allowRemoteModels: true,
      localOnly: false,
      cacheDir: path.resolve('/srv/data/models'),
      pooling: 'mean',
      dtype: 'q8',
      id: 'transformers:Xenova/all-MiniLM-L6-v2:mean:q8',
    });
    expect(s.localModelPath).toBe(path.resolve('/srv/data/models') + path.sep);
  });

  it('maps a local folder to offline loading from its parent folder', () => {
    const s = transformersEncoderSettings({ encoderModel: '/opt/models/my-encoder', pooling: 'cls', dtype: 'fp32' }, './.data', nothingExists);
    expect(s).toMatchObject({ modelId: 'my-encoder', allowRemoteModels: false, localOnly: true, id: 'transformers:/opt/models/my-encoder:cls:fp32' });
    expect(s.localModelPath).toBe(path.resolve('/opt/models') + path.sep);
  });

  it('recognises relative and existing paths as local', () => {
    expect(isLocalModelPath('./models/x', nothingExists)).toBe(true);
    expect(isLocalModelPath('../x', nothingExists)).toBe(true);
    expect(isLocalModelPath('org/name', nothingExists)).toBe(false);
    expect(isLocalModelPath('org/name', () => true)).toBe(true);
  });

  it('requires a model', () => {
    expect(() => transformersEncoderSettings({ encoderModel: undefined, pooling: 'mean', dtype: 'fp32' }, '.', nothingExists)).toThrow(ConfigError);
  });
});

describe('vectorsFromFeatureTensor', () => {
  it('normalises already pooled rows', () => {
    const [a, b] = vectorsFromFeatureTensor({ dims: [2, 2], data: [3, 4, 0, 2] }, 2, 'mean');
    expect(Array.from(a)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Array.from(b)).toEqual([0, 1]);
  });

  it('pools token rows by mean or first token', () => {
    const tokens = { dims: [1, 2, 2], data: [1, 0, 0, 1] };
    const [mean] = vectorsFromFeatureTensor(tokens, 1, 'mean');
    expect(mean[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(mean[1]).toBeCloseTo(Math.SQRT1_2, 6);
    const [cls] = vectorsFromFeatureTensor(tokens, 1, 'cls');
    expect(Array.from(cls)).toEqual([1, 0]);
  });

  it('refuses token-level output with pooling none, a row-count mismatch, and zero vectors', () => {
    expect(() => vectorsFromFeatureTensor({ dims: [1, 2, 2], data: [1, 0, 0, 1] }, 1, 'none')).toThrow(expect.objectContaining({ code: 'ENCODER_FAILED' }));
    expect(() => vectorsFromFeatureTensor({ dims: [2, 2], data: [1, 0, 0, 1] }, 3, 'mean')).toThrow(expect.objectContaining({ code: 'ENCODER_FAILED' }));
    expect(() => vectorsFromFeatureTensor({ dims: [1, 2], data: [0, 0] }, 1, 'mean')).toThrow(expect.objectContaining({ code: 'ENCODER_FAILED' }));
  });
});

// There is no Hub access here: the contract runs on a local folder. By default that folder is USE-lite exported to
// ONNX + tokenizer.json (exportUseLite.ts), so transformers.js really runs; NLU_TEST_TRANSFORMERS_MODEL (a local
// model folder, with NLU_TEST_TRANSFORMERS_POOLING, default mean) tests another model instead.
const externalModel = process.env.NLU_TEST_TRANSFORMERS_MODEL?.trim() || undefined;
const externalPooling = (process.env.NLU_TEST_TRANSFORMERS_POOLING ?? 'mean') as 'mean' | 'cls' | 'none';
const GOLDEN_FILE = '../shared/data/use-lite-golden/embeddings.json';
const hasGolden = existsSync(GOLDEN_FILE);
if (externalModel === undefined) console.warn('[info] transformers.js contract runs on the USE-lite ONNX export (set NLU_TEST_TRANSFORMERS_MODEL to test another local model)');
if (!hasGolden) console.warn(`[skip] transformers.js USE-lite export golden parity: ${GOLDEN_FILE} not found`);

describe('TransformersEncoder on a local model folder', () => {
  let exportDir: string | undefined;
  let shared: Promise<TransformersEncoder> | undefined;
  const modelConfig = (dir: string) => ({ encoderModel: dir, pooling: externalModel === undefined ? ('cls' as const) : externalPooling, dtype: 'fp32' as const });
  const loadOnce = (): Promise<TransformersEncoder> => {
    shared ??= (async () => {
      let dir = externalModel;
      if (dir === undefined) {
        exportDir = await mkdtemp(path.join(tmpdir(), 'csbot-use-lite-'));
        await exportUseLiteForTransformers(exportDir, { logger: silentLogger() });
        dir = exportDir;
      }
      return TransformersEncoder.load(modelConfig(dir), { logger: silentLogger(), dataDir: path.join(tmpdir(), 'csbot-test-data') });
    })();
    return shared;
  };
  afterAll(async () => {
    if (shared !== undefined) await (await shared).dispose();
    if (exportDir !== undefined) await rm(exportDir, { recursive: true, force: true });
  });

  it('loads offline and reports its id', async () => {
    const encoder = await loadOnce();
    const config = modelConfig(externalModel ?? exportDir ?? '');
    expect(encoder.id).toBe(`transformers:${config.encoderModel}:${config.pooling}:fp32`);
    const [vector] = await encoder.embed(['hello']);
    expectUnitFiniteVector(vector, encoder.dimensions);
  });

  describeEncoderContract('transformers.js (local folder)', loadOnce);

  it.skipIf(externalModel !== undefined || !hasGolden)('runs the USE-lite export with golden parity (1e-4) through transformers.js', async () => {
    const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as { sentences: Array<{ text: string; embedding: number[] }> };
    const encoder = await loadOnce();
    expect(encoder.dimensions).toBe(512);
    const vectors = await encoder.embed(golden.sentences.map((s) => s.text));
    golden.sentences.forEach((sentence, i) => expect(maxAbsDifference(vectors[i], sentence.embedding), sentence.text.slice(0, 30)).toBeLessThan(1e-4));
  });
});
