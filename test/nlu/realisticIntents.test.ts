import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../core/logger.js';
import { defaultIntentsFile, loadIntentsFile, normaliseForDuplicates, trainingExamples } from '../../nlu/data/intentsFile.js';
import { UseLiteEncoder } from '../../nlu/encoder/useLiteEncoder.js';
import { HybridIntentClassifier } from '../../nlu/intents/hybridIntentClassifier.js';
import type { IntentResult } from '../../nlu/types.js';

/**
 * Quality gate on how real customers write: test/fixtures/nlu/realistic-intents.yml holds colloquial messages
 * (typos, anger, no template order numbers) written independently of nlu/data/intents.yml, plus off-topic messages.
 * The classifier is trained exactly like the bot's (intents.yml examples, seed 42, calibrated threshold) with the
 * real offline encoder, as in realEncoderQuality.test.ts. Thresholds sit below the measured values (see
 * nlu/data/README.md: accuracy 0.913, out-of-scope recall 0.75 on 2026-11-23) so that seed-level noise does not fail the
 * build, but a regression to the template-only data (measured 0.505 accuracy) does. The out-of-scope gate has little
 * slack (16 messages) because the calibrated threshold moves with the examples: rerun this after editing the data.
 * Set NLU_TEST_VERBOSE=1 to print the misclassified messages.
 */
const FIXTURE = path.resolve('test/fixtures/nlu/realistic-intents.yml');
const fixtureSchema = z
  .object({
    intents: z.record(z.string(), z.array(z.string().trim().min(1)).min(1)),
    out_of_scope: z.array(z.string().trim().min(1)).min(1),
  })
  .strict();

const MIN_ACCURACY = 0.8;
const MIN_OOS_RECALL = 0.6;
const MIN_PER_INTENT_ACCURACY = 0.4;

describe('realistic customer messages with USE-lite', () => {
  const logger = silentLogger();
  const fixture = fixtureSchema.parse(parse(readFileSync(FIXTURE, 'utf8')));
  const cases = Object.entries(fixture.intents).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent })));
  let encoder: UseLiteEncoder;
  let classifier: HybridIntentClassifier;
  let inScope: IntentResult[];
  let offTopic: IntentResult[];

  beforeAll(async () => {
    encoder = await UseLiteEncoder.load({ logger });
    const data = await loadIntentsFile(defaultIntentsFile());
    classifier = new HybridIntentClassifier({ encoder, logger, seed: 42 });
    await classifier.train(trainingExamples(data));
    inScope = await classifier.classifyBatch(cases.map((c) => c.text));
    offTopic = await classifier.classifyBatch(fixture.out_of_scope);
  }, 300_000);

  afterAll(async () => {
    classifier.dispose();
    await encoder.dispose();
  });

  it('is held out: no fixture message is a training example or test in intents.yml', async () => {
    const data = await loadIntentsFile(defaultIntentsFile());
    const known = new Set(data.intents.flatMap((i) => [...i.examples, ...i.tests]).map(normaliseForDuplicates));
    const leaked = [...cases.map((c) => c.text), ...fixture.out_of_scope].filter((t) => known.has(normaliseForDuplicates(t)));
    expect(leaked).toEqual([]);
    expect(Object.keys(fixture.intents).filter((name) => !data.intents.some((i) => i.name === name))).toEqual([]);
  });

  it(`in-scope accuracy >= ${MIN_ACCURACY}, out-of-scope recall >= ${MIN_OOS_RECALL}, every intent >= ${MIN_PER_INTENT_ACCURACY}`, () => {
    const misses = cases.flatMap((c, i) => (inScope[i]?.intent === c.intent ? [] : [`${c.intent} <- "${c.text}": ${inScope[i]?.intent ?? `oos (${inScope[i]?.ranking[0]?.intent})`}`]));
    const accuracy = 1 - misses.length / cases.length;
    const oosRecall = offTopic.filter((r) => r.outOfScope).length / offTopic.length;
    const perIntent = Object.keys(fixture.intents).map((intent) => {
      const own = cases.map((c, i) => ({ c, r: inScope[i] })).filter(({ c }) => c.intent === intent);
      return { intent, accuracy: own.filter(({ c, r }) => r?.intent === c.intent).length / own.length };
    });
    if (process.env.NLU_TEST_VERBOSE === '1') {
      console.info(`realistic: accuracy ${accuracy.toFixed(3)} (${cases.length}), oos recall ${oosRecall.toFixed(3)} (${offTopic.length})\n${misses.join('\n')}`);
      console.info(fixture.out_of_scope.flatMap((t, i) => (offTopic[i]?.outOfScope === true ? [] : [`oos -> ${offTopic[i]?.intent}: ${t}`])).join('\n'));
    }
    expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
    expect(oosRecall).toBeGreaterThanOrEqual(MIN_OOS_RECALL);
    expect(perIntent.filter((p) => p.accuracy < MIN_PER_INTENT_ACCURACY)).toEqual([]);
  });

  // Regression check for the bug report; these phrasings are now (deliberately) close to training examples, so the
  // fixture above, not this, is the measure of generalisation.
  it('the messages from the bug report land in scope on the right intent', async () => {
    const [where, angry, missing] = await classifier.classifyBatch(['where is my order?', "this is the worst service ever, I'm furious", "my package hasn't arrived"]);
    expect(where?.intent).toBe('track_order');
    expect(angry?.intent).toBe('complaint');
    expect(['track_order', 'delivery_period']).toContain(missing?.intent);
  });
});
