import { htmlReport, htmlTable, lineChartSvg } from '../../core/charts/index.js';
import { metricsAt, type ModelEvaluation } from './evaluateModels.js';

/** Text table, JSON summary and HTML report of an evaluation run. */
export interface EvalContext {
  dataset: string;
  protocol: string;
  k: number;
  trainRecords: number;
  testUsers: number;
  testTargets: number;
  /** Why the split may be too small to trust (splitWarnings); shown in the JSON and the HTML report. */
  warnings: readonly string[];
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function metricsTable(results: readonly ModelEvaluation[], k: number): string {
  const header = ['model', `NDCG@${k}`, `P@${k}`, `Recall@${k}`, 'Recall@20', `MAP@${k}`, `cov@${k}`, 'users', 'fit s'];
  const rows = results.map((r) => {
    const m = metricsAt(r, k);
    const r20 = metricsAt(r, 20);
    return [r.name, m.ndcg.toFixed(4), m.precision.toFixed(4), m.recall.toFixed(4), r20.recall.toFixed(4), m.map.toFixed(4), m.coverage.toFixed(3), String(m.users), r.fitSeconds.toFixed(1)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function summary(result: ModelEvaluation, k: number): Record<string, unknown> {
  const m = metricsAt(result, k);
  return {
    ndcg: m.ndcg,
    precision: m.precision,
    recall: m.recall,
    recall20: metricsAt(result, 20).recall,
    map: m.map,
    coverage: m.coverage,
    users: m.users,
    skippedUsers: result.skippedUsers,
    fitSeconds: result.fitSeconds,
    evalSeconds: result.evalSeconds,
    backend: result.backend,
    hyperParameters: result.hyperParameters,
    atK: Object.fromEntries(result.metrics.map((x) => [String(x.k), { ndcg: x.ndcg, precision: x.precision, recall: x.recall, map: x.map, coverage: x.coverage }])),
  };
}

/** `{model, k, ndcg, recall, recall20, map, coverage, fitSeconds, ..., baselines: {popularity, itemknn}}`. */
export function evalJson(main: ModelEvaluation, baselines: readonly ModelEvaluation[], context: EvalContext): Record<string, unknown> {
  return {
    model: main.name,
    k: context.k,
    ...summary(main, context.k),
    dataset: context.dataset,
    protocol: context.protocol,
    split: { trainRecords: context.trainRecords, testUsers: context.testUsers, testTargets: context.testTargets, warnings: context.warnings },
    baselines: Object.fromEntries(baselines.map((b) => [b.name, summary(b, context.k)])),
  };
}

export function evalHtml(results: readonly ModelEvaluation[], context: EvalContext): string {
  const ks = results[0].metrics.map((m) => m.k);
  const chart = (metric: 'ndcg' | 'recall' | 'precision', label: string): string =>
    lineChartSvg({
      title: `${label} vs K (full ranking)`,
      xLabel: 'K',
      yLabel: label,
      series: results.map((r) => ({ name: r.name, points: r.metrics.map((m) => ({ x: m.k, y: m[metric] })) })),
    });
  const rows = results.flatMap((r) => r.metrics.map((m) => [r.name, m.k, m.ndcg, m.precision, m.recall, m.map, m.coverage]));
  const setup = htmlTable(
    ['setting', 'value'],
    [
      ['dataset', context.dataset],
      ['protocol', context.protocol],
      ['train records', context.trainRecords],
      ['test users', context.testUsers],
      ['test targets', context.testTargets],
      ...context.warnings.map((warning) => ['warning', warning]),
      ...results.map((r) => [`${r.name}`, `${JSON.stringify(r.hyperParameters)}; backend ${r.backend}; fit ${r.fitSeconds.toFixed(1)} s`]),
    ],
  );
  return htmlReport('Recommender evaluation', [
    { heading: 'Setup', html: setup },
    { heading: 'NDCG vs K', svg: chart('ndcg', 'NDCG') },
    { heading: 'Recall vs K', svg: chart('recall', 'Recall') },
    { heading: 'All metrics', html: htmlTable(['model', 'K', 'NDCG', 'precision', 'recall', 'MAP', 'coverage'], rows) },
  ]);
}
