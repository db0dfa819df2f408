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
import { describeEncoderContract, expectUnitFiniteVector } from './encoderContract.js';

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

// A real model runs only when a local folder is provided (there is no Hub access here).
const localModel = process.env.NLU_TEST_TRANSFORMERS_MODEL;
if (localModel === undefined || localModel === '') {
  console.warn('[skip] transformers.js encoder contract: set NLU_TEST_TRANSFORMERS_MODEL to a local model folder to run it');
}

describe.skipIf(localModel === undefined || localModel === '')('TransformersEncoder with a local model', () => {
  let shared: Promise<TransformersEncoder> | undefined;
  const loadOnce = (): Promise<TransformersEncoder> => {
    shared ??= TransformersEncoder.load(
      { encoderModel: localModel, pooling: 'mean', dtype: 'fp32' },
      { logger: silentLogger(), dataDir: './.data' },
    );
    return shared;
  };
  afterAll(async () => {
    if (shared !== undefined) await (await shared).dispose();
  });

  it('loads offline and reports its id', async () => {
    const encoder = await loadOnce();
    expect(encoder.id).toBe(`transformers:${localModel ?? ''}:mean:fp32`);
    const [vector] = await encoder.embed(['hello']);
    expectUnitFiniteVector(vector, encoder.dimensions);
  });

  describeEncoderContract('transformers (local model)', loadOnce);
});
