import { ModelNotTrainedError, NotFoundError } from '../../../core/errors.js';
import type { Explanation, FitReport, InteractionRecord, Recommendation, RecommendOptions, Recommender } from '../../../recommender/types.js';

/**
 * Test double: ranks a fixed item order per user (or a global order), honouring excludeSeen with the train
 * history given to fit(). Only for tests of the evaluation functions.
 */
export class FixedRankingRecommender implements Recommender {
  readonly name = 'fixed';
  fitted = false;
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly rankings: ReadonlyMap<string, readonly string[]>, private readonly globalOrder: readonly string[] = []) {}

  async fit(interactions: Iterable<InteractionRecord> | AsyncIterable<InteractionRecord>): Promise<FitReport> {
    let count = 0;
    for await (const r of interactions) {
      count += 1;
      const set = this.seen.get(r.userId) ?? new Set<string>();
      set.add(r.itemId);
      this.seen.set(r.userId, set);
    }
    this.fitted = true;
    return { model: this.name, backend: 'js', users: this.seen.size, items: 0, interactions: count, seconds: 0 };
  }

  recommend(userId: string, options: RecommendOptions = {}): Recommendation[] {
    if (!this.fitted) throw new ModelNotTrainedError('fixed');
    if (!this.seen.has(userId)) throw new NotFoundError(`unknown user ${userId}`);
    const order = this.rankings.get(userId) ?? this.globalOrder;
    const seen = this.seen.get(userId) ?? new Set<string>();
    return order
      .filter((item) => !(options.excludeSeen ?? true) || !seen.has(item))
      .slice(0, options.n ?? 10)
      .map((itemId, i) => ({ itemId, score: 1 / (i + 1) }));
  }

  similarItems(): Recommendation[] {
    return [];
  }

  explain(_userId: string, itemId: string): Explanation {
    return { itemId, because: [] };
  }

  explainMany(userId: string, itemIds: readonly string[]): Explanation[] {
    return itemIds.map((itemId) => this.explain(userId, itemId));
  }

  updateUser(userId: string, history: readonly InteractionRecord[]): void {
    this.seen.set(userId, new Set(history.map((h) => h.itemId)));
  }

  hasUser(userId: string): boolean {
    return this.seen.has(userId);
  }

  hasItem(): boolean {
    return true;
  }

  async save(): Promise<void> {}
  async load(): Promise<void> {}
}
