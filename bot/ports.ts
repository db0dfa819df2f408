import type { Logger } from '../core/logger.js';
import type { InteractionKind, Product, Store } from '../core/storage/types.js';
import type { NluService } from '../nlu/types.js';

/**
 * The narrow interfaces the bot consumes. The bot depends on these only, never on a concrete NLU,
 * recommender or database, so tests can pass small fakes and the composition root the real services.
 */

export type { NluService, NluResult } from '../nlu/types.js';

export interface ProductSuggestion {
  product: Product;
  score: number;
  /** Why this product is suggested, in words a shopper can read ("because you liked …"). */
  reason: string;
  /**
   * For a request with a query: whether this product is what was asked for. Undefined when the recommender cannot
   * say; bot/queryMatching.ts fills it in for recommenders that do not.
   */
  matchesQuery?: boolean;
}

export interface RecommendForCustomerOptions {
  n?: number;
  query?: string;
  excludeSeen?: boolean;
}

/** What the bot needs from the recommender service. */
export interface Recommendations {
  recommendForCustomer(customerId: string, options?: RecommendForCustomerOptions): Promise<ProductSuggestion[]>;
  similarProducts(productId: string, n?: number): Promise<ProductSuggestion[]>;
  recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void>;
}

/** The repositories the bot reads and writes. */
export type BotStore = Pick<Store, 'customers' | 'products' | 'orders' | 'conversations' | 'transcripts'>;

/** Everything the bot's flow logic and channels need. */
export interface BotPorts {
  nlu: NluService;
  recommendations: Recommendations;
  store: BotStore;
  logger: Logger;
}
