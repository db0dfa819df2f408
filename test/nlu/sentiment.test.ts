import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { normaliseText } from '../../nlu/features/normaliseText.js';
import { NEUTRAL_BAND, sentimentFromPositive } from '../../nlu/sentiment/trainedSentiment.js';
import { labelPositivity, positiveFromScores, TransformersSentimentAnalyzer } from '../../nlu/sentiment/transformersSentiment.js';

describe('sentiment labels', () => {
  it('maps P(positive) to negative / neutral / positive with a band around 0.5', () => {
    expect(sentimentFromPositive(0.95)).toMatchObject({ label: 'positive', score: 0.95 });
    expect(sentimentFromPositive(0.1).label).toBe('negative');
    expect(sentimentFromPositive(0.1).score).toBeCloseTo(0.9);
    expect(sentimentFromPositive(0.5 + NEUTRAL_BAND / 2).label).toBe('neutral');
    expect(sentimentFromPositive(0.5 - NEUTRAL_BAND - 0.01).label).toBe('negative');
  });

  it('undoes PTB tokenisation so corpora and chat text share one form', () => {
    expect(normaliseText("it does n't work -lrb- really -rrb- , sadly .")).toBe("it doesn't work (really), sadly.");
    expect(normaliseText("moore 's film")).toBe("moore's film");
  });
});

describe('transformers.js sentiment adapter: label mapping', () => {
  it('understands common label schemes', () => {
    expect(labelPositivity('POSITIVE', 2)).toBe(1);
    expect(labelPositivity('negative', 3)).toBe(0);
    expect(labelPositivity('Neutral', 3)).toBe(0.5);
    expect(labelPositivity('LABEL_1', 2)).toBe(1);
    expect(labelPositivity('LABEL_1', 3)).toBe(0.5);
    expect(labelPositivity('5 stars', 5)).toBe(1);
    expect(labelPositivity('1 star', 5)).toBe(0);
    expect(labelPositivity('toxic', 6)).toBeUndefined();
  });

  it('turns label scores into P(positive) and rejects unknown label sets', () => {
    expect(positiveFromScores([{ label: 'POSITIVE', score: 0.8 }, { label: 'NEGATIVE', score: 0.2 }])).toBeCloseTo(0.8);
    expect(() => positiveFromScores([{ label: 'toxic', score: 1 }])).toThrow(expect.objectContaining({ code: 'ENCODER_FAILED' }) as Error);
  });

  const modelDir = loadConfig(process.env).nlu.sentimentModel;
  if (modelDir === undefined) console.warn('skipping the transformers.js sentiment model test: NLU_SENTIMENT_MODEL (a local model folder) is not set');
  it.skipIf(modelDir === undefined)('classifies obvious examples with the configured local model', async () => {
    const analyzer = await TransformersSentimentAnalyzer.load(modelDir ?? '', silentLogger());
    const [good, bad] = await analyzer.analyze(['I love this, it is wonderful', 'This is awful, I hate it']);
    expect(good?.positive).toBeGreaterThan(0.5);
    expect(bad?.positive).toBeLessThan(0.5);
  });
});
