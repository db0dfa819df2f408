import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { defaultIntentsFile, loadIntentsFile, testExamples, trainingExamples } from '../../nlu/data/intentsFile.js';
import { UseLiteEncoder } from '../../nlu/encoder/useLiteEncoder.js';
import { readDataset } from '../../nlu/eval/datasets.js';
import { HybridIntentClassifier } from '../../nlu/intents/hybridIntentClassifier.js';
import { defaultSentimentModelDir, TrainedSentimentAnalyzer } from '../../nlu/sentiment/trainedSentiment.js';

/**
 * Quality gates with the real offline encoder (USE-lite): thresholds on held-out data, never exact numbers.
 * The SST-2 slice needs ../shared/data; it is skipped, with a message, where that folder is absent.
 */
const SST2_TEST = path.resolve('../shared/data/sst2-sentence/stsa.binary.test');
const hasSst2 = existsSync(SST2_TEST);
const hasArtifact = existsSync(path.join(defaultSentimentModelDir(), 'weights.json'));
if (!hasSst2) console.warn(`skipping the SST-2 sentiment gate: ${SST2_TEST} is absent`);
if (!hasArtifact) console.warn('skipping sentiment gates: nlu/models/sentiment has no trained artifact');

describe('NLU quality with USE-lite', () => {
  let encoder: UseLiteEncoder;
  const logger = silentLogger();
  beforeAll(async () => {
    encoder = await UseLiteEncoder.load({ logger });
  });
  afterAll(async () => {
    await encoder.dispose();
  });

  it('intents.yml: held-out tests accuracy >= 0.85 and out-of-scope recall >= 0.6', async () => {
    const data = await loadIntentsFile(defaultIntentsFile());
    const classifier = new HybridIntentClassifier({ encoder, logger, seed: 42 });
    await classifier.train(trainingExamples(data));
    const tests = testExamples(data);
    const results = await classifier.classifyBatch(tests.map((t) => t.text));
    const accuracy = results.filter((r, i) => r.intent === tests[i]?.intent).length / tests.length;
    const oos = await classifier.classifyBatch(data.outOfScopeTests);
    const oosRecall = oos.filter((r) => r.outOfScope).length / oos.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    expect(oosRecall).toBeGreaterThanOrEqual(0.6);
    classifier.dispose();
  }, 300_000);

  describe.skipIf(!hasArtifact)('shipped sentiment artifact', () => {
    let analyzer: TrainedSentimentAnalyzer;
    beforeAll(async () => {
      analyzer = await TrainedSentimentAnalyzer.load(defaultSentimentModelDir(), encoder, logger);
    });

    it('loads with provenance and classifies obvious examples', async () => {
      const provenance = JSON.parse(readFileSync(path.join(defaultSentimentModelDir(), 'provenance.json'), 'utf8')) as { encoder: string; data: { train: Array<{ sha256: string }> } };
      expect(provenance.encoder).toBe(encoder.id);
      expect(provenance.data.train.length).toBeGreaterThan(0);
      for (const file of provenance.data.train) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      const [good, bad, empty] = await analyzer.analyze(['I love it, the service was excellent and fast!', 'This is terrible, the worst experience, I hate it.', '']);
      expect(good?.label).toBe('positive');
      expect(bad?.label).toBe('negative');
      expect(empty?.label).toBe('neutral');
    });

    it.skipIf(!hasSst2)('reaches accuracy >= 0.75 on a 300-sentence slice of the SST-2 test set', async () => {
      const rows = (await readDataset(SST2_TEST)).slice(0, 300);
      const results = await analyzer.analyze(rows.map((r) => r.text));
      const accuracy = results.filter((r, i) => (r.positive > 0.5 ? '1' : '0') === rows[i]?.label).length / rows.length;
      expect(accuracy).toBeGreaterThanOrEqual(0.75);
    }, 120_000);
  });
});
