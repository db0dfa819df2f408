import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../core/config.js';
import { ModelNotTrainedError, NotFoundError, TrainingError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import type { Store } from '../../../core/storage/types.js';
import { createConfiguredRecommender } from '../../../recommender/models/index.js';
import { createRecommenderService } from '../../../recommender/recommenderService.js';
import type { Recommender } from '../../../recommender/types.js';
import { BagOfWordsEncoder } from './bagOfWordsEncoder.js';
import { openShopStore, testConfig } from './serviceFixture.js';

const opened: { store: Store; config: Config }[] = [];

async function setUp(options: { withInteractions: boolean; model?: 'itemknn' | 'als' | 'popularity' }): Promise<{ store: Store; config: Config }> {
  const store = await openShopStore(options);
  const config = await testConfig(options.model ?? 'itemknn');
  opened.push({ store, config });
  return { store, config };
}

afterEach(async () => {
  for (const { store, config } of opened.splice(0)) {
    await store.close();
    await rm(config.storage.dataDir, { recursive: true, force: true });
  }
});

const ids = (suggestions: { product: { id: string } }[]): string[] => suggestions.map((s) => s.product.id);

describe('createRecommenderService', () => {
  it('trains from the store at start and recommends in-stock products of the customer’s taste, hydrated, with reasons', async () => {
    const { store, config } = await setUp({ withInteractions: true });
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    expect(service.status).toMatchObject({ fitted: true, model: 'itemknn' });
    const suggestions = await service.recommendForCustomer('c1', { n: 3 });
    // c1 has p2, p3, p7 (seen: excluded); the unseen mug p1 comes first, p7 is out of stock anyway
    expect(suggestions[0].product.id).toBe('p1');
    expect(suggestions[0].product.title).toBe('Red ceramic mug');
    expect(ids(suggestions)).not.toContain('p7');
    for (const s of suggestions) expect(s.reason.length).toBeGreaterThan(0);
  });

  it('answers a new customer with popularity, and with matching products when there is a query', async () => {
    const { store, config } = await setUp({ withInteractions: true });
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    const popular = await service.recommendForCustomer('c9', { n: 3 });
    expect(popular).toHaveLength(3);
    expect(popular[0].reason).toContain('popular');
    const lamps = await service.recommendForCustomer('c9', { n: 2, query: 'a warm lamp for my desk' });
    expect(ids(lamps)).toContain('p4');
    expect(lamps.every((s) => /lamp|lantern/i.test(s.product.title))).toBe(true);
  });

  it('gives CF neighbours for a known product and content neighbours for a product nobody bought', async () => {
    const { store, config } = await setUp({ withInteractions: true });
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    const forMug = await service.similarProducts('p1', 2);
    expect(ids(forMug).every((id) => ['p2', 'p3'].includes(id))).toBe(true);
    const forNewLamp = await service.similarProducts('p9', 2);
    expect(ids(forNewLamp).every((id) => ['p4', 'p5', 'p6'].includes(id))).toBe(true);
    expect(forNewLamp[0].reason).toContain('similar to');
    await expect(service.similarProducts('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records a chat interaction and updates that customer online', async () => {
    const { store, config } = await setUp({ withInteractions: true, model: 'als' });
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    await service.recordInteraction('c9', 'p4', 'purchase');
    await service.recordInteraction('c9', 'p5', 'purchase');
    const stored = await store.interactions.listByCustomer('c9');
    expect(stored.items).toHaveLength(2);
    expect(stored.items.every((i) => i.source === 'chat')).toBe(true);
    expect(new Set(stored.items.map((i) => i.id)).size).toBe(2);
    const after = await service.recommendForCustomer('c9', { n: 1 });
    expect(after[0].product.id).toBe('p6'); // the remaining lamp, not a popular mug
    await expect(service.recordInteraction('c9', 'no-such-product', 'click')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps serving the old model when a retrain fails', async () => {
    const { store, config } = await setUp({ withInteractions: true });
    let failFits = false;
    const createModel = (): Recommender => {
      const model = createConfiguredRecommender(config, silentLogger());
      if (failFits) model.fit = async () => Promise.reject(new Error('NaN in factors'));
      return model;
    };
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger(), createModel });
    const before = await service.recommendForCustomer('c1', { n: 2 });
    const statusBefore = service.status;
    failFits = true;
    await expect(service.retrain()).rejects.toBeInstanceOf(TrainingError);
    expect(service.status).toEqual(statusBefore);
    expect(await service.recommendForCustomer('c1', { n: 2 })).toEqual(before);
  });

  it('loads the saved model version on the next start instead of training again', async () => {
    const { store, config } = await setUp({ withInteractions: true });
    await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    let fits = 0;
    const createModel = (): Recommender => {
      const model = createConfiguredRecommender(config, silentLogger());
      const fit = model.fit.bind(model);
      model.fit = async (...args) => {
        fits += 1;
        return fit(...args);
      };
      return model;
    };
    const again = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger(), createModel });
    expect(fits).toBe(0);
    expect(again.status.fitted).toBe(true);
    expect((await again.recommendForCustomer('c1', { n: 1 }))[0].product.id).toBe('p1');
  });

  it('starts unfitted on an empty store: query-only answers work, anything else throws ModelNotTrainedError', async () => {
    const { store, config } = await setUp({ withInteractions: false });
    const service = await createRecommenderService({ config, store, encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    expect(service.status.fitted).toBe(false);
    await expect(service.recommendForCustomer('c1')).rejects.toBeInstanceOf(ModelNotTrainedError);
    const byQuery = await service.recommendForCustomer('c1', { n: 2, query: 'coffee mug' });
    expect(byQuery.every((s) => s.product.title.includes('mug'))).toBe(true);
    expect(ids(byQuery)).not.toContain('p7');
  });
});
