/**
 * Sparse lexical features, hashed: character n-grams inside word boundaries (like scikit-learn's `char_wb`) and word
 * uni/bi-grams, weighted with sublinear TF times IDF and L2-normalised. They complement the dense sentence embedding
 * with surface cues (typos, order numbers, rare words), the way Rasa's DIET combines sparse and dense features.
 */
export interface NgramSettings {
  /** Hash space size (number of sparse dimensions). */
  dims: number;
  charMin: number;
  charMax: number;
  wordMax: number;
}

export const DEFAULT_NGRAM_SETTINGS: NgramSettings = { dims: 4096, charMin: 2, charMax: 5, wordMax: 2 };

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** FNV-1a 32-bit: stable across platforms and runs (the model stores only the settings, not a vocabulary). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Raw hashed term counts of one text. */
export function ngramCounts(text: string, settings: NgramSettings): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (feature: string): void => {
    const index = hash(feature) % settings.dims;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };
  const tokens = words(text);
  for (let n = 1; n <= settings.wordMax; n += 1) {
    for (let i = 0; i + n <= tokens.length; i += 1) add(`w${n}:${tokens.slice(i, i + n).join(' ')}`);
  }
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = settings.charMin; n <= settings.charMax; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return counts;
}

/** Smoothed IDF per hashed dimension, fitted on training texts. */
export function fitIdf(texts: readonly string[], settings: NgramSettings): Float32Array {
  const documentFrequency = new Float64Array(settings.dims);
  for (const text of texts) for (const index of ngramCounts(text, settings).keys()) documentFrequency[index] += 1;
  const idf = new Float32Array(settings.dims);
  for (let i = 0; i < settings.dims; i += 1) idf[i] = Math.log((1 + texts.length) / (1 + (documentFrequency[i] ?? 0))) + 1;
  return idf;
}

export function sparseFeatures(text: string, settings: NgramSettings, idf: Float32Array): SparseVector {
  const counts = ngramCounts(text, settings);
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let k = 0;
  let norm = 0;
  for (const [index, count] of counts) {
    const weight = (1 + Math.log(count)) * (idf[index] ?? 1);
    indices[k] = index;
    values[k] = weight;
    norm += weight * weight;
    k += 1;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i += 1) values[i] = (values[i] ?? 0) * scale;
  return { indices, values };
}
