import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { createNluService } from '../../nlu/nluService.js';
import { TrainedSentimentAnalyzer } from '../../nlu/sentiment/trainedSentiment.js';
import { FakeEncoder } from './fakeEncoder.js';

const POSITIVE = ['great service, thank you', 'I love it', 'wonderful and fast', 'excellent, very happy', 'amazing help, brilliant', 'so good, perfect'];
const NEGATIVE = ['terrible service', 'I hate this', 'awful and slow', 'very bad, angry', 'horrible, useless help', 'worst order ever'];

describe('createNluService', () => {
  let dir: string;
  let config: Config;
  let intentsFile: string;
  const encoder = new FakeEncoder();
  const logger = silentLogger();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nlu-service-'));
    intentsFile = path.join(dir, 'intents.yml');
    await copyFile(path.resolve('test/fixtures/nlu/intents.yml'), intentsFile);
    config = loadConfig({ DATA_DIR: dir, NLU_INTENTS_FILE: intentsFile, LOG_LEVEL: 'silent', NLU_SEED: '3' });
    // A sentiment artifact for the fake encoder under dataDir takes precedence over the shipped (USE-lite) one.
    const texts = [...POSITIVE, ...NEGATIVE];
    const sentiment = await TrainedSentimentAnalyzer.train(texts, [...POSITIVE.map(() => 1), ...NEGATIVE.map(() => 0)], {
      encoder,
      logger,
      seed: 1,
      ngrams: { dims: 512 },
      head: { maxEpochs: 40, patience: 40 },
    });
    await sentiment.save(path.join(dir, 'models', 'sentiment'));
    sentiment.dispose();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains on first start, then understands a message with ONE encoder call for intent and sentiment', async () => {
    const nlu = await createNluService({ config, logger, encoder });
    expect(nlu.modelVersion).toMatch(/^\d{8}T/);
    const calls = encoder.calls;
    const result = await nlu.understand('where is my order');
    expect(encoder.calls).toBe(calls + 1);
    expect(result.intent.intent).toBe('track_order');
    expect(result.intent.modelVersion).toBe(nlu.modelVersion);
    expect(['negative', 'neutral', 'positive']).toContain(result.sentiment.label);
    expect(result.intent.nearest).toEqual([]);
    expect(result.language).toMatchObject({ code: 'en', unsupported: false });
    const empty = await nlu.understand('   ');
    expect(empty.intent.outOfScope).toBe(true);
    expect(empty.sentiment.label).toBe('neutral');
    expect(empty.sentiment.upset).toBe(false);
  });

  it('flags a message in another language and decides upset with the turn context', async () => {
    const nlu = await createNluService({ config, logger, encoder });
    const french = await nlu.understand("Bonjour, je n'ai toujours pas reçu ma commande, que se passe-t-il ?");
    expect(french.language).toMatchObject({ code: 'fr', reliable: true, unsupported: true });
    const angry = await nlu.understand('terrible service, I hate this');
    const negative = angry.sentiment.negative ?? 0;
    expect(angry.sentiment.upset).toBe(negative >= 0.6);
    const answer = await nlu.understand('terrible service, I hate this', { botAskedQuestion: true });
    expect(answer.sentiment.upset).toBe(negative >= 0.8);
  });

  it('loads the saved model on the next start when the intents file is unchanged', async () => {
    const first = await createNluService({ config, logger, encoder });
    const embeddedBefore = encoder.embeddedTexts;
    const second = await createNluService({ config, logger, encoder });
    expect(encoder.embeddedTexts).toBe(embeddedBefore);
    expect(second.modelVersion).toBe(first.modelVersion);
  });

  it('retrain swaps in a new version; a failed retrain keeps the old model serving', async () => {
    const nlu = await createNluService({ config, logger, encoder });
    const before = nlu.modelVersion;
    const report = await nlu.retrain();
    expect(report.modelVersion).not.toBe(before);
    expect(nlu.modelVersion).toBe(report.modelVersion);

    const serving = nlu.modelVersion;
    await writeFile(intentsFile, 'version: 1\nintents:\n  - name: broken\n    examples: []\n');
    await expect(nlu.retrain()).rejects.toMatchObject({ code: 'DATA_FILE_INVALID' });
    expect(nlu.modelVersion).toBe(serving);
    const stillServing = await nlu.understand('I want my money back');
    expect(stillServing.intent.intent).toBe('get_refund');
    await copyFile(path.resolve('test/fixtures/nlu/intents.yml'), intentsFile);
  });
});
