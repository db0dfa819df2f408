import path from 'node:path';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SentimentAnalyzer, SentimentResult, UpsetThresholds } from '../types.js';
import { DEFAULT_UPSET_THRESHOLDS } from './sentimentLabels.js';
import { NEUTRAL_BAND, sentimentFromPositive } from './trainedSentiment.js';

/**
 * Thin adapter from any transformers.js text-classification model in a local folder (config NLU_SENTIMENT_MODEL) to
 * the SentimentAnalyzer port. Labels are mapped to P(positive): POSITIVE/NEGATIVE/NEUTRAL (any case), LABEL_0/1(/2)
 * (binary: 0 negative, 1 positive; three: 0 negative, 1 neutral, 2 positive) and "1 star".."5 stars".
 */
export interface LabelScore {
  label: string;
  score: number;
}

/** Weight in [0, 1] of a label toward "positive", or undefined when the label means nothing for sentiment. */
export function labelPositivity(label: string, labelCount: number): number | undefined {
  const l = label.trim().toLowerCase();
  if (/^(pos|positive)$/.test(l)) return 1;
  if (/^(neg|negative)$/.test(l)) return 0;
  if (/^(neu|neutral)$/.test(l)) return 0.5;
  const stars = /^([1-5]) stars?$/.exec(l);
  if (stars) return (Number(stars[1]) - 1) / 4;
  const generic = /^label_(\d+)$/.exec(l);
  if (generic) {
    const index = Number(generic[1]);
    if (labelCount === 2 && index <= 1) return index;
    if (labelCount === 3 && index <= 2) return index / 2;
  }
  return undefined;
}

/** P(positive) from all label scores (normalised over the labels that carry sentiment). */
export function positiveFromScores(scores: readonly LabelScore[]): number {
  let weighted = 0;
  let total = 0;
  for (const { label, score } of scores) {
    const positivity = labelPositivity(label, scores.length);
    if (positivity === undefined) continue;
    weighted += positivity * score;
    total += score;
  }
  if (total === 0) throw new AppError('ENCODER_FAILED', `sentiment model labels are not understood: ${scores.map((s) => s.label).join(', ')}`);
  return weighted / total;
}

type ClassifyAll = (texts: string[], options: { top_k: null }) => Promise<LabelScore[][] | LabelScore[]>;

export class TransformersSentimentAnalyzer implements SentimentAnalyzer {
  readonly upsetThresholds: UpsetThresholds = DEFAULT_UPSET_THRESHOLDS;

  private constructor(
    readonly id: string,
    private readonly classify: ClassifyAll,
  ) {}

  /** `modelDir`: a local folder with config.json, tokenizer and onnx/ weights; nothing is downloaded. */
  static async load(modelDir: string, logger: Logger): Promise<TransformersSentimentAnalyzer> {
    const transformers = await import('@huggingface/transformers');
    const absolute = path.resolve(modelDir);
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = path.dirname(absolute) + path.sep;
    try {
      const pipe = await transformers.pipeline('text-classification', path.basename(absolute), { local_files_only: true });
      logger.info({ modelDir: absolute }, 'transformers.js sentiment model loaded');
      return new TransformersSentimentAnalyzer(`transformers:${path.basename(absolute)}`, pipe as unknown as ClassifyAll);
    } catch (error) {
      throw new AppError('MODEL_LOAD_FAILED', `cannot load the sentiment model in ${absolute}`, { cause: error, details: { modelDir: absolute } });
    }
  }

  async analyze(texts: readonly string[]): Promise<SentimentResult[]> {
    const nonEmpty = texts.filter((t) => t.trim() !== '');
    const raw = nonEmpty.length > 0 ? await this.classify(nonEmpty, { top_k: null }) : [];
    const perText: LabelScore[][] = nonEmpty.length === 1 && raw.length > 0 && !Array.isArray(raw[0]) ? [raw as LabelScore[]] : (raw as LabelScore[][]);
    let next = 0;
    return texts.map((t) => (t.trim() === '' ? sentimentFromPositive(0.5) : sentimentFromPositive(positiveFromScores(perText[next++] ?? []), NEUTRAL_BAND)));
  }
}
