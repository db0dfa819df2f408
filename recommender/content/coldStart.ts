import type { ItemScores, Recommendation } from '../types.js';
import { topScores } from './contentIndex.js';

/**
 * Answer for a customer with no history: popularity, blended with query similarity when the customer said what they
 * want. Popularity is scaled to [0, 1] by its maximum; score = (1 − w)·popularity + w·similarity.
 */
export interface ColdStartOptions {
  n: number;
  /** Weight of the query similarity, 0..1 (default 0.7: what the customer asks for matters more than what sells). */
  queryWeight?: number;
  filter?: (itemId: string) => boolean;
}

export function blendColdStart(
  popularity: ReadonlyMap<string, number>,
  queryScores: ItemScores | undefined,
  options: ColdStartOptions,
): Recommendation[] {
  let maxPopularity = 0;
  for (const value of popularity.values()) if (value > maxPopularity) maxPopularity = value;
  const scale = maxPopularity > 0 ? 1 / maxPopularity : 0;
  if (queryScores === undefined) {
    const scaled = new Map<string, number>();
    for (const [id, value] of popularity) scaled.set(id, value * scale);
    return topScores(scaled, options.n, options.filter);
  }
  const weight = Math.max(0, Math.min(1, options.queryWeight ?? 0.7));
  const blended = new Map<string, number>();
  queryScores.ids.forEach((id, k) => blended.set(id, weight * queryScores.scores[k] + (1 - weight) * (popularity.get(id) ?? 0) * scale));
  for (const [id, value] of popularity) if (!blended.has(id)) blended.set(id, (1 - weight) * value * scale);
  return topScores(blended, options.n, options.filter);
}
