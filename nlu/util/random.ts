/** Small seeded pseudo-random tools, so training, shuffling and data splits repeat exactly for a seed. */

/** mulberry32: a fast 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  return copy;
}

/** Splits indices per label so that each label keeps about `fraction` of its items in the second part. */
export function stratifiedSplit(labels: readonly string[], fraction: number, seed: number): { first: number[]; second: number[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const list = byLabel.get(label) ?? [];
    list.push(index);
    byLabel.set(label, list);
  });
  const first: number[] = [];
  const second: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const indices = shuffled(byLabel.get(label) ?? [], random);
    const take = indices.length < 3 ? 0 : Math.max(1, Math.round(indices.length * fraction));
    second.push(...indices.slice(0, take));
    first.push(...indices.slice(take));
  }
  return { first: first.sort((a, b) => a - b), second: second.sort((a, b) => a - b) };
}
