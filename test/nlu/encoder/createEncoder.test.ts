import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { ConfigError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import { createEncoder } from '../../../nlu/encoder/createEncoder.js';
import { LruCachedEncoder } from '../../../nlu/encoder/lruCachedEncoder.js';

describe('createEncoder', () => {
  it('builds USE-lite by default, behind an LRU cache', async () => {
    const config = loadConfig({});
    const encoder = await createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger: silentLogger() });
    try {
      expect(encoder).toBeInstanceOf(LruCachedEncoder);
      expect(encoder.id).toBe('use-lite@0.2.0');
      expect(encoder.dimensions).toBe(512);
      const [vector] = await encoder.embed(['where is my parcel']);
      expect(vector).toHaveLength(512);
    } finally {
      await encoder.dispose();
    }
  });

  it('fails with a ConfigError when the transformers encoder has no model', async () => {
    const nlu = { ...loadConfig({}).nlu, encoder: 'transformers' as const, encoderModel: undefined };
    await expect(createEncoder(nlu, { dataDir: '.data', logger: silentLogger(), cacheSize: 0 })).rejects.toBeInstanceOf(ConfigError);
  });

  it('fails with MODEL_LOAD_FAILED for a local model folder that does not exist', async () => {
    const nlu = { ...loadConfig({}).nlu, encoder: 'transformers' as const, encoderModel: './no/such/model-folder' };
    await expect(createEncoder(nlu, { dataDir: '.data', logger: silentLogger() })).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });
});
