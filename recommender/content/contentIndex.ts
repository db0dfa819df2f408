import type { Logger } from '../../core/logger.js';
import type { Product } from '../../core/storage/types.js';
import type { Encoder } from '../../nlu/types.js';
import { topK } from '../models/topK.js';
import type { ItemScores, Recommendation } from '../types.js';
import { ProductEmbeddingCache, type EmbeddingProgress } from './embeddingCache.js';
import { productText } from './productText.js';

/**
 * Content-based side of the recommender: product texts embedded with the NLU encoder (vectors are L2-normalised,
 * so a dot product is the cosine similarity). Answers "products like this one" for items the CF model has never
 * seen, and turns a chat query into per-item `queryScores` for blending with CF scores.
 */
export interface ContentIndexOptions {
  encoder: Encoder;
  logger: Logger;
  /** Where product vectors are cached (e.g. `${dataDir}/models/content`); undefined = memory only. */
  cacheDir?: string;
}

export class ContentIndex {
  private readonly cache: ProductEmbeddingCache;
  private ids: string[] = [];
  private position = new Map<string, number>();
  private matrix = new Float32Array(0);

  constructor(private readonly options: ContentIndexOptions) {
    this.cache = new ProductEmbeddingCache({ encoder: options.encoder, logger: options.logger, dir: options.cacheDir });
  }

  get size(): number {
    return this.ids.length;
  }

  has(productId: string): boolean {
    return this.position.has(productId);
  }

  /** (Re)builds the index over `products`, embedding only new or changed texts. Returns how many were embedded. */
  async build(products: readonly Pick<Product, 'id' | 'title' | 'description'>[], onProgress?: (progress: EmbeddingProgress) => void): Promise<number> {
    const embedded = await this.cache.ensure(products.map((p) => ({ id: p.id, text: productText(p) })), onProgress);
    this.assemble(products.map((p) => p.id));
    return embedded;
  }

  /** Adds or refreshes a few products (e.g. new arrivals) without re-reading the catalogue. */
  async upsert(products: readonly Pick<Product, 'id' | 'title' | 'description'>[]): Promise<void> {
    await this.cache.ensure(products.map((p) => ({ id: p.id, text: productText(p) })));
    const fresh = new Set(products.map((p) => p.id));
    this.assemble([...this.ids.filter((id) => !fresh.has(id)), ...fresh]);
  }

  /** Copies cached vectors into one matrix and swaps it in in one step: readers never see a half-built index. */
  private assemble(ids: string[]): void {
    const dims = this.cache.dimensions;
    const matrix = new Float32Array(ids.length * dims);
    ids.forEach((id, i) => {
      const vector = this.cache.vector(id);
      if (vector !== undefined) matrix.set(vector, i * dims);
    });
    this.ids = ids;
    this.position = new Map(ids.map((id, i) => [id, i]));
    this.matrix = matrix;
  }

  /** Cosine similarity of every indexed product to `vector`, aligned with the index's id list. */
  scoresFor(vector: Float32Array): Float32Array {
    const dims = this.cache.dimensions;
    const scores = new Float32Array(this.ids.length);
    for (let i = 0, offset = 0; i < scores.length; i += 1, offset += dims) {
      let dot = 0;
      for (let d = 0; d < dims; d += 1) dot += this.matrix[offset + d] * vector[d];
      scores[i] = dot;
    }
    return scores;
  }

  /**
   * Per-item similarity of a chat query to each product text, min-max scaled to [0, 1] over the catalogue (for
   * RecommendOptions.queryScores): sentence-encoder cosines sit in a narrow band, and unscaled they would be swamped
   * by the normalised CF or popularity scores they are blended with. `ids` is the index's own array, the same object
   * for every query until the catalogue changes, so models map it onto their items once.
   */
  async queryScores(query: string): Promise<ItemScores> {
    const [vector] = await this.options.encoder.embed([query]);
    const scores = this.scoresFor(vector);
    let min = Infinity;
    let max = -Infinity;
    for (const score of scores) {
      if (score < min) min = score;
      if (score > max) max = score;
    }
    const span = max - min;
    for (let i = 0; i < scores.length; i += 1) scores[i] = span > 0 ? (scores[i] - min) / span : 0;
    return { ids: this.ids, scores };
  }

  /** Products with the most similar text, excluding the product itself; [] for an unknown product. */
  similarItems(productId: string, n = 10, filter?: (itemId: string) => boolean): Recommendation[] {
    const index = this.position.get(productId);
    if (index === undefined) return [];
    const dims = this.cache.dimensions;
    const ids = this.ids;
    const scores = this.scoresFor(this.matrix.subarray(index * dims, (index + 1) * dims));
    const skip = new Uint8Array(ids.length);
    skip[index] = 1;
    const keep = filter === undefined ? undefined : (i: number): boolean => filter(ids[i]);
    return topK(scores, n, skip, keep).map((e) => ({ itemId: ids[e.index], score: e.score }));
  }
}

/** The n highest entries of a score map (ties by id, for determinism), optionally filtered. */
export function topScores(scores: ReadonlyMap<string, number>, n: number, filter?: (itemId: string) => boolean): Recommendation[] {
  const entries: Recommendation[] = [];
  for (const [itemId, score] of scores) if (filter === undefined || filter(itemId)) entries.push({ itemId, score });
  entries.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return entries.slice(0, n);
}
