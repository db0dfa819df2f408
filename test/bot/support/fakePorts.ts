import type { InteractionKind, Order, Product } from '../../../core/storage/types.js';
import type { NluResult, SentimentResult } from '../../../nlu/types.js';
import type { NluService, ProductSuggestion, Recommendations, RecommendForCustomerOptions } from '../../../bot/ports.js';
import { productMatchesQuery } from '../../../bot/queryMatching.js';
import { MemoryBotStore } from './memoryStore.js';

/** Keyword NLU: enough to drive dialogue tests deterministically. */
const RULES: Array<[RegExp, string]> = [
  [/\b(human|person|agent|someone real)\b/i, 'contact_human_agent'],
  [/\brefund policy\b/i, 'check_refund_policy'],
  [/\brefund\b/i, 'track_refund'],
  [/\b(where|track|status)\b.*\border\b|\border\b.*\b(where|status)\b/i, 'track_order'],
  [/\breturn\b/i, 'return_item'],
  [/\b(recommend|suggest)\b/i, 'recommend_products'],
  [/\b(looking for|search|find)\b/i, 'search_products'],
  [/\b(change|update)\b.*\baddress\b/i, 'change_shipping_address'],
  [/\bhow long\b.*\bdeliver|\bdelivery (time|times|take)/i, 'delivery_period'],
  [/\b(deliver|delivery|shipping options)\b/i, 'delivery_options'],
  [/\bpay(ment)?\b.*\b(fail|declined|problem|issue)\b/i, 'payment_issue'],
  [/\b(payment methods|pay with|can i pay)\b/i, 'check_payment_methods'],
  [/\bpassword\b/i, 'recover_password'],
  [/\b(change|update|edit)\b.*\b(email|name|account|profile)\b/i, 'edit_account'],
  [/\bcancellation fees?\b/i, 'check_cancellation_fee'],
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

/**
 * Recommends catalogue products in order, the query's matches first and flagged with `matchesQuery` (the others
 * follow, flagged false, as a real recommender pads a carousel); records interactions.
 */
export class FakeRecommendations implements Recommendations {
  readonly recorded: Array<{ customerId: string; productId: string; kind: InteractionKind }> = [];
  readonly requests: Array<{ customerId: string; options: RecommendForCustomerOptions | undefined }> = [];

  constructor(private readonly store: MemoryBotStore) {}

  async recommendForCustomer(customerId: string, options?: RecommendForCustomerOptions): Promise<ProductSuggestion[]> {
    this.requests.push({ customerId, options });
    const query = options?.query;
    const clicked = new Set(this.recorded.filter((r) => r.customerId === customerId).map((r) => r.productId));
    const ranked = [...this.store.productRows.values()]
      .map((product) => ({ product, matches: query === undefined ? undefined : productMatchesQuery(product, query) }))
      .sort((a, b) => Number(b.matches ?? false) - Number(a.matches ?? false) || Number(clicked.has(b.product.id)) - Number(clicked.has(a.product.id)));
    return ranked.slice(0, options?.n ?? 5).map(({ product, matches }, i) => {
      const suggestion: ProductSuggestion = { product, score: 1 - i * 0.1, reason: matches === true ? `matches "${query}"` : 'popular with customers like you' };
      if (matches !== undefined) suggestion.matchesQuery = matches;
      return suggestion;
    });
  }

  async similarProducts(productId: string, n = 5): Promise<ProductSuggestion[]> {
    const source = this.store.productRows.get(productId);
    return [...this.store.productRows.values()]
      .filter((p) => p.id !== productId)
      .slice(0, n)
      .map((product) => ({ product, score: 0.5, reason: `often bought together with ${source?.title ?? productId}` }));
  }

  async recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void> {
    this.recorded.push({ customerId, productId, kind });
  }
}

const DAY = 86_400_000;
export const TEST_NOW = new Date('2026-03-01T12:00:00Z');

function product(id: string, title: string, price: number, description = `${title} from our shop`): Product {
  return { id, title, description, price, currency: 'GBP', inStock: true, imageUrl: `/demo/products/${id}/image.svg`, url: `/demo/products/${id}` };
}

interface OrderSpec {
  status: Order['status'];
  placedDaysAgo: number;
  shippedDaysAgo?: number;
  deliveredDaysAgo?: number;
  updatedDaysAgo?: number;
  trackingNumber?: string;
  lines?: Order['lines'];
}

function order(id: string, customerId: string, spec: OrderSpec, now: Date): Order {
  const ago = (days: number): Date => new Date(now.getTime() - days * DAY);
  const placedAt = ago(spec.placedDaysAgo);
  const latest = spec.updatedDaysAgo ?? spec.deliveredDaysAgo ?? spec.shippedDaysAgo ?? spec.placedDaysAgo;
  const row: Order = {
    id, customerId, status: spec.status, currency: 'GBP', placedAt, updatedAt: ago(latest),
    lines: spec.lines ?? [{ productId: 'P1', quantity: 2, unitPrice: 2.95 }, { productId: 'P3', quantity: 1, unitPrice: 6.25 }],
  };
  if (spec.shippedDaysAgo !== undefined) row.shippedAt = ago(spec.shippedDaysAgo);
  if (spec.deliveredDaysAgo !== undefined) row.deliveredAt = ago(spec.deliveredDaysAgo);
  if (spec.trackingNumber !== undefined) row.trackingNumber = spec.trackingNumber;
  return row;
}

/**
 * Three customers (one with an importer's placeholder name), a small catalogue and orders in every state the flows
 * care about, dated relative to `now` (TEST_NOW for the scripted dialogues, the real clock for browser tests).
 */
export async function seededStore(now: Date = TEST_NOW): Promise<MemoryBotStore> {
  const store = new MemoryBotStore();
  await store.customers.upsertMany([
    { id: 'c-alice', name: 'Alice Martin', email: 'alice.martin@example.com', createdAt: now },
    { id: 'c-bob', name: 'Bob Stone', email: 'bob.stone@example.com', createdAt: now },
    { id: 'uci-12347', externalId: '12347', name: 'Customer 12347', createdAt: now },
  ]);
  await store.products.upsertMany([
    product('P1', 'White hanging heart T-light holder', 2.95, 'White hanging heart T-light holder'),
    product('P2', 'Vanilla scented candle', 4.5),
    product('P3', 'Lavender candle set', 6.25),
    product('P4', 'Red retrospot lunch bag', 1.65),
    product('P5', 'Jumbo bag pink polkadot', 2.1),
    product('P6', 'Glass star frosted T-light holder', 3.75),
  ]);
  await store.orders.upsertMany([
    order('536365', 'c-alice', { status: 'shipped', placedDaysAgo: 3, shippedDaysAgo: 2, trackingNumber: 'TRK123456' }, now),
    order('536370', 'c-alice', { status: 'delivered', placedDaysAgo: 10, shippedDaysAgo: 8, deliveredDaysAgo: 5 }, now),
    order('536371', 'c-alice', { status: 'delivered', placedDaysAgo: 90, shippedDaysAgo: 88, deliveredDaysAgo: 80 }, now),
    order('536380', 'c-alice', { status: 'returned', placedDaysAgo: 30, deliveredDaysAgo: 25, updatedDaysAgo: 2 }, now),
    order('536390', 'c-alice', { status: 'placed', placedDaysAgo: 1, lines: [{ productId: 'P2', quantity: 1, unitPrice: 4.5 }] }, now),
    order('536395', 'c-alice', { status: 'cancelled', placedDaysAgo: 40, updatedDaysAgo: 39 }, now),
    order('536400', 'c-bob', { status: 'placed', placedDaysAgo: 1 }, now),
    order('uci-581180', 'c-bob', { status: 'delivered', placedDaysAgo: 20, deliveredDaysAgo: 15 }, now),
    order('uci-581190', 'uci-12347', { status: 'delivered', placedDaysAgo: 400 }, now),
  ]);
  return store;
}
