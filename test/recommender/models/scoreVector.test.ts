import { describe, expect, it } from 'vitest';
import { seededFactors } from '../../../recommender/als/alsMath.js';
import { factorDot, Int8ItemScorer } from '../../../recommender/als/int8Scorer.js';
import { blendWithQuery, exactScores, selectTop } from '../../../recommender/models/scoreVector.js';
import { topK } from '../../../recommender/models/topK.js';

/** Centred factors (seededFactors is uniform [0, scale)), with a few items of much larger norm. */
function factors(count: number, f: number, seed: number): Float32Array {
  const raw = seededFactors(count, f, seed, 2);
  return raw.map((v, k) => (v - 1) * (Math.floor(k / f) % 97 === 0 ? 8 : 1));
}

describe('int8 item scoring with certified exact top-k', () => {
  for (const f of [64, 13]) {
    it(`bounds every item's error and selects exactly the exact top k (f = ${f})`, () => {
      const items = 5000;
      const itemFactors = factors(items, f, 5);
      const scorer = new Int8ItemScorer(itemFactors, items, f);
      const skip = new Uint8Array(items);
      for (let i = 0; i < items; i += 7) skip[i] = 1;
      const keep = (i: number): boolean => i % 5 !== 1;
      for (let user = 0; user < 20; user++) {
        const x = factors(1, f, 100 + user);
        const approx = scorer.score(x);
        const exact = Float32Array.from({ length: items }, (_, i) => factorDot(x, itemFactors, i * f, f));
        let worst = -Infinity; // largest error minus its bound: must stay ≤ 0
        for (let i = 0; i < items; i++) {
          worst = Math.max(worst, Math.abs(approx.values[i] - exact[i]) - approx.errorScale * (approx.itemError?.[i] ?? 0));
        }
        expect(worst).toBeLessThanOrEqual(0);
        expect(selectTop(approx, 10, skip, keep)).toEqual(topK(exact, 10, skip, keep));
      }
    });
  }

  it('blends with a query exactly as the exact path does (min-max over unseen items, then weights)', () => {
    const items = 3000;
    const f = 32;
    const itemFactors = factors(items, f, 9);
    const scorer = new Int8ItemScorer(itemFactors, items, f);
    const query = Float32Array.from({ length: items }, (_, i) => ((i * 37) % 101) / 100);
    const skip = new Uint8Array(items);
    for (let i = 0; i < items; i += 3) skip[i] = 1;
    for (let user = 0; user < 10; user++) {
      const x = factors(1, f, 300 + user);
      const exact = exactScores(Float32Array.from({ length: items }, (_, i) => factorDot(x, itemFactors, i * f, f)));
      const expected = topK(blendWithQuery(exact, query, 0.5, skip).values, 15, skip);
      expect(selectTop(blendWithQuery(scorer.score(x), query, 0.5, skip), 15, skip)).toEqual(expected);
    }
  });
});
