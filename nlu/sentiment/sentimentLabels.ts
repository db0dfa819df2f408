import type { SentimentLabel, SentimentResult, TurnContext, UpsetThresholds } from '../types.js';

/**
 * Binary models (2 classes): the third label, neutral, is a band around 0.5: |P(positive) − 0.5| ≤ NEUTRAL_BAND.
 * 0.15 keeps about the least certain tenth of SST-2 test sentences neutral.
 */
export const NEUTRAL_BAND = 0.15;

/** Class indices of the sentiment head. A 2-class head has only the first two (old artifacts stay loadable). */
export const SENTIMENT_CLASS = { negative: 0, positive: 1, neutral: 2 } as const;

const CLASS_NAMES: Record<string, SentimentLabel> = {
  '0': 'negative',
  '1': 'positive',
  '2': 'neutral',
  negative: 'negative',
  neg: 'negative',
  positive: 'positive',
  pos: 'positive',
  neutral: 'neutral',
  neu: 'neutral',
};

/** A dataset's sentiment label (0/1/2 or negative/positive/neutral, any case), or undefined when it is neither. */
export function sentimentLabelOf(label: string): SentimentLabel | undefined {
  return CLASS_NAMES[label.trim().toLowerCase()];
}

/** Maps P(positive) of a binary model to a label and the confidence of that label. */
export function sentimentFromPositive(positive: number, band = NEUTRAL_BAND): SentimentResult {
  const negative = 1 - positive;
  if (Math.abs(positive - 0.5) <= band) return { label: 'neutral', score: 1 - Math.abs(positive - 0.5) / 0.5, positive, negative };
  const label: SentimentLabel = positive > 0.5 ? 'positive' : 'negative';
  return { label, score: label === 'positive' ? positive : negative, positive, negative };
}

/**
 * Maps the probabilities of a 3-class head ([negative, positive, neutral]) to a result: `label` is the argmax,
 * `score` its probability, and `positive` = P(positive) + P(neutral) / 2, so `positive > 0.5` exactly when
 * P(positive) > P(negative). That is how a 3-class prediction is scored on binary (negative/positive) test data.
 */
export function sentimentFromProbabilities(probabilities: ArrayLike<number>): SentimentResult {
  const negative = probabilities[SENTIMENT_CLASS.negative] ?? 0;
  const positive = probabilities[SENTIMENT_CLASS.positive] ?? 0;
  const neutral = probabilities[SENTIMENT_CLASS.neutral] ?? 0;
  const positiveScore = positive + neutral / 2;
  if (neutral >= negative && neutral >= positive) return { label: 'neutral', score: neutral, positive: positiveScore, negative };
  return positive > negative
    ? { label: 'positive', score: positive, positive: positiveScore, negative }
    : { label: 'negative', score: negative, positive: positiveScore, negative };
}

/** Used when a model carries no calibrated thresholds (older artifacts, transformers.js models). */
export const DEFAULT_UPSET_THRESHOLDS: UpsetThresholds = { default: 0.6, afterQuestion: 0.8 };

/** The bot's negative-turn decision: P(negative) at or above the threshold for this turn's context. */
export function isUpset(sentiment: SentimentResult, thresholds: UpsetThresholds, context: TurnContext = {}): boolean {
  const negative = sentiment.negative ?? 1 - sentiment.positive;
  return negative >= (context.botAskedQuestion === true ? thresholds.afterQuestion : thresholds.default);
}
