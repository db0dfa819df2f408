import { describe, expect, it } from 'vitest';
import { ModelNotTrainedError, NotFoundError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { Interaction, InteractionRepository } from '../../core/storage/types.js';
import { PopularityFallback } from '../../bot/popularityFallback.js';
import { FakeRecommendations, seededStore } from './support/fakePorts.js';

function interactions(rows: Array<[string, number]>): Pick<InteractionRepository, 'stream'> {
  const list: Interaction[] = rows.map(([productId, value], i) => ({
    id: `i${i}`, customerId: 'c-alice', productId, kind: 'purchase', value, timestamp: new Date(i), source: 'test',
  }));
  return {
    stream: async function* () {
      yield* list;
    },
  };
}

describe('popularity fallback while the CF model is untrained', () => {
  it('answers with the most bought products, then delegates once the model answers', async () => {
    const store = await seededStore();
    const inner = new FakeRecommendations(store);
    let trained = false;
    inner.recommendForCustomer = async () => {
      if (!trained) throw new ModelNotTrainedError('recommender');
      return [];
    };
    inner.similarProducts = async () => {
      throw new ModelNotTrainedError('recommender');
    };
    const repo = { ...interactions([['P3', 5], ['P1', 1], ['P3', 2], ['P5', 4]]), upsertMany: async () => ({ inserted: 0, updated: 0, rejected: [] }), listByCustomer: async () => ({ items: [] }), count: async () => 4 };
    const fallback = new PopularityFallback(inner, { interactions: repo, products: store.products }, silentLogger());
    const popular = await fallback.recommendForCustomer('c-new', { n: 2 });
    expect(popular.map((s) => s.product.id)).toEqual(['P3', 'P5']);
    expect(popular[0]?.reason).toMatch(/Popular/);
    expect((await fallback.similarProducts('P3', 5)).map((s) => s.product.id)).toEqual(['P5', 'P1']);
    trained = true;
    expect(await fallback.recommendForCustomer('c-new')).toEqual([]);
  });

  it('does not hide other errors', async () => {
    const store = await seededStore();
    const inner = new FakeRecommendations(store);
    inner.similarProducts = async () => {
      throw new NotFoundError('unknown product');
    };
    const fallback = new PopularityFallback(inner, { interactions: { ...interactions([]), upsertMany: async () => ({ inserted: 0, updated: 0, rejected: [] }), listByCustomer: async () => ({ items: [] }), count: async () => 0 }, products: store.products }, silentLogger());
    await expect(fallback.similarProducts('nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
