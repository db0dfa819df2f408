import type { Encoder } from '../../nlu/types.js';

/**
 * A tiny deterministic encoder for fast tests: hashed words and character trigrams, L2-normalised. Texts sharing
 * words get similar vectors, which is all the classifier tests need. Counts its calls.
 */
export class FakeEncoder implements Encoder {
  readonly dimensions: number;
  calls = 0;
  embeddedTexts = 0;

  constructor(
    readonly id = 'fake-hash@1',
    dimensions = 64,
  ) {
    this.dimensions = dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls += 1;
    this.embeddedTexts += texts.length;
    return texts.map((text) => this.vector(text));
  }

  private vector(text: string): Float32Array {
    const v = new Float32Array(this.dimensions);
    const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    const features = words.flatMap((w) => {
      const padded = ` ${w} `;
      const grams = [`w:${w}`];
      for (let i = 0; i + 3 <= padded.length; i += 1) grams.push(`c:${padded.slice(i, i + 3)}`);
      return grams;
    });
    for (const feature of features) {
      let h = 2166136261;
      for (let i = 0; i < feature.length; i += 1) h = Math.imul(h ^ feature.charCodeAt(i), 16777619);
      const index = (h >>> 0) % this.dimensions;
      v[index] = (v[index] ?? 0) + ((h >>> 31) === 1 ? 1 : -1) * (feature.startsWith('w:') ? 2 : 1);
    }
    const norm = Math.hypot(...v);
    if (norm > 0) for (let i = 0; i < v.length; i += 1) v[i] = (v[i] ?? 0) / norm;
    return v;
  }

  async dispose(): Promise<void> {}
}
