import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { evalHtml, evalJson, metricsTable } from '../../../recommender/eval/evalReport.js';
import { evaluateModels } from '../../../recommender/eval/evaluateModels.js';
import { lastKSplit } from '../../../recommender/eval/split.js';
import { createRecommender } from '../../../recommender/models/index.js';
import type { InteractionRecord } from '../../../recommender/types.js';

/** 4 taste groups of 30 users; each user buys 6 of their group's 10 items (deterministic), plus one global best-seller. */
function clusteredRecords(): InteractionRecord[] {
  const records: InteractionRecord[] = [];
  for (let u = 0; u < 120; u++) {
    const group = u % 4;
    records.push({ userId: `u${u}`, itemId: 'bestseller', timestamp: 0 });
    for (let j = 0; j < 6; j++) {
      const item = group * 10 + ((u * 7 + j * 3) % 10);
      records.push({ userId: `u${u}`, itemId: `i${item}`, timestamp: (j + 1) * 1000 });
    }
  }
  return records;
}

describe('evaluateModels', () => {
  it('scores a personalised model above the popularity baseline on clustered held-out data, and reports it', async () => {
    const split = lastKSplit(clusteredRecords(), { k: 2, excludeSeen: true });
    const lines: string[] = [];
    const results = await evaluateModels(
      split,
      [
        { name: 'itemknn', hyperParameters: {}, create: () => createRecommender('itemknn', { logger: silentLogger() }) },
        { name: 'popularity', hyperParameters: {}, create: () => createRecommender('popularity', { logger: silentLogger() }) },
      ],
      { ks: [5, 10, 20], excludeSeen: true, log: (l) => lines.push(l) },
    );
    const [knn, pop] = results.map((r) => r.metrics.find((m) => m.k === 10)!);
    expect(knn.users).toBe(120);
    expect(knn.recall).toBeGreaterThan(0.5);
    expect(knn.ndcg).toBeGreaterThan(pop.ndcg + 0.2);
    expect(lines.some((l) => l.includes('ranked 120/120'))).toBe(true);

    const context = { dataset: 'synthetic', protocol: 'last 2', k: 10, trainRecords: split.train.length, testUsers: split.test.size, testTargets: 240, warnings: ['only 12 test users'] };
    const json = evalJson(results[0], results.slice(1), context) as { model: string; ndcg: number; recall20: number; baselines: Record<string, { ndcg: number }> };
    expect(json.model).toBe('itemknn');
    expect(json.ndcg).toBe(knn.ndcg);
    expect(json.recall20).toBeGreaterThanOrEqual(knn.recall);
    expect(json.baselines.popularity.ndcg).toBe(pop.ndcg);
    expect(metricsTable(results, 10).split('\n')).toHaveLength(4);
    const html = evalHtml(results, context);
    expect(html).toContain('<svg');
    expect(html).toContain('NDCG vs K');
    expect(html).toContain('only 12 test users');
    expect((json as unknown as { split: { warnings: string[] } }).split.warnings).toEqual(['only 12 test users']);
  });
});
