import type { LabelledText } from '../eval/datasets.js';
import type { SentimentAnalyzer, SentimentLabel } from '../types.js';
import type { ServiceRequestSplit } from './serviceSentimentData.js';

export interface LabelRate {
  n: number;
  /** Share of texts that got the expected label. */
  rate: number;
}

export interface ServiceSentimentMetrics {
  /** Held-out plain Bitext requests labelled neutral. */
  heldOutNeutral?: LabelRate;
  /** Held-out Bitext complaint / offensive rows labelled negative. */
  heldOutNegative?: LabelRate;
  /** Hand-written angry + happy service messages (fixture): label accuracy on the negative/positive rows. */
  fixturePolar?: LabelRate;
  /** Fixture rows labelled neutral (plain requests outside Bitext) that were labelled neutral. */
  fixtureNeutral?: LabelRate;
}

async function rate(analyzer: SentimentAnalyzer, texts: readonly string[], expected: readonly SentimentLabel[]): Promise<LabelRate | undefined> {
  if (texts.length === 0) return undefined;
  const results = await analyzer.analyze(texts);
  return { n: texts.length, rate: results.filter((r, i) => r.label === expected[i]).length / texts.length };
}

const SENTIMENT_LABELS: readonly string[] = ['negative', 'neutral', 'positive'];

/** Rates that say whether a sentiment model fits customer service (see nlu/README.md, Sentiment). */
export async function serviceSentimentMetrics(analyzer: SentimentAnalyzer, split: ServiceRequestSplit | undefined, fixture: readonly LabelledText[] | undefined): Promise<ServiceSentimentMetrics> {
  const metrics: ServiceSentimentMetrics = {};
  if (split !== undefined) {
    metrics.heldOutNeutral = await rate(analyzer, split.neutralHeldOut, split.neutralHeldOut.map(() => 'neutral'));
    metrics.heldOutNegative = await rate(analyzer, split.negativeHeldOut, split.negativeHeldOut.map(() => 'negative'));
  }
  if (fixture !== undefined) {
    const rows = fixture.filter((r) => SENTIMENT_LABELS.includes(r.label));
    const polar = rows.filter((r) => r.label !== 'neutral');
    const neutral = rows.filter((r) => r.label === 'neutral');
    metrics.fixturePolar = await rate(analyzer, polar.map((r) => r.text), polar.map((r) => r.label as SentimentLabel));
    metrics.fixtureNeutral = await rate(analyzer, neutral.map((r) => r.text), neutral.map(() => 'neutral'));
  }
  return metrics;
}
