import { normaliseText } from '../features/normaliseText.js';
import type { HybridIntentClassifier } from '../intents/hybridIntentClassifier.js';
import type { TrainedSentimentAnalyzer } from '../sentiment/trainedSentiment.js';
import type { Encoder, IntentExample } from '../types.js';
import { seededRandom, shuffled } from '../util/random.js';
import type { LabelledText } from './datasets.js';
import { classificationMetrics, metricsBySource, percentile, type ClassificationMetrics, type Prediction } from './metrics.js';

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
}

export interface EvalRun {
  predictions: Prediction[];
  latenciesMs: number[];
}

export type ProgressLog = (line: string) => void;

const LATENCY_SAMPLE = 100;

/** Gold label of a dataset row: null when it is the out-of-scope label. */
export function goldLabel(label: string, oosLabel: string | undefined): string | null {
  return oosLabel !== undefined && label === oosLabel ? null : label;
}

export function toIntentExamples(rows: readonly LabelledText[], oosLabel: string | undefined): IntentExample[] {
  // Empty texts cannot teach anything (a few corpora have blank lines); they are skipped.
  return rows.filter((r) => goldLabel(r.label, oosLabel) !== null && r.text.trim() !== '').map((r) => ({ text: r.text, intent: r.label }));
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

const SENTIMENT_NAMES: Record<string, string> = { '0': 'negative', '1': 'positive', negative: 'negative', positive: 'positive' };

export async function evaluateSentiment(
  analyzer: TrainedSentimentAnalyzer,
  encoder: Encoder,
  rawEncoder: Encoder,
  rows: readonly LabelledText[],
  log: ProgressLog,
): Promise<EvalRun> {
  const predictions: Prediction[] = [];
  const batch = 512;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const texts = chunk.map((r) => normaliseText(r.text));
    const vectors = await encoder.embed(texts);
    analyzer.analyzeEmbedded(texts, vectors).forEach((result, i) => {
      const gold = SENTIMENT_NAMES[chunk[i]?.label ?? ''] ?? chunk[i]?.label ?? '';
      const predicted = result.positive > 0.5 ? 'positive' : 'negative';
      predictions.push({ gold, predicted, confidence: Math.max(result.positive, 1 - result.positive) });
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
  return { predictions, latenciesMs };
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
