import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { InteractionKind, Product, Store } from '../core/storage/types.js';
import type { ProductSuggestion, Recommendations, RecommendForCustomerOptions } from './ports.js';

const POPULAR_KINDS: InteractionKind[] = ['purchase', 'cart'];
const POPULAR_POOL = 100;
const REASON = 'Popular with our customers';

/**
 * While the CF model is not trained yet (its calls throw MODEL_NOT_TRAINED), answers with the most bought
 * in-stock products instead, computed once from the store's interactions. Any other error passes through.
 */
export class PopularityFallback implements Recommendations {
  private popular: Promise<Product[]> | undefined;

  constructor(
    private readonly inner: Recommendations,
    private readonly store: Pick<Store, 'interactions' | 'products'>,
    private readonly logger: Logger,
  ) {}

  async recommendForCustomer(customerId: string, options?: RecommendForCustomerOptions): Promise<ProductSuggestion[]> {
    try {
      return await this.inner.recommendForCustomer(customerId, options);
    } catch (error) {
      if (!isNotTrained(error)) throw error;
      return this.popularSuggestions(options?.n ?? 10, undefined);
    }
  }

  async similarProducts(productId: string, n = 10): Promise<ProductSuggestion[]> {
    try {
      return await this.inner.similarProducts(productId, n);
    } catch (error) {
      if (!isNotTrained(error)) throw error;
      return this.popularSuggestions(n, productId);
    }
  }

  recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void> {
    return this.inner.recordInteraction(customerId, productId, kind);
  }

  private async popularSuggestions(n: number, excluded: string | undefined): Promise<ProductSuggestion[]> {
    this.popular ??= this.computePopular().catch((error: unknown) => {
      this.popular = undefined;
      throw error;
    });
    const products = (await this.popular).filter((p) => p.id !== excluded).slice(0, n);
    return products.map((product, rank) => ({ product, score: 1 / (rank + 1), reason: REASON }));
  }

  private async computePopular(): Promise<Product[]> {
    const started = Date.now();
    const counts = new Map<string, number>();
    for await (const interaction of this.store.interactions.stream({ kinds: POPULAR_KINDS })) {
      counts.set(interaction.productId, (counts.get(interaction.productId) ?? 0) + Math.max(1, interaction.value));
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, POPULAR_POOL).map(([id]) => id);
    const products = (await this.store.products.getMany(top)).filter((p) => p.inStock);
    this.logger.info({ products: products.length, ms: Date.now() - started }, 'popularity fallback ready (CF model not trained yet)');
    return products;
  }
}

function isNotTrained(error: unknown): boolean {
  return isAppError(error) && error.code === 'MODEL_NOT_TRAINED';
}
