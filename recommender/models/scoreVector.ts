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

function bound(scores: ScoreVector, item: number): number {
  return scores.errorScale * (scores.itemError?.[item] ?? 0) + scores.slack;
}

/** Top k by exact score; ties by lower index. `skip` and `keep` as in topK. */
export function selectTop(scores: ScoreVector, k: number, skip?: Uint8Array, keep?: (index: number) => boolean): TopKEntry[] {
  if (isExact(scores)) return topK(scores.values, k, skip, keep);
  const { values } = scores;
  const lower = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) lower[i] = values[i] - bound(scores, i);
  // τ = k-th best lower bound: an item whose upper bound stays below τ cannot be in the exact top k.
  const floor = topK(lower, k, skip, keep);
  const tau = floor.length === k ? floor[k - 1].score : -Infinity;
  const candidates: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] + bound(scores, i) >= tau)) continue; // also drops NaN
    if (skip !== undefined && skip[i] === 1) continue;
    if (keep !== undefined && !keep(i)) continue;
    candidates.push(i);
  }
  const exact = Float32Array.from(candidates, (i) => scores.exact(i));
  return topK(exact, k).map((e) => ({ index: candidates[e.index], score: e.score }));
}

/** Exact minimum and maximum over the non-skipped finite scores (undefined when there are none). */
export function exactRange(scores: ScoreVector, skip?: Uint8Array): { min: number; max: number } | undefined {
  const { values } = scores;
  let lowestUpper = Infinity;
  let highestLower = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if ((skip !== undefined && skip[i] === 1) || !Number.isFinite(values[i])) continue;
    const b = bound(scores, i);
    if (values[i] + b < lowestUpper) lowestUpper = values[i] + b;
    if (values[i] - b > highestLower) highestLower = values[i] - b;
  }
  if (lowestUpper === Infinity) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if ((skip !== undefined && skip[i] === 1) || !Number.isFinite(values[i])) continue;
    const b = bound(scores, i);
    if (values[i] - b > lowestUpper && values[i] + b < highestLower) continue;
    const exact = scores.exact(i);
    if (exact < min) min = exact;
    if (exact > max) max = exact;
  }
  return { min, max };
}

/**
 * (1 − weight) · min-max-normalised score (over the non-skipped items) + weight · query score, in place.
 * `query[i]` is the query score of item i (0 where none). Float32 steps as the exact path would take them.
 */
export function blendWithQuery(scores: ScoreVector, query: Float32Array, weight: number, skip?: Uint8Array): ScoreVector {
  const range = exactRange(scores, skip);
  const min = range?.min ?? 0;
  const span = range === undefined ? 0 : range.max - range.min;
  const { values } = scores;
  const keepShare = Math.fround(1 - weight);
  const blend = (raw: number, item: number): number =>
    Math.fround(Math.fround((span > 0 ? Math.fround((raw - min) / span) : 0) * keepShare) + Math.fround(weight * query[item]));
  const previous = scores.exact;
  for (let i = 0; i < values.length; i++) values[i] = blend(values[i], i);
  if (span <= 0 || isExact(scores)) return exactScores(values);
  // Each Float32 step rounds by ≤ 2⁻²⁴ relative; blended values are O(1), so 1e-6 covers the steps of both paths.
  return {
    values,
    itemError: scores.itemError,
    errorScale: (scores.errorScale * keepShare) / span,
    slack: (scores.slack * keepShare) / span + 1e-6,
    exact: (item) => blend(previous(item), item),
  };
}
