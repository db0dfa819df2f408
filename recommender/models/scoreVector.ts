import { topK, type TopKEntry } from './topK.js';

/**
 * Dense per-item scores as a model produced them: exact, or approximate with a certified error bound
 *   |values[i] − exact(i)| ≤ errorScale · itemError[i] + slack
 * (ALS scores a large catalogue from int8 codes). Selection and blending keep the bound, and `selectTop` rescores
 * exactly every item that could still be in the top k, so the result is the exact ranking either way.
 */
export interface ScoreVector {
  values: Float32Array;
  /** 0 with slack 0: values are exact. */
  errorScale: number;
  itemError?: Float32Array;
  slack: number;
  exact: (item: number) => number;
}

export function exactScores(values: Float32Array): ScoreVector {
  return { values, errorScale: 0, slack: 0, exact: (item) => values[item] };
}

const isExact = (scores: ScoreVector): boolean => scores.itemError === undefined || (scores.errorScale === 0 && scores.slack === 0);

/** Top k by exact score; ties by lower index. `skip` and `keep` as in topK. */
export function selectTop(scores: ScoreVector, k: number, skip?: Uint8Array, keep?: (index: number) => boolean): TopKEntry[] {
  const { values, itemError, errorScale, slack } = scores;
  if (isExact(scores) || itemError === undefined) return topK(values, k, skip, keep);
  // The approximate top k are k eligible items; the lowest exact score among them, τ, is at most the exact k-th
  // best, so an item whose upper bound stays below τ cannot be in the exact top k.
  const approximate = topK(values, k, skip, keep);
  let tau = approximate.length === k ? Infinity : -Infinity;
  if (approximate.length === k) for (const e of approximate) tau = Math.min(tau, scores.exact(e.index));
  const candidates: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] + errorScale * itemError[i] + slack >= tau)) continue; // also drops NaN
    if (skip !== undefined && skip[i] === 1) continue;
    if (keep !== undefined && !keep(i)) continue;
    candidates.push(i);
  }
  const exact = Float32Array.from(candidates, (i) => scores.exact(i));
  return topK(exact, k).map((e) => ({ index: candidates[e.index], score: e.score }));
}

/** Exact minimum and maximum over the non-skipped finite scores (undefined when there are none). */
export function exactRange(scores: ScoreVector, skip?: Uint8Array): { min: number; max: number } | undefined {
  const { values, errorScale, slack } = scores;
  const itemError = scores.itemError ?? new Float32Array(values.length);
  let lowestUpper = Infinity;
  let highestLower = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if ((skip !== undefined && skip[i] === 1) || !Number.isFinite(value)) continue;
    const b = errorScale * itemError[i] + slack;
    if (value + b < lowestUpper) lowestUpper = value + b;
    if (value - b > highestLower) highestLower = value - b;
  }
  if (lowestUpper === Infinity) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const b = errorScale * itemError[i] + slack;
    // Only an item that may lie below every upper bound can be the minimum (above every lower bound: the maximum).
    if (!(value - b <= lowestUpper || value + b >= highestLower)) continue;
    if ((skip !== undefined && skip[i] === 1) || !Number.isFinite(value)) continue;
    const exact = scores.exact(i);
    if (exact < min) min = exact;
    if (exact > max) max = exact;
  }
  return { min, max };
}

/**
 * (1 − weight) · min-max-normalised score (over the non-skipped items) + weight · query score, in place.
 * `query[i]` is the query score of item i (0 where none). Both paths compute it in Float64 and round once.
 */
export function blendWithQuery(scores: ScoreVector, query: Float32Array, weight: number, skip?: Uint8Array): ScoreVector {
  const range = exactRange(scores, skip);
  const min = range?.min ?? 0;
  const span = range === undefined ? 0 : range.max - range.min;
  const { values } = scores;
  const slope = span > 0 ? (1 - weight) / span : 0;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] - min) * slope + weight * query[i];
  if (span <= 0 || isExact(scores)) return exactScores(values);
  const previous = scores.exact;
  // One Float32 rounding of an O(1) value on each path: 1e-6 covers both.
  return {
    values,
    itemError: scores.itemError,
    errorScale: scores.errorScale * slope,
    slack: scores.slack * slope + 1e-6,
    exact: (item) => Math.fround((previous(item) - min) * slope + weight * query[item]),
  };
}
