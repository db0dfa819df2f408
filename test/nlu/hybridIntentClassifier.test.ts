import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { loadIntentsFile, testExamples, trainingExamples } from '../../nlu/data/intentsFile.js';
import { HybridIntentClassifier } from '../../nlu/intents/hybridIntentClassifier.js';
import { calibrateOosThreshold } from '../../nlu/intents/oosThreshold.js';
import { FakeEncoder } from './fakeEncoder.js';
import { intentClassifierContract } from './intentClassifierContract.js';

const fixture = await loadIntentsFile(path.resolve('test/fixtures/nlu/intents.yml'));
const make = (options: { threshold?: number; encoderId?: string } = {}, encoder = new FakeEncoder(options.encoderId)): HybridIntentClassifier =>
  new HybridIntentClassifier({ encoder, logger: silentLogger(), tfjsBackend: 'auto', seed: 7, oosThreshold: options.threshold, head: { maxEpochs: 30 }, ngrams: { dims: 1024 } });

intentClassifierContract({
  name: 'HybridIntentClassifier',
  make,
  examples: trainingExamples(fixture),
  probes: testExamples(fixture),
  farText: 'quantum chromodynamics lattice gauge theory',
});

describe('HybridIntentClassifier specifics', () => {
  it('does not call the encoder for empty input', async () => {
    const encoder = new FakeEncoder();
    const classifier = make({}, encoder);
    await classifier.train(trainingExamples(fixture));
    const calls = encoder.calls;
    const result = await classifier.classify('  \n ');
    expect(result).toMatchObject({ intent: null, outOfScope: true, ranking: [] });
    expect(encoder.calls).toBe(calls);
  });

  it('reports training progress through every stage and a versioned report', async () => {
    const stages = new Set<string>();
    const report = await make().train(trainingExamples(fixture), { onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(expect.arrayContaining(['embedding', 'training', 'calibrating']));
    expect(report.intents).toBe(4);
    expect(report.modelVersion).toMatch(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}$/);
  });

  it('calibrates the threshold with out-of-scope validation examples when given', async () => {
    const classifier = make();
    const report = await classifier.train(trainingExamples(fixture), {
      validation: [
        { text: 'zebra xylophone volcano', intent: 'oos' },
        { text: 'photosynthesis in chloroplasts', intent: 'oos' },
        { text: 'where is my parcel', intent: 'track_order' },
      ],
    });
    expect(report.oosThreshold).toBeGreaterThan(0);
    expect(report.oosThreshold).toBeLessThan(1);
  });

  it('warm-starts the refit when refitEpochs is set, deterministically and still accurate on held-out probes', async () => {
    const build = (): HybridIntentClassifier =>
      new HybridIntentClassifier({ encoder: new FakeEncoder(), logger: silentLogger(), seed: 7, refitEpochs: 1, ngrams: { dims: 1024 } });
    const [a, b] = [build(), build()];
    await a.train(trainingExamples(fixture));
    await b.train(trainingExamples(fixture));
    const probes = testExamples(fixture);
    const [ra, rb] = [await a.classifyBatch(probes.map((p) => p.text)), await b.classifyBatch(probes.map((p) => p.text))];
    expect(ra.map((r) => r.ranking)).toEqual(rb.map((r) => r.ranking));
    expect(ra.filter((r, i) => r.ranking[0]?.intent === probes[i]?.intent).length / probes.length).toBeGreaterThanOrEqual(0.75);
  });

  it('rejects training data with a single intent', async () => {
    await expect(make().train([{ text: 'hi', intent: 'greet' }, { text: 'hello', intent: 'greet' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('calibrateOosThreshold', () => {
  it('keeps the target share of in-scope messages without OOS examples', () => {
    const inScope = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    const threshold = calibrateOosThreshold({ inScopeTopProbabilities: inScope, outOfScopeTopProbabilities: [], targetInScopeRecall: 0.95 });
    expect(inScope.filter((p) => p >= threshold).length).toBe(95);
  });

  it('separates in-scope from out-of-scope confidences when both are known', () => {
    const threshold = calibrateOosThreshold({ inScopeTopProbabilities: [0.7, 0.8, 0.9], outOfScopeTopProbabilities: [0.2, 0.3, 0.4], targetInScopeRecall: 0.95 });
    expect(threshold).toBeGreaterThan(0.4);
    expect(threshold).toBeLessThanOrEqual(0.7);
  });

  it('with a minimum out-of-scope recall, takes the lowest threshold that still rejects that share', () => {
    const outOfScope = Array.from({ length: 10 }, (_, i) => (i + 1) / 20); // 0.05 .. 0.5
    const inScope = [0.3, 0.45, 0.6, 0.9];
    const threshold = calibrateOosThreshold({ inScopeTopProbabilities: inScope, outOfScopeTopProbabilities: outOfScope, targetInScopeRecall: 0.95, minOutOfScopeRecall: 0.8 });
    expect(outOfScope.filter((p) => p < threshold).length).toBe(8);
    expect(inScope.filter((p) => p >= threshold)).toEqual([0.45, 0.6, 0.9]);
  });
});
