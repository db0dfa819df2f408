import type { Store } from '../../../core/storage/types.js';

/** A small shop's worth of support data: one angry pending customer, a bot conversation and a closed one. */
export async function seedSupportData(store: Pick<Store, 'customers' | 'products' | 'orders' | 'interactions' | 'conversations' | 'transcripts'>, now: Date): Promise<void> {
  const minutes = (n: number) => new Date(now.getTime() - n * 60_000);
  await store.customers.upsertMany([{ id: 'c-alice', name: 'Alice Martin', email: 'alice@example.com', country: 'FR', locale: 'fr-FR', createdAt: minutes(60 * 24 * 200) }]);
  await store.products.upsertMany([
    { id: 'P1', title: 'White hanging heart T-light holder', description: 'Candle holder', currency: 'EUR', inStock: true, price: 2.55 },
    { id: 'P2', title: 'Regency cakestand 3 tier', description: 'Cake stand', currency: 'EUR', inStock: true, price: 12.75 },
  ]);
  await store.orders.upsertMany([
    { id: '536365', customerId: 'c-alice', status: 'shipped', currency: 'EUR', lines: [{ productId: 'P1', quantity: 6, unitPrice: 2.55 }, { productId: 'P2', quantity: 1, unitPrice: 12.75 }], placedAt: minutes(60 * 24 * 3), updatedAt: minutes(60 * 24 * 2), trackingNumber: 'TRK1' },
  ]);
  await store.interactions.upsertMany([{ id: 'i1', customerId: 'c-alice', productId: 'P2', kind: 'view', value: 1, timestamp: minutes(60 * 24), source: 'web' }]);
  await store.conversations.upsert({ id: 'conv-alice', channel: 'directline', customerId: 'c-alice', status: 'pending', tags: ['handoff:negative_sentiment'], createdAt: minutes(30), updatedAt: minutes(12) });
  await store.conversations.upsert({ id: 'conv-bot', channel: 'directline', status: 'bot', tags: [], createdAt: minutes(20), updatedAt: minutes(5) });
  await store.conversations.upsert({ id: 'conv-closed', channel: 'msteams', status: 'closed', tags: ['resolved'], createdAt: minutes(300), updatedAt: minutes(200) });
  await store.transcripts.append([
    { id: 'a1', conversationId: 'conv-alice', role: 'customer', text: 'where is my order 536365', timestamp: minutes(29), nlu: { intent: 'track_order', confidence: 0.93, outOfScope: false, sentiment: 'neutral', sentimentScore: 0.61 } },
    { id: 'a2', conversationId: 'conv-alice', role: 'bot', text: 'Order 536365 is shipped, tracking TRK1.', timestamp: minutes(29) },
    { id: 'a3', conversationId: 'conv-alice', role: 'customer', text: 'It is a week late, this is ridiculous. I want a refund', timestamp: minutes(13), nlu: { intent: 'request_refund', confidence: 0.71, outOfScope: false, sentiment: 'negative', sentimentScore: 0.94 } },
    { id: 'a4', conversationId: 'conv-alice', role: 'bot', text: 'I am sorry. I am passing you to a colleague who can help.', timestamp: minutes(12) },
    { id: 'b1', conversationId: 'conv-bot', role: 'customer', text: 'can you recommend a cake stand', timestamp: minutes(6), nlu: { intent: 'recommend_products', confidence: 0.88, sentiment: 'positive', sentimentScore: 0.7 } },
    { id: 'x1', conversationId: 'conv-closed', role: 'customer', text: 'thanks, all good', timestamp: minutes(201), nlu: { intent: 'thanks', confidence: 0.97, sentiment: 'positive' } },
  ]);
}
