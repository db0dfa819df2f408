/** Classification metrics for evaluation runs; `null` stands for "out of scope" (gold or predicted). */
export interface Prediction {
  gold: string | null;
  predicted: string | null;
  /** Top-class confidence. */
  confidence: number;
  /** Top-ranked class before any out-of-scope threshold, when the model has one. */
  top?: string;
  source?: string;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  /** In-scope accuracy of the top-ranked intent, ignoring the out-of-scope threshold (closed-set accuracy). */
  top1Accuracy?: number;
  oosRecall?: number;
  oosPrecision?: number;
  oosF1?: number;
}

export const OOS_CLASS = '(out of scope)';

const keyOf = (label: string | null): string => label ?? OOS_CLASS;

export function classificationMetrics(predictions: readonly Prediction[]): ClassificationMetrics {
  const n = predictions.length;
  const correct = predictions.filter((p) => keyOf(p.gold) === keyOf(p.predicted)).length;
  const classes = new Set(predictions.map((p) => keyOf(p.gold)));
  let f1Sum = 0;
  for (const c of classes) {
    const tp = predictions.filter((p) => keyOf(p.gold) === c && keyOf(p.predicted) === c).length;
    const fp = predictions.filter((p) => keyOf(p.gold) !== c && keyOf(p.predicted) === c).length;
    const fn = predictions.filter((p) => keyOf(p.gold) === c && keyOf(p.predicted) !== c).length;
    f1Sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const inScope = predictions.filter((p) => p.gold !== null);
  const metrics: ClassificationMetrics = {
    n,
    accuracy: n === 0 ? 0 : correct / n,
    macroF1: classes.size === 0 ? 0 : f1Sum / classes.size,
    inScopeAccuracy: inScope.length === 0 ? 0 : inScope.filter((p) => p.predicted === p.gold).length / inScope.length,
  };
  if (inScope.length > 0 && inScope.every((p) => p.top !== undefined)) {
    metrics.top1Accuracy = inScope.filter((p) => p.top === p.gold).length / inScope.length;
  }
  const goldOos = predictions.filter((p) => p.gold === null);
  if (goldOos.length > 0) {
    const predictedOos = predictions.filter((p) => p.predicted === null);
    const hits = goldOos.filter((p) => p.predicted === null).length;
    metrics.oosRecall = hits / goldOos.length;
    metrics.oosPrecision = predictedOos.length === 0 ? 0 : hits / predictedOos.length;
    metrics.oosF1 = hits === 0 ? 0 : (2 * metrics.oosRecall * metrics.oosPrecision) / (metrics.oosRecall + metrics.oosPrecision);
  }
  return metrics;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall, F1 and support of every gold or predicted class. */
export function perClassMetrics(predictions: readonly Prediction[]): Record<string, ClassScores> {
  const classes = [...new Set(predictions.flatMap((p) => [keyOf(p.gold), keyOf(p.predicted)]))].sort();
  return Object.fromEntries(
    classes.map((c) => {
      const tp = predictions.filter((p) => keyOf(p.gold) === c && keyOf(p.predicted) === c).length;
      const predicted = predictions.filter((p) => keyOf(p.predicted) === c).length;
      const support = predictions.filter((p) => keyOf(p.gold) === c).length;
      const precision = predicted === 0 ? 0 : tp / predicted;
      const recall = support === 0 ? 0 : tp / support;
      return [c, { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support }];
    }),
  );
}

/** Rows = gold, columns = predicted, in `labels` order (out of scope last when present). */
export function confusionMatrix(predictions: readonly Prediction[]): { labels: string[]; counts: number[][] } {
  const labels = [...new Set(predictions.flatMap((p) => [keyOf(p.gold), keyOf(p.predicted)]))].sort((a, b) =>
    a === OOS_CLASS ? 1 : b === OOS_CLASS ? -1 : a.localeCompare(b),
  );
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const p of predictions) {
    const row = counts[index.get(keyOf(p.gold)) ?? 0];
    const column = index.get(keyOf(p.predicted)) ?? 0;
    if (row !== undefined) row[column] = (row[column] ?? 0) + 1;
  }
  return { labels, counts };
}

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[position] ?? 0;
}

/** Metrics per source file, when predictions come from more than one. */
export function metricsBySource(predictions: readonly Prediction[]): Record<string, ClassificationMetrics> | undefined {
  const sources = [...new Set(predictions.map((p) => p.source).filter((s): s is string => s !== undefined))];
  if (sources.length < 2) return undefined;
  return Object.fromEntries(sources.map((source) => [source, classificationMetrics(predictions.filter((p) => p.source === source))]));
}
