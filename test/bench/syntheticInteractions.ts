import type { InteractionRecord } from '../../recommender/types.js';

/**
 * Deterministic synthetic implicit-feedback data for benchmarks: users belong to one of `segments` taste groups,
 * each group prefers its own slice of the catalog (70 % of picks), the rest follow a Zipf-like global popularity.
 * Yields records one by one (streaming), `users × perUser` in total.
 */
export function* syntheticInteractions(users: number, items: number, perUser: number, seed = 1, segments = 20): Generator<InteractionRecord> {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const slice = Math.max(1, Math.floor(items / segments));
  const kinds = ['purchase', 'purchase', 'cart', 'click', 'view'] as const;
  for (let u = 0; u < users; u++) {
    const segment = u % segments;
    for (let k = 0; k < perUser; k++) {
      const item =
        random() < 0.7
          ? segment * slice + Math.floor(random() ** 2 * slice)
          : Math.min(items - 1, Math.floor(random() ** 3 * items));
      yield { userId: `u${u}`, itemId: `i${item}`, kind: kinds[Math.floor(random() * kinds.length)], timestamp: 1_700_000_000_000 + k * 60_000 };
    }
  }
}
