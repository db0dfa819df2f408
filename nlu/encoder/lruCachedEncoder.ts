import { LRUCache } from 'lru-cache';
import { ValidationError } from '../../core/errors.js';
import type { Encoder } from '../types.js';

/**
 * Bounded LRU cache (lru-cache) of embeddings by exact text, as a decorator: repeated messages ("hi", "thanks",
 * quick-reply buttons) skip the model. Returns copies, so callers cannot corrupt cached vectors. Texts missing from
 * the cache are embedded in one call to the wrapped encoder. Disposing it disposes the wrapped encoder.
 */
export class LruCachedEncoder implements Encoder {
  private readonly entries: LRUCache<string, Float32Array>;
  private hitCount = 0;
  private missCount = 0;

  constructor(
    private readonly inner: Encoder,
    readonly capacity = 2048,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new ValidationError(`LruCachedEncoder capacity must be a positive integer, got ${capacity}`);
    this.entries = new LRUCache({ max: capacity });
  }

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  get stats(): { size: number; hits: number; misses: number } {
    return { size: this.entries.size, hits: this.hitCount, misses: this.missCount };
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const found = new Map<string, Float32Array>();
    const missing = new Set<string>();
    for (const text of texts) {
      if (found.has(text) || missing.has(text)) continue;
      const cached = this.entries.get(text);
      if (cached === undefined) missing.add(text);
      else found.set(text, cached);
    }
    this.hitCount += texts.length - missing.size;
    this.missCount += missing.size;
    if (missing.size > 0) {
      const toEmbed = [...missing];
      const vectors = await this.inner.embed(toEmbed);
      toEmbed.forEach((text, i) => {
        found.set(text, vectors[i]);
        this.entries.set(text, vectors[i]);
      });
    }
    return texts.map((text) => Float32Array.from(found.get(text) ?? []));
  }

  clear(): void {
    this.entries.clear();
  }

  async dispose(): Promise<void> {
    this.entries.clear();
    await this.inner.dispose();
  }
}
