import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { evaluateModels } from '../../../recommender/eval/evaluateModels.js';
import { presetOptions, readInteractionFile } from '../../../recommender/eval/interactionFile.js';
import { binarise, timeSplit } from '../../../recommender/eval/split.js';
import { createRecommender } from '../../../recommender/models/index.js';

/**
 * Held-out quality gate on real data, kept small: UCI Online Retail from 2011-09 on (about 80 per-day files), last 14
 * days as test, full ranking. The full protocol (whole year, 30 days, ALS/EASE) runs in `npm run recommender -- eval`.
 */
const UCI_DIR = '../shared/data/uci-online-retail/by-day';
const present = existsSync(UCI_DIR);
if (!present) console.warn(`skipping UCI Online Retail quality gate: ${UCI_DIR} not found (public data set, see its README)`);

describe.skipIf(!present)('UCI Online Retail held-out ranking (autumn 2011 subset)', () => {
  it('item-kNN beats popularity and both clear sanity thresholds on NDCG@10', async () => {
    const data = await readInteractionFile(UCI_DIR, { ...presetOptions('uci-retail'), fileFilter: (name) => name >= '2011-09-01' });
    const split = timeSplit(data.records, { testDays: 14, excludeSeen: true });
    split.train = binarise(split.train);
    expect(split.test.size).toBeGreaterThan(300);
    const [knn, pop] = await evaluateModels(
      split,
      [
        { name: 'itemknn', hyperParameters: {}, create: () => createRecommender('itemknn', { logger: silentLogger() }) },
        { name: 'popularity', hyperParameters: {}, create: () => createRecommender('popularity', { logger: silentLogger() }) },
      ],
      { ks: [10], excludeSeen: true },
    );
    const knnNdcg = knn.metrics[0].ndcg;
    const popNdcg = pop.metrics[0].ndcg;
    expect(popNdcg).toBeGreaterThan(0.01);
    expect(knnNdcg).toBeGreaterThan(popNdcg * 1.2);
  }, 120_000);
});
