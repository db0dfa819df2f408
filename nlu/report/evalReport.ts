import { escapeXml, heatmapSvg, histogramSvg, htmlReport, htmlTable } from '../../core/charts/index.js';
import type { EvalSummary } from '../eval/evaluate.js';
import { confusionMatrix, type Prediction } from '../eval/metrics.js';

/**
 * Self-contained HTML report of one evaluation: the summary numbers, the confusion matrix (row-normalised, so every
 * gold class reads as "where did its examples go"; fine for 77 classes) and confidence histograms.
 */
export function renderEvalReport(summary: EvalSummary, predictions: readonly Prediction[]): string {
  const rows = Object.entries(summary)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'string')
    .map(([key, value]) => [key, value as string | number]);
  const datasets = Object.entries(summary.datasets).map(([role, file]) => `<li>${escapeXml(role)}: <code>${escapeXml(file)}</code></li>`);
  const bySource = Object.entries(summary.bySource ?? {}).map(([source, m]) => [
    source,
    m.n,
    m.accuracy,
    m.inScopeAccuracy,
    m.oosRecall ?? '',
    m.oosPrecision ?? '',
  ]);
  const { labels, counts } = confusionMatrix(predictions);
  const normalised = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (total === 0 ? 0 : c / total));
  });
  const correct = predictions.filter((p) => p.gold === p.predicted).map((p) => p.confidence);
  const wrong = predictions.filter((p) => p.gold !== p.predicted).map((p) => p.confidence);
  const sections: { heading: string; svg?: string; html?: string }[] = [
    {
      heading: 'Summary',
      html: `${htmlTable(['metric', 'value'], rows)}<ul>${datasets.join('')}</ul>${
        bySource.length > 0 ? htmlTable(['test file', 'n', 'accuracy', 'in-scope accuracy', 'OOS recall', 'OOS precision'], bySource) : ''
      }`,
    },
    {
      heading: `Confusion matrix (${labels.length} classes, row-normalised)`,
      svg: heatmapSvg({ title: 'Gold (rows) vs predicted (columns)', rowLabels: labels, colLabels: labels, values: normalised, rowAxis: 'gold', colAxis: 'predicted' }),
    },
    {
      heading: 'Confidence: correct vs wrong',
      svg: histogramSvg({
        title: 'Top-class confidence',
        xLabel: 'confidence',
        series: [
          { name: `correct (${correct.length})`, values: correct },
          { name: `wrong (${wrong.length})`, values: wrong },
        ].filter((s) => s.values.length > 0),
        bins: 20,
      }),
    },
  ];
  const inScope = predictions.filter((p) => p.gold !== null).map((p) => p.confidence);
  const outOfScope = predictions.filter((p) => p.gold === null).map((p) => p.confidence);
  if (outOfScope.length > 0 && inScope.length > 0) {
    sections.push({
      heading: `Confidence: in scope vs out of scope${summary.oosThreshold === undefined ? '' : ` (threshold ${summary.oosThreshold.toFixed(3)})`}`,
      svg: histogramSvg({
        title: 'Top-class confidence by gold scope',
        xLabel: 'confidence',
        series: [
          { name: `in scope (${inScope.length})`, values: inScope },
          { name: `out of scope (${outOfScope.length})`, values: outOfScope },
        ],
        bins: 20,
      }),
    });
  }
  return htmlReport(`NLU evaluation: ${summary.task}`, sections);
}
