/**
 * Small vector helpers shared by the encoders: L2 normalisation and token pooling. Pure functions, no TF.js.
 */

export type Pooling = 'mean' | 'cls' | 'none';

/** Scales `vector` to unit length in place. Returns false (and leaves it unchanged) when it is zero or not finite. */
export function l2NormaliseInPlace(vector: Float32Array): boolean {
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i++) sumOfSquares += vector[i] * vector[i];
  if (!Number.isFinite(sumOfSquares) || sumOfSquares === 0) return false;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return true;
}

export function l2Norm(vector: ArrayLike<number>): number {
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i++) sumOfSquares += vector[i] * vector[i];
  return Math.sqrt(sumOfSquares);
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  const norms = l2Norm(a) * l2Norm(b);
  return norms === 0 ? 0 : dot / norms;
}

/**
 * Pools token vectors of one sequence into one vector.
 * @param tokens row-major [sequenceLength, hidden] values
 * @param mask attention mask, 1 for real tokens (all ones when omitted)
 * 'mean' averages the masked tokens; 'cls' takes the first token; 'none' expects an already pooled output
 * (sequenceLength 1) and returns it.
 */
export function poolTokens(
  tokens: ArrayLike<number>,
  sequenceLength: number,
  hidden: number,
  pooling: Pooling,
  mask?: ArrayLike<number>,
): Float32Array {
  if (sequenceLength < 1 || tokens.length !== sequenceLength * hidden) {
    throw new RangeError(`poolTokens: ${tokens.length} values do not form [${sequenceLength}, ${hidden}]`);
  }
  const pooled = new Float32Array(hidden);
  if (pooling === 'cls' || (pooling === 'none' && sequenceLength === 1)) {
    for (let h = 0; h < hidden; h++) pooled[h] = tokens[h];
    return pooled;
  }
  if (pooling === 'none') throw new RangeError(`poolTokens: pooling 'none' needs a pooled output, got ${sequenceLength} tokens`);
  const sums = new Float64Array(hidden);
  let count = 0;
  for (let t = 0; t < sequenceLength; t++) {
    if (mask !== undefined && mask[t] === 0) continue;
    count++;
    for (let h = 0; h < hidden; h++) sums[h] += tokens[t * hidden + h];
  }
  if (count > 0) for (let h = 0; h < hidden; h++) pooled[h] = sums[h] / count;
  return pooled;
}
