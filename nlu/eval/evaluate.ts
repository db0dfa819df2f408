import { normaliseText } from '../features/normaliseText.js';
import { OUT_OF_SCOPE_CLASS, type HybridIntentClassifier } from '../intents/hybridIntentClassifier.js';
import { isUpset, sentimentLabelOf } from '../sentiment/sentimentLabels.js';
import type { TrainedSentimentAnalyzer } from '../sentiment/trainedSentiment.js';
import type { Encoder, IntentExample } from '../types.js';
import { seededRandom, shuffled } from '../util/random.js';
import type { LabelledText } from './datasets.js';
import { classificationMetrics, confusionMatrix, metricsBySource, perClassMetrics, percentile, type ClassificationMetrics, type ClassScores, type Prediction } from './metrics.js';

/** The bot's negative-turn decision measured on a labelled set (rows with a `context` column count answers as such). */
export interface UpsetMetrics {
  /** Neutral rows whose turn would count as negative: the rate plain requests and answers wrongly trigger. */
  neutralCountedNegative: number;
  /** Negative rows whose turn counts as negative. */
  negativeRecall: number;
  neutral: number;
  negative: number;
}

/** What `npm run nlu -- eval --json FILE` writes. */
export interface EvalSummary extends ClassificationMetrics {
  task: 'intents' | 'sentiment';
  p50LatencyMs: number;
  p95LatencyMs: number;
  encoder: string;
  model: string;
  oosThreshold?: number;
  folds?: number;
  trainExamples?: number;
  trainSeconds?: number;
  datasets: Record<string, string>;
  /** The same metrics per test file, when several were given. */
  bySource?: Record<string, ClassificationMetrics>;
  /** Precision, recall, F1 per class (sentiment). */
  perClass?: Record<string, ClassScores>;
  /** Rows = gold, columns = predicted (sentiment). */
  confusion?: { labels: string[]; counts: number[][] };
  upset?: UpsetMetrics;
}

export interface EvalRun {
  predictions: Prediction[];
  latenciesMs: number[];
  /** Sentiment runs: whether each row's turn counts as negative (the `upset` decision). */
  upset?: boolean[];
}

export type ProgressLog = (line: string) => void;

const LATENCY_SAMPLE = 100;

/** Gold label of a dataset row: null when it is the out-of-scope label (any case). */
export function goldLabel(label: string, oosLabel: string | undefined): string | null {
  return oosLabel !== undefined && label.toLowerCase() === oosLabel.toLowerCase() ? null : label;
}

/** Training examples; out-of-scope rows train the classifier's out-of-scope class. Empty texts are skipped. */
export function toIntentExamples(rows: readonly LabelledText[], oosLabel: string | undefined): IntentExample[] {
  return rows.filter((r) => r.text.trim() !== '').map((r) => ({ text: r.text, intent: goldLabel(r.label, oosLabel) ?? OUT_OF_SCOPE_CLASS }));
}

/**
 * Classifies the test rows in batches (through the classifier's own, usually caching, encoder) and measures
 * single-message latency (one uncached encoder call + classification) on up to 100 of them.
 */
export async function evaluateIntents(
  classifier: HybridIntentClassifier,
  rawEncoder: Encoder,
  rows: readonly LabelledText[],
  oosLabel: string | undefined,
  log: ProgressLog,
): Promise<EvalRun> {
  const predictions: Prediction[] = [];
  const batch = 256;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const results = await classifier.classifyBatch(chunk.map((r) => r.text));
    results.forEach((result, i) => {
      const row = chunk[i];
      if (row !== undefined) predictions.push({ gold: goldLabel(row.label, oosLabel), predicted: result.intent, confidence: result.confidence, top: result.ranking[0]?.intent, source: row.source });
    });
    log(`classified ${Math.min(start + batch, rows.length)}/${rows.length}`);
  }
  const latenciesMs: number[] = [];
  for (const row of rows.slice(0, LATENCY_SAMPLE)) {
    const started = performance.now();
    const text = normaliseText(row.text);
    const vectors = text === '' ? [] : await rawEncoder.embed([text]);
    classifier.classifyEmbedded([row.text], [vectors[0]]);
    latenciesMs.push(performance.now() - started);
  }
  return { predictions, latenciesMs };
}

/**
 * Scores sentiment: three classes when the gold labels include neutral, else binary (positive when P(positive) >
 * P(negative)). Also records the upset decision of every row (with its `context`).
 */
export async function evaluateSentiment(
  analyzer: TrainedSentimentAnalyzer,
  encoder: Encoder,
  rawEncoder: Encoder,
  rows: readonly LabelledText[],
  log: ProgressLog,
): Promise<EvalRun> {
  const predictions: Prediction[] = [];
  const upset: boolean[] = [];
  const threeClass = rows.some((r) => sentimentLabelOf(r.label) === 'neutral');
  const batch = 512;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const texts = chunk.map((r) => normaliseText(r.text));
    const vectors = await encoder.embed(texts);
    analyzer.analyzeEmbedded(texts, vectors).forEach((result, i) => {
      const row = chunk[i];
      const gold = sentimentLabelOf(row?.label ?? '') ?? row?.label ?? '';
      const predicted = threeClass ? result.label : result.positive > 0.5 ? 'positive' : 'negative';
      predictions.push({ gold, predicted, confidence: threeClass ? result.score : Math.max(result.positive, 1 - result.positive), source: row?.source });
      upset.push(isUpset(result, analyzer.upsetThresholds, { botAskedQuestion: row?.context === 'answer' }));
    });
    log(`scored ${Math.min(start + batch, rows.length)}/${rows.length}`);
  }
  const latenciesMs: number[] = [];
  for (const row of rows.slice(0, LATENCY_SAMPLE)) {
    const started = performance.now();
    const text = normaliseText(row.text);
    analyzer.analyzeEmbedded([text], await rawEncoder.embed([text]));
    latenciesMs.push(performance.now() - started);
  }
  return { predictions, latenciesMs, upset };
}

/** Per-class scores, the confusion matrix and the upset rates of a sentiment run. */
export function sentimentDetails(run: EvalRun): Pick<EvalSummary, 'perClass' | 'confusion' | 'upset'> {
  const flags = run.upset ?? [];
  const rate = (gold: string): { n: number; counted: number } => {
    const indices = run.predictions.flatMap((p, i) => (p.gold === gold ? [i] : []));
    return { n: indices.length, counted: indices.filter((i) => flags[i] === true).length };
  };
  const neutral = rate('neutral');
  const negative = rate('negative');
  return {
    perClass: perClassMetrics(run.predictions),
    confusion: confusionMatrix(run.predictions),
    upset: {
      neutralCountedNegative: neutral.n === 0 ? 0 : neutral.counted / neutral.n,
      negativeRecall: negative.n === 0 ? 0 : negative.counted / negative.n,
      neutral: neutral.n,
      negative: negative.n,
    },
  };
}

export function summarise(run: EvalRun, fields: Omit<EvalSummary, keyof ClassificationMetrics | 'p50LatencyMs' | 'p95LatencyMs' | 'bySource'>): EvalSummary {
  return {
    ...fields,
    ...classificationMetrics(run.predictions),
    bySource: metricsBySource(run.predictions),
    p50LatencyMs: percentile(run.latenciesMs, 0.5),
    p95LatencyMs: percentile(run.latenciesMs, 0.95),
  };
}

/** K stratified folds of row indices (seeded): each fold is the test part once. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffled(byLabel.get(label) ?? [], random)) {
      folds[next % k]?.push(i);
      next += 1;
    }
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}
