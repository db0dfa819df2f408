import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { ModelIntegrityError } from '../../core/errors.js';
import { INTEGRITY_FILE, readSealedFiles, sealFiles } from '../../core/integrity/modelIntegrity.js';
import { WEIGHTS_BIN } from '../../nlu/head/fileWeightsIO.js';
import { createNluService, intentModelDir } from '../../nlu/nluService.js';
import { TrainedSentimentAnalyzer } from '../../nlu/sentiment/trainedSentiment.js';
import { createRecommenderService } from '../../recommender/recommenderService.js';
import { FakeEncoder } from '../nlu/fakeEncoder.js';
import { BagOfWordsEncoder } from '../recommender/service/bagOfWordsEncoder.js';
import { openShopStore, testConfig } from '../recommender/service/serviceFixture.js';
import { capturingLogger } from './support/capturingLogger.js';

/** Overwrites a file with random bytes of the same size: the tampering a size check alone cannot see. */
async function scramble(file: string): Promise<void> {
  const { size } = await stat(file);
  await writeFile(file, randomBytes(size));
}

const POSITIVE = ['great service, thank you', 'I love it', 'wonderful and fast', 'excellent, very happy', 'amazing help', 'so good, perfect'];
const NEGATIVE = ['terrible service', 'I hate this', 'awful and slow', 'very bad, angry', 'horrible, useless help', 'worst order ever'];

describe('checksum manifests (core/integrity)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'integrity-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the sealed bytes, and refuses a missing manifest, an altered, truncated or unlisted file, or another layout', async () => {
    await writeFile(path.join(dir, 'a.bin'), randomBytes(64));
    await writeFile(path.join(dir, 'b.json'), '{"ok":true}');
    await sealFiles(dir, ['a.bin', 'b.json'], 'test@1');
    const sealed = await readSealedFiles(dir, 'test@1');
    expect(sealed.file('b.json').toString()).toBe('{"ok":true}');
    expect(() => sealed.file('c.bin')).toThrow(ModelIntegrityError);
    await expect(readSealedFiles(dir, 'other@1')).rejects.toBeInstanceOf(ModelIntegrityError);

    await scramble(path.join(dir, 'a.bin'));
    await expect(readSealedFiles(dir, 'test@1')).rejects.toThrow(/a\.bin does not match its SHA-256/);
    await writeFile(path.join(dir, 'a.bin'), randomBytes(10));
    await expect(readSealedFiles(dir, 'test@1')).rejects.toThrow(/a\.bin has 10 bytes/);
    await rm(path.join(dir, INTEGRITY_FILE));
    await expect(readSealedFiles(dir, 'test@1')).rejects.toMatchObject({ code: 'MODEL_INTEGRITY' });
    await expect(sealFiles(dir, ['../escape'], 'test@1')).rejects.toBeInstanceOf(ModelIntegrityError);
  });
});

describe('tampered NLU models', () => {
  let dir: string;
  const encoder = new FakeEncoder();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'integrity-nlu-'));
    await copyFile(path.resolve('test/fixtures/nlu/intents.yml'), path.join(dir, 'intents.yml'));
    const { logger } = capturingLogger();
    const sentiment = await TrainedSentimentAnalyzer.train([...POSITIVE, ...NEGATIVE], [...POSITIVE.map(() => 1), ...NEGATIVE.map(() => 0)], {
      encoder,
      logger,
      seed: 1,
      ngrams: { dims: 512 },
      head: { maxEpochs: 20, patience: 20 },
    });
    await sentiment.save(path.join(dir, 'models', 'sentiment'));
    sentiment.dispose();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('retrains the intent model at start when weights.bin was replaced by random bytes of the same size', async () => {
    const config = loadConfig({ DATA_DIR: dir, NLU_INTENTS_FILE: path.join(dir, 'intents.yml'), LOG_LEVEL: 'silent', NLU_SEED: '3' });
    await createNluService({ config, logger: capturingLogger().logger, encoder });
    const weights = path.join(intentModelDir(config), WEIGHTS_BIN);
    await scramble(weights);
    const tampered = await readFile(weights);

    const { logger, lines } = capturingLogger();
    const second = await createNluService({ config, logger, encoder });
    const warning = lines().find((l) => l.msg === 'saved intent model could not be loaded; retraining');
    expect(warning?.err).toMatchObject({ code: 'MODEL_INTEGRITY', message: expect.stringContaining('weights.bin does not match') });
    expect((await readFile(weights)).equals(tampered)).toBe(false);
    expect((await second.understand('where is my order')).intent.intent).toBe('track_order');
  });

  it('refuses a tampered sentiment model with ModelIntegrityError, and one saved without a manifest', async () => {
    const modelDir = path.join(dir, 'models', 'sentiment');
    const { logger } = capturingLogger();
    const intact = await TrainedSentimentAnalyzer.load(modelDir, encoder, logger);
    const copy = path.join(dir, 'sentiment-copy');
    await intact.save(copy);
    intact.dispose();
    await scramble(path.join(copy, WEIGHTS_BIN));
    await expect(TrainedSentimentAnalyzer.load(copy, encoder, logger)).rejects.toBeInstanceOf(ModelIntegrityError);
    await rm(path.join(modelDir, INTEGRITY_FILE));
    await expect(TrainedSentimentAnalyzer.load(modelDir, encoder, logger)).rejects.toThrow(/checksum manifest integrity\.json is missing/);
  });
});

describe('tampered recommender files', () => {
  it('retrains instead of serving a CF model whose array file was scrambled, and re-embeds scrambled product vectors', async () => {
    const store = await openShopStore({ withInteractions: true });
    const config = await testConfig('itemknn');
    try {
      const encoder = new BagOfWordsEncoder();
      const first = await createRecommenderService({ config, store, encoder, logger: capturingLogger().logger });
      const expected = await first.recommendForCustomer('c1', { n: 3 });
      const root = path.join(config.storage.dataDir, 'models', 'recommender');
      const { version } = JSON.parse(await readFile(path.join(root, 'current.json'), 'utf8')) as { version: string };
      const arrays = (await readdir(path.join(root, version))).filter((f) => f.endsWith('.f32'));
      expect(arrays.length).toBeGreaterThan(0);
      for (const file of arrays) await scramble(path.join(root, version, file));
      const vectorDir = path.join(config.storage.dataDir, 'models', 'content');
      const [encoderDir] = await readdir(vectorDir);
      await scramble(path.join(vectorDir, encoderDir ?? '', 'vectors.f32'));

      const { logger, lines } = capturingLogger();
      const second = await createRecommenderService({ config, store, encoder, logger });
      const model = lines().find((l) => l.msg === 'saved recommender model unreadable: retraining');
      expect(model?.err).toMatchObject({ code: 'MODEL_INTEGRITY' });
      const vectors = lines().find((l) => l.msg === 'product vector cache unreadable: re-embedding');
      expect(vectors?.err).toMatchObject({ code: 'MODEL_INTEGRITY' });
      expect(lines().some((l) => l.msg === 'recommender model swapped in')).toBe(true);
      expect(await second.recommendForCustomer('c1', { n: 3 })).toEqual(expected);
    } finally {
      await store.close();
      await rm(config.storage.dataDir, { recursive: true, force: true });
    }
  });
});
