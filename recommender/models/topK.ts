/**
 * Partial top-k selection over a dense score vector with a binary min-heap: O(items · log k), no full sort.
 * `skip` marks excluded indices (seen items); `keep` is consulted only for scores that would enter the heap,
 * so an expensive caller filter runs on a handful of items rather than the whole catalog.
 */
export interface TopKEntry {
  index: number;
  score: number;
}

export function topK(
  scores: Float32Array,
  k: number,
  skip?: Uint8Array,
  keep?: (index: number) => boolean,
): TopKEntry[] {
  if (k <= 0) return [];
  const heapIndex = new Int32Array(k);
  const heapScore = new Float64Array(k);
  let size = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const score = scores[i];
    if (score !== score) continue; // NaN: never recommended
    if (size === k && !(score > heapScore[0])) continue;
    if (skip !== undefined && skip[i] === 1) continue;
    if (keep !== undefined && !keep(i)) continue;
    if (size < k) {
      let pos = size++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (heapScore[parent] <= score) break;
        heapScore[pos] = heapScore[parent];
        heapIndex[pos] = heapIndex[parent];
        pos = parent;
      }
      heapScore[pos] = score;
      heapIndex[pos] = i;
    } else {
      siftDownReplace(heapIndex, heapScore, size, i, score);
    }
  }
  const result: TopKEntry[] = [];
  for (let j = 0; j < size; j++) result.push({ index: heapIndex[j], score: heapScore[j] });
  // Highest score first; ties by lower index, so results are deterministic.
  return result.sort((a, b) => b.score - a.score || a.index - b.index);
}

function siftDownReplace(heapIndex: Int32Array, heapScore: Float64Array, size: number, index: number, score: number): void {
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && heapScore[right] < heapScore[left] ? right : left;
    if (heapScore[child] >= score) break;
    heapScore[pos] = heapScore[child];
    heapIndex[pos] = heapIndex[child];
    pos = child;
  }
  heapScore[pos] = score;
  heapIndex[pos] = index;
}
