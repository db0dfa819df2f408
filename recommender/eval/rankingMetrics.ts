import { ValidationError } from '../../core/errors.js';
import type { InteractionRecord, Recommender } from '../types.js';

/**
 * Top-K ranking metrics over the FULL catalogue: each test user gets the model's top K of all items (no sampled
 * negatives). Definitions, per user with relevant set R and ranked list L (length K), then averaged over users:
 * - precision@K = |L ∩ R| / K
 * - recall@K = |L ∩ R| / |R|
 * - NDCG@K = Σ_{hits at rank i (0-based)} 1/log2(i+2) / Σ_{i < min(K,|R|)} 1/log2(i+2)
 * - MAP@K = Σ_{hits at rank i} precision@(i+1) / min(K, |R|)
 * - coverage = distinct items recommended to any user / items in the train catalogue.
 */
export interface RankingMetrics {
  k: number;
  ndcg: number;
  precision: number;
  recall: number;
  map: number;
  coverage: number;
  users: number;
}

export interface RankingEvalOptions {
  k: number;
  excludeSeen: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Metrics of one ranked list against one relevant set, at cut-off k. */
export function userMetricsAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): Omit<RankingMetrics, 'k' | 'coverage' | 'users'> {
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  const top = Math.min(k, ranked.length);
  for (let i = 0; i < top; i += 1) {
    if (relevant.has(ranked[i])) {
      hits += 1;
      dcg += 1 / Math.log2(i + 2);
      precisionSum += hits / (i + 1);
    }
  }
  const ideal = Math.min(k, relevant.size);
  let idcg = 0;
  for (let i = 0; i < ideal; i += 1) idcg += 1 / Math.log2(i + 2);
  return {
    ndcg: idcg === 0 ? 0 : dcg / idcg,
    precision: hits / k,
    recall: relevant.size === 0 ? 0 : hits / relevant.size,
    map: ideal === 0 ? 0 : precisionSum / ideal,
  };
}

function catalogueSize(train: readonly InteractionRecord[]): number {
  const items = new Set<string>();
  for (const r of train) items.add(r.itemId);
  return items.size;
}

/**
 * Ranks once at the largest K and derives metrics at every K in `ks`. Test users unknown to the model are skipped
 * (and counted in `skippedUsers`); with excludeSeen, targets in the user's train history are ignored as well.
 */
export function rankingMetricsAtKs(
  model: Recommender,
  train: readonly InteractionRecord[],
  test: ReadonlyMap<string, ReadonlySet<string>>,
  options: { ks: readonly number[]; excludeSeen: boolean; onProgress?: (done: number, total: number) => void },
): { metrics: RankingMetrics[]; skippedUsers: number } {
  if (options.ks.length === 0 || options.ks.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new ValidationError('rankingMetricsAtKs: ks must be positive integers');
  }
  const maxK = Math.max(...options.ks);
  const seenByUser = new Map<string, Set<string>>();
  if (options.excludeSeen) {
    for (const r of train) {
      const set = seenByUser.get(r.userId);
      if (set === undefined) seenByUser.set(r.userId, new Set([r.itemId]));
      else set.add(r.itemId);
    }
  }
  const sums = options.ks.map(() => ({ ndcg: 0, precision: 0, recall: 0, map: 0, items: new Set<string>() }));
  let users = 0;
  let skippedUsers = 0;
  let done = 0;
  const total = test.size;
  for (const [userId, targets] of test) {
    done += 1;
    const seen = seenByUser.get(userId);
    const relevant = seen === undefined ? targets : new Set([...targets].filter((item) => !seen.has(item)));
    if (relevant.size > 0 && model.hasUser(userId)) {
      const ranked = model.recommend(userId, { n: maxK, excludeSeen: options.excludeSeen }).map((r) => r.itemId);
      users += 1;
      options.ks.forEach((k, index) => {
        const m = userMetricsAtK(ranked, relevant, k);
        const sum = sums[index];
        sum.ndcg += m.ndcg;
        sum.precision += m.precision;
        sum.recall += m.recall;
        sum.map += m.map;
        for (let i = 0; i < Math.min(k, ranked.length); i += 1) sum.items.add(ranked[i]);
      });
    } else if (relevant.size > 0) {
      skippedUsers += 1;
    }
    if (options.onProgress !== undefined && (done % 500 === 0 || done === total)) options.onProgress(done, total);
  }
  const catalogue = catalogueSize(train);
  const metrics = options.ks.map((k, index) => {
    const sum = sums[index];
    const mean = (value: number): number => (users === 0 ? 0 : value / users);
    return {
      k,
      ndcg: mean(sum.ndcg),
      precision: mean(sum.precision),
      recall: mean(sum.recall),
      map: mean(sum.map),
      coverage: catalogue === 0 ? 0 : sum.items.size / catalogue,
      users,
    };
  });
  return { metrics, skippedUsers };
}

/** Metrics at one K over the full ranking; see rankingMetricsAtKs. */
export function rankingMetricsAtK(
  model: Recommender,
  train: readonly InteractionRecord[],
  test: ReadonlyMap<string, ReadonlySet<string>>,
  options: RankingEvalOptions,
): RankingMetrics {
  return rankingMetricsAtKs(model, train, test, { ks: [options.k], excludeSeen: options.excludeSeen, onProgress: options.onProgress })
    .metrics[0];
}
