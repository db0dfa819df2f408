import type { InteractionKind, Order, Product } from '../../../core/storage/types.js';
import type { NluResult, SentimentResult } from '../../../nlu/types.js';
import type { NluService, ProductSuggestion, Recommendations, RecommendForCustomerOptions } from '../../../bot/ports.js';
import { MemoryBotStore } from './memoryStore.js';

/** Keyword NLU: enough to drive dialogue tests deterministically. */
const RULES: Array<[RegExp, string]> = [
  [/\b(human|person|agent|someone real)\b/i, 'contact_human_agent'],
  [/\b(where|track|status)\b.*\border\b|\border\b.*\b(where|status)\b/i, 'track_order'],
  [/\breturn\b/i, 'return_item'],
  [/\brefund policy\b/i, 'check_refund_policy'],
  [/\b(recommend|suggest)\b/i, 'recommend_products'],
  [/\b(looking for|search|find)\b/i, 'search_products'],
  [/\b(deliver|delivery|shipping options)\b/i, 'delivery_options'],
  [/\bpay(ment)?\b.*\b(fail|declined|problem|issue)\b/i, 'payment_issue'],
  [/\bpassword\b/i, 'recover_password'],
  [/\b(cancel)\b/i, 'cancel_order'],
  [/^(hi|hello|hey)\b/i, 'greet'],
  [/\b(thanks|thank you)\b/i, 'thanks'],
  [/\b(bye|goodbye)\b/i, 'goodbye'],
];
/** Messages the keyword NLU calls out of scope although they name an order (like a cautious real classifier). */
const OOS_WITH_ORDER = /^order \S+ please$/i;
const NEGATIVE = /\b(terrible|awful|useless|angry|worst|ridiculous|furious)\b/i;

export class KeywordNlu implements NluService {
  readonly calls: string[] = [];

  async understand(text: string): Promise<NluResult> {
    this.calls.push(text);
    const rule = OOS_WITH_ORDER.test(text) ? undefined : RULES.find(([pattern]) => pattern.test(text));
    const sentiment: SentimentResult = NEGATIVE.test(text)
      ? { label: 'negative', score: 0.95, positive: 0.05 }
      : { label: 'neutral', score: 0.7, positive: 0.5 };
    const ranking = [
      { intent: 'track_order', confidence: 0.2 },
      { intent: 'recommend_products', confidence: 0.15 },
      { intent: 'return_item', confidence: 0.1 },
    ];
    const intent = rule === undefined
      ? { intent: null, confidence: 0.2, outOfScope: true, ranking, nearest: [], modelVersion: 'keyword-test' }
      : { intent: rule[1], confidence: 0.9, outOfScope: false, ranking: [{ intent: rule[1], confidence: 0.9 }, ...ranking], nearest: [], modelVersion: 'keyword-test' };
    return { text, intent, sentiment };
  }
}

/** Recommends catalogue products in order, the query's matches first; records interactions. */
export class FakeRecommendations implements Recommendations {
  readonly recorded: Array<{ customerId: string; productId: string; kind: InteractionKind }> = [];
  readonly requests: Array<{ customerId: string; options: RecommendForCustomerOptions | undefined }> = [];

  constructor(private readonly store: MemoryBotStore) {}

  async recommendForCustomer(customerId: string, options?: RecommendForCustomerOptions): Promise<ProductSuggestion[]> {
    this.requests.push({ customerId, options });
    const query = options?.query?.toLowerCase();
    const products = [...this.store.productRows.values()];
    const matching = query === undefined ? products : products.filter((p) => `${p.title} ${p.description}`.toLowerCase().includes(query.replace(/s$/, '')));
    const clicked = new Set(this.recorded.filter((r) => r.customerId === customerId).map((r) => r.productId));
    return matching
      .sort((a, b) => Number(clicked.has(b.id)) - Number(clicked.has(a.id)))
      .slice(0, options?.n ?? 5)
      .map((product, i) => ({ product, score: 1 - i * 0.1, reason: query === undefined ? 'Popular with customers like you' : `Matches "${query}"` }));
  }

  async similarProducts(productId: string, n = 5): Promise<ProductSuggestion[]> {
    return [...this.store.productRows.values()]
      .filter((p) => p.id !== productId)
      .slice(0, n)
      .map((product) => ({ product, score: 0.5, reason: 'Bought together' }));
  }

  async recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void> {
    this.recorded.push({ customerId, productId, kind });
  }
}

const DAY = 86_400_000;
export const TEST_NOW = new Date('2026-03-01T12:00:00Z');

function product(id: string, title: string, price: number): Product {
  return { id, title, description: `${title} from our shop`, price, currency: 'GBP', inStock: true };
}

function order(id: string, customerId: string, status: Order['status'], daysAgo: number, extra: Partial<Order> = {}): Order {
  const placedAt = new Date(TEST_NOW.getTime() - daysAgo * DAY);
  return { id, customerId, status, currency: 'GBP', placedAt, updatedAt: placedAt, lines: [{ productId: 'P1', quantity: 2, unitPrice: 3 }], ...extra };
}

/** Two customers, a small catalogue and orders in every state the flows care about. */
export async function seededStore(): Promise<MemoryBotStore> {
  const store = new MemoryBotStore();
  await store.customers.upsertMany([
    { id: 'c-alice', name: 'Alice Martin', createdAt: TEST_NOW },
    { id: 'c-bob', name: 'Bob Stone', createdAt: TEST_NOW },
  ]);
  await store.products.upsertMany([
    product('P1', 'White hanging heart T-light holder', 2.95),
    product('P2', 'Vanilla scented candle', 4.5),
    product('P3', 'Lavender candle set', 6.25),
    product('P4', 'Red retrospot lunch bag', 1.65),
    product('P5', 'Jumbo bag pink polkadot', 2.1),
    product('P6', 'Glass star frosted T-light holder', 3.75),
  ]);
  await store.orders.upsertMany([
    order('536365', 'c-alice', 'shipped', 3, { trackingNumber: 'TRK123456', shippedAt: new Date(TEST_NOW.getTime() - 2 * DAY) }),
    order('536370', 'c-alice', 'delivered', 10, { deliveredAt: new Date(TEST_NOW.getTime() - 5 * DAY) }),
    order('536371', 'c-alice', 'delivered', 90, { deliveredAt: new Date(TEST_NOW.getTime() - 80 * DAY) }),
    order('536400', 'c-bob', 'placed', 1),
    order('uci-581180', 'c-bob', 'delivered', 20, { deliveredAt: new Date(TEST_NOW.getTime() - 15 * DAY) }),
  ]);
  return store;
}
