import { describe, expect, it } from 'vitest';
import { rankingMetricsAtK, rankingMetricsAtKs, userMetricsAtK } from '../../../recommender/eval/rankingMetrics.js';
import type { InteractionRecord } from '../../../recommender/types.js';
import { FixedRankingRecommender } from './fixedRankingRecommender.js';

const log2 = Math.log2;

describe('userMetricsAtK', () => {
  it('matches hand-computed values for hits at ranks 1 and 3 of 4 with 3 relevant items', () => {
    const m = userMetricsAtK(['a', 'x', 'b', 'y'], new Set(['a', 'b', 'c']), 4);
    const dcg = 1 / log2(2) + 1 / log2(4);
    const idcg = 1 / log2(2) + 1 / log2(3) + 1 / log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.map).toBeCloseTo((1 / 1 + 2 / 3) / 3, 12);
  });

  it('gives 1 for a perfect ranking and 0 when nothing is hit', () => {
    expect(userMetricsAtK(['a', 'b'], new Set(['a', 'b']), 2)).toEqual({ ndcg: 1, precision: 1, recall: 1, map: 1 });
    expect(userMetricsAtK(['x', 'y'], new Set(['a']), 2)).toEqual({ ndcg: 0, precision: 0, recall: 0, map: 0 });
  });

  it('caps the ideal DCG at K when there are more relevant items than K', () => {
    const m = userMetricsAtK(['a', 'b'], new Set(['a', 'b', 'c', 'd']), 2);
    expect(m.ndcg).toBeCloseTo(1, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.map).toBeCloseTo(1, 12);
  });
});

describe('rankingMetricsAtK', () => {
  const train: InteractionRecord[] = [
    { userId: 'u1', itemId: 'i1' },
    { userId: 'u2', itemId: 'i2' },
    { userId: 'u3', itemId: 'i3' },
    { userId: 'u3', itemId: 'i4' },
  ];
  const order = ['i1', 'i2', 'i3', 'i4'];

  it('averages per-user metrics over test users and reports coverage of the train catalogue', async () => {
    const model = new FixedRankingRecommender(new Map(), order);
    await model.fit(train);
    // excludeSeen: u1 ranks [i2, i3, i4], u2 ranks [i1, i3, i4]
    const test = new Map([
      ['u1', new Set(['i3'])],
      ['u2', new Set(['i1'])],
    ]);
    const m = rankingMetricsAtK(model, train, test, { k: 2, excludeSeen: true });
    expect(m.users).toBe(2);
    // u1: i3 at rank 2 → ndcg 1/log2(3); u2: i1 at rank 1 → ndcg 1
    expect(m.ndcg).toBeCloseTo((1 / log2(3) + 1) / 2, 12);
    expect(m.recall).toBeCloseTo(1, 12);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.map).toBeCloseTo((1 / 2 + 1) / 2, 12);
    // recommended: {i2, i3} ∪ {i1, i3} = 3 of 4 train items
    expect(m.coverage).toBeCloseTo(3 / 4, 12);
  });

  it('ignores targets already seen in train when excludeSeen, and skips users unknown to the model', async () => {
    const model = new FixedRankingRecommender(new Map(), order);
    await model.fit(train);
    const test = new Map([
      ['u3', new Set(['i3', 'i1'])], // i3 was seen in train: only i1 counts
      ['stranger', new Set(['i1'])],
    ]);
    const { metrics, skippedUsers } = rankingMetricsAtKs(model, train, test, { ks: [1, 3], excludeSeen: true });
    expect(skippedUsers).toBe(1);
    expect(metrics.map((m) => m.users)).toEqual([1, 1]);
    expect(metrics[0].recall).toBe(1); // u3 ranks [i1, i2]: i1 first
    expect(metrics[1].ndcg).toBe(1);
  });

  it('is worse for a reversed ranking than for the true one (the metric can fail)', async () => {
    const users = ['a', 'b', 'c'];
    const trainRows = users.map((u) => ({ userId: u, itemId: 'seed' }));
    const test = new Map(users.map((u) => [u, new Set(['t1', 't2'])]));
    const good = new FixedRankingRecommender(new Map(), ['t1', 't2', 'n1', 'n2', 'n3']);
    const bad = new FixedRankingRecommender(new Map(), ['n1', 'n2', 'n3', 't1', 't2']);
    await good.fit(trainRows);
    await bad.fit(trainRows);
    const goodM = rankingMetricsAtK(good, trainRows, test, { k: 3, excludeSeen: true });
    const badM = rankingMetricsAtK(bad, trainRows, test, { k: 3, excludeSeen: true });
    expect(goodM.ndcg).toBe(1);
    expect(badM.ndcg).toBe(0);
  });
});
