import type { InteractionKind, Product } from '../core/storage/types.js';
import type { ProductSuggestion, Recommendations, RecommendForCustomerOptions } from './ports.js';

/**
 * Whether a suggestion literally matches what the customer asked for. The recommender blends the request's text
 * similarity into its ranking but cannot say whether anything in the catalogue *is* what was asked for (its text
 * scores are relative), so "recommend a bicycle" in a shop without bicycles would come back as unrelated products.
 * This lexical check is explainable and cheap: every content word of the query (singular or plural) must occur in
 * the product's title, description or category.
 */

const WORD = /[a-z0-9]+/g;

/** "candles" → "candle", "berries" → "berry", "boxes" → "box"; short words and "-ss" words unchanged. */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:x|z|ch|sh|sses)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

function words(text: string): string[] {
  return (text.toLowerCase().replace(/'s\b/g, '').match(WORD) ?? []).map(singular);
}

export function productMatchesQuery(product: Pick<Product, 'title' | 'description' | 'category'>, query: string): boolean {
  const wanted = words(query);
  if (wanted.length === 0) return false;
  const have = new Set(words(`${product.title} ${product.description} ${product.category ?? ''}`));
  return wanted.every((w) => have.has(w));
}

/** How many candidates to look at per requested suggestion when the request names something. */
const POOL_FACTOR = 3;
const MAX_POOL = 100;

/**
 * Flags every suggestion of a query-bearing request with `matchesQuery`, looking at a larger pool than requested and
 * putting the literal matches first (in the recommender's order), so "nothing matches" means nothing in that pool did.
 */
export class QueryMatchingRecommendations implements Recommendations {
  constructor(private readonly inner: Recommendations) {}

  async recommendForCustomer(customerId: string, options?: RecommendForCustomerOptions): Promise<ProductSuggestion[]> {
    const query = options?.query?.trim();
    if (query === undefined || query === '') return this.inner.recommendForCustomer(customerId, options);
    const n = options?.n ?? 5;
    const pool = await this.inner.recommendForCustomer(customerId, { ...options, query, n: Math.min(MAX_POOL, n * POOL_FACTOR) });
    const flagged = pool.map((s) => ({ ...s, matchesQuery: s.matchesQuery ?? productMatchesQuery(s.product, query) }));
    return [...flagged.filter((s) => s.matchesQuery), ...flagged.filter((s) => !s.matchesQuery)].slice(0, n);
  }

  similarProducts(productId: string, n?: number): Promise<ProductSuggestion[]> {
    return this.inner.similarProducts(productId, n);
  }

  recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void> {
    return this.inner.recordInteraction(customerId, productId, kind);
  }
}
