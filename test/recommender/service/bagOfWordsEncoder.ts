import type { Encoder } from '../../../nlu/types.js';

/** Deterministic test encoder: hashed bag of lower-case words, L2-normalised. Counts the texts it embeds. */
export class BagOfWordsEncoder implements Encoder {
  readonly id = 'test:bag-of-words:32';
  readonly dimensions = 32;
  embedded = 0;

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.embedded += texts.length;
    return texts.map((text) => {
      const vector = new Float32Array(this.dimensions);
      for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
        let hash = 0;
        for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
        vector[hash % this.dimensions] += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((v) => v / norm);
    });
  }

  async dispose(): Promise<void> {}
}
