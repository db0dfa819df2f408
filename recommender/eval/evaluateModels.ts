import type { Recommender } from '../types.js';
import { rankingMetricsAtKs, type RankingMetrics } from './rankingMetrics.js';
import type { EvalSplit } from './split.js';

/** Fits each model on the same split and scores it over the full ranking at several cut-offs. */
export interface ModelUnderTest {
  name: string;
  create: () => Recommender;
  hyperParameters: Record<string, unknown>;
}

export interface ModelEvaluation {
  name: string;
  hyperParameters: Record<string, unknown>;
  backend: string;
  fitSeconds: number;
  evalSeconds: number;
  metrics: RankingMetrics[];
  skippedUsers: number;
}

export interface EvaluateModelsOptions {
  ks: readonly number[];
  excludeSeen: boolean;
  log?: (line: string) => void;
}

export async function evaluateModels(split: EvalSplit, models: readonly ModelUnderTest[], options: EvaluateModelsOptions): Promise<ModelEvaluation[]> {
  const log = options.log ?? ((): void => undefined);
  const results: ModelEvaluation[] = [];
  for (const spec of models) {
    const model = spec.create();
    log(`[${spec.name}] fitting on ${split.train.length} train records`);
    const fitStarted = performance.now();
    const report = await model.fit(split.train, {
      onProgress: (p) => {
        if (p.iterations > 1) log(`[${spec.name}] iteration ${p.iteration}/${p.iterations}${p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`} (${(p.elapsedMs / 1000).toFixed(1)} s)`);
      },
    });
    const fitSeconds = (performance.now() - fitStarted) / 1000;
    log(`[${spec.name}] fitted in ${fitSeconds.toFixed(1)} s on ${report.backend}: ${report.users} users × ${report.items} items`);
    const evalStarted = performance.now();
    const { metrics, skippedUsers } = rankingMetricsAtKs(model, split.train, split.test, {
      ks: options.ks,
      excludeSeen: options.excludeSeen,
      onProgress: (done, total) => log(`[${spec.name}] ranked ${done}/${total} test users`),
    });
    const evalSeconds = (performance.now() - evalStarted) / 1000;
    results.push({ name: spec.name, hyperParameters: spec.hyperParameters, backend: report.backend, fitSeconds, evalSeconds, metrics, skippedUsers });
  }
  return results;
}

export function metricsAt(evaluation: ModelEvaluation, k: number): RankingMetrics {
  const found = evaluation.metrics.find((m) => m.k === k);
  if (found === undefined) throw new RangeError(`no metrics at K=${k} for ${evaluation.name}`);
  return found;
}
