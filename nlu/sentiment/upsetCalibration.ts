import type { UpsetThresholds } from '../types.js';
import type { TrainedSentimentAnalyzer } from './trainedSentiment.js';

/** Share of neutral calibration messages allowed to count as upset. */
export const UPSET_FALSE_ALARM_RATE = 0.03;

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Thresholds on P(negative) such that about 3 % of neutral messages count as upset: `plain` are requests with no
 * context, `answers` replies to the bot's own questions (their threshold is never below the plain one). Never
 * below 0.5, so that a message is upset only when negative is its most likely class by a margin.
 */
export async function calibrateUpsetThresholds(analyzer: TrainedSentimentAnalyzer, plain: readonly string[], answers: readonly string[]): Promise<UpsetThresholds> {
  const negativeOf = async (texts: readonly string[]): Promise<number[]> => (await analyzer.analyze(texts)).map((r) => r.negative ?? 1 - r.positive);
  const at = (values: number[], fallback: number): number => {
    const q = quantile(values, 1 - UPSET_FALSE_ALARM_RATE);
    return Number.isFinite(q) ? Math.min(0.99, Math.max(0.5, q + 1e-6)) : fallback;
  };
  const plainThreshold = at(await negativeOf(plain), 0.6);
  return { default: plainThreshold, afterQuestion: Math.max(plainThreshold, at(await negativeOf(answers), Math.min(0.99, plainThreshold + 0.15))) };
}
