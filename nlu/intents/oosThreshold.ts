/**
 * Out-of-scope threshold on the top intent probability. With out-of-scope validation examples the threshold maximises
 * balanced accuracy (mean of in-scope kept and out-of-scope rejected); without them it is the quantile of in-scope
 * top probabilities that keeps `targetInScopeRecall` of in-scope messages.
 */
export interface ThresholdCalibrationInput {
  inScopeTopProbabilities: readonly number[];
  outOfScopeTopProbabilities: readonly number[];
  targetInScopeRecall: number;
  /**
   * With out-of-scope examples: instead of the balanced-accuracy optimum, the lowest threshold (most valid requests
   * kept) that still rejects at least this share of them.
   */
  minOutOfScopeRecall?: number;
}

export function calibrateOosThreshold(input: ThresholdCalibrationInput): number {
  const inScope = [...input.inScopeTopProbabilities].sort((a, b) => a - b);
  const outOfScope = input.outOfScopeTopProbabilities;
  if (inScope.length === 0) return 0;
  if (outOfScope.length === 0) {
    const position = Math.floor((1 - input.targetInScopeRecall) * inScope.length);
    const below = inScope[Math.max(0, position - 1)] ?? 0;
    const at = inScope[Math.min(inScope.length - 1, position)] ?? 0;
    return position === 0 ? Math.max(0, at - 1e-6) : (below + at) / 2;
  }
  const candidates = [...new Set([...inScope, ...outOfScope])].sort((a, b) => a - b);
  const minRecall = input.minOutOfScopeRecall;
  if (minRecall !== undefined) {
    const sortedOut = [...outOfScope].sort((a, b) => a - b);
    // Rejecting `needed` of them means the threshold must be above the needed-th smallest score.
    const needed = Math.min(sortedOut.length, Math.ceil(minRecall * sortedOut.length));
    if (needed === 0) return 0;
    const last = sortedOut[needed - 1] ?? 0;
    const next = sortedOut[needed] ?? last + 1e-6;
    return next > last ? (last + next) / 2 : last + 1e-6;
  }
  let bestThreshold = 0;
  let bestScore = -1;
  for (let i = 0; i < candidates.length; i += 1) {
    const threshold = i === 0 ? (candidates[0] ?? 0) : ((candidates[i - 1] ?? 0) + (candidates[i] ?? 0)) / 2;
    const kept = inScope.filter((p) => p >= threshold).length / inScope.length;
    const rejected = outOfScope.filter((p) => p < threshold).length / outOfScope.length;
    const score = (kept + rejected) / 2;
    if (score > bestScore) {
      bestScore = score;
      bestThreshold = threshold;
    }
  }
  return bestThreshold;
}
