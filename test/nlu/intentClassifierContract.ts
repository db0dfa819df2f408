import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelNotTrainedError } from '../../core/errors.js';
import type { IntentClassifier, IntentExample } from '../../nlu/types.js';

/**
 * Behaviour every IntentClassifier must show. `make(options)` builds a fresh, untrained classifier;
 * `threshold` is an explicit out-of-scope threshold override.
 */
export interface ContractSubject {
  name: string;
  make: (options?: { threshold?: number; encoderId?: string }) => IntentClassifier;
  examples: IntentExample[];
  /** In-scope probe texts with their intents, and a text far from every intent. */
  probes: IntentExample[];
  farText: string;
}

export function intentClassifierContract(subject: ContractSubject): void {
  describe(`IntentClassifier contract: ${subject.name}`, () => {
    let dir: string;
    let trained: IntentClassifier;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'nlu-contract-'));
      trained = subject.make();
      await trained.train(subject.examples, { seed: 7 });
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('throws ModelNotTrainedError before training, never answers quietly', async () => {
      const untrained = subject.make();
      expect(untrained.trained).toBe(false);
      await expect(untrained.classify('where is my order')).rejects.toBeInstanceOf(ModelNotTrainedError);
      await expect(untrained.save(path.join(dir, 'never'))).rejects.toBeInstanceOf(ModelNotTrainedError);
    });

    it('classifies in-scope probes to their intents with ranked candidates and nearest examples', async () => {
      const results = await trained.classifyBatch(subject.probes.map((p) => p.text));
      const correct = results.filter((r, i) => r.intent === subject.probes[i]?.intent).length;
      expect(correct / subject.probes.length).toBeGreaterThanOrEqual(0.75);
      for (const result of results) {
        expect(result.ranking.length).toBeGreaterThan(1);
        expect(result.ranking[0]?.confidence).toBeGreaterThanOrEqual(result.ranking[1]?.confidence ?? 0);
        expect(result.nearest).toHaveLength(3);
        expect(result.modelVersion).not.toBe('');
      }
    });

    it('is deterministic for a seed: two trainings give identical predictions', async () => {
      const again = subject.make();
      await again.train(subject.examples, { seed: 7 });
      const texts = [...subject.probes.map((p) => p.text), subject.farText];
      const a = await trained.classifyBatch(texts);
      const b = await again.classifyBatch(texts);
      expect(b.map((r) => r.ranking)).toEqual(a.map((r) => r.ranking));
      expect(again.oosThreshold).toBe(trained.oosThreshold);
    });

    it('save then load gives identical predictions', async () => {
      const modelDir = path.join(dir, 'model');
      await trained.save(modelDir);
      const loaded = subject.make();
      await loaded.load(modelDir);
      const texts = subject.probes.map((p) => p.text);
      const before = await trained.classifyBatch(texts);
      const after = await loaded.classifyBatch(texts);
      expect(after.map((r) => [r.intent, r.ranking])).toEqual(before.map((r) => [r.intent, r.ranking]));
      expect(loaded.oosThreshold).toBe(trained.oosThreshold);
      expect([...loaded.intents]).toEqual([...trained.intents]);
    });

    it('refuses a saved model trained with another encoder', async () => {
      const modelDir = path.join(dir, 'model-encoder');
      await trained.save(modelDir);
      const other = subject.make({ encoderId: 'another-encoder@1' });
      await expect(other.load(modelDir)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    });

    it('answers out of scope for empty input and for a text far from every intent', async () => {
      const empty = await trained.classify('   ');
      expect(empty).toMatchObject({ intent: null, outOfScope: true });
      const far = await trained.classify(subject.farText);
      expect(far.outOfScope).toBe(true);
      expect(far.intent).toBeNull();
      expect(far.ranking.length).toBeGreaterThan(0);
    });

    it('honours an explicit threshold', async () => {
      const strict = subject.make({ threshold: 0.999 });
      await strict.train(subject.examples, { seed: 7 });
      expect(strict.oosThreshold).toBe(0.999);
      const strictResults = await strict.classifyBatch(subject.probes.map((p) => p.text));
      expect(strictResults.every((r) => r.outOfScope && r.intent === null)).toBe(true);
      const lenient = subject.make({ threshold: 0 });
      await lenient.train(subject.examples, { seed: 7 });
      const lenientFar = await lenient.classify(subject.farText);
      expect(lenientFar.outOfScope).toBe(false);
      expect(lenientFar.intent).not.toBeNull();
    });
  });
}
