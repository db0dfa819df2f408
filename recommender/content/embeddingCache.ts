import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFileError } from '../../core/errors.js';
import { readSealedFiles, sealFiles } from '../../core/integrity/modelIntegrity.js';
import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../../nlu/types.js';
import { textHash } from './productText.js';

/**
 * Product vectors keyed by product id + text hash, persisted under a directory per encoder id
 * (`vectors.f32` + `index.json`). Only products whose text changed (or that are new) are embedded again.
 */
export interface EmbeddingCacheOptions {
  encoder: Encoder;
  /** Directory for the persisted vectors; undefined keeps them in memory only. */
  dir?: string;
  logger: Logger;
  batchSize?: number;
}

interface CacheIndex {
  encoderId: string;
  dimensions: number;
  entries: { id: string; hash: string }[];
}

export interface EmbeddingProgress {
  embedded: number;
  total: number;
}

/** File layout sealed in the cache directory's checksum manifest (core/integrity). */
export const VECTOR_CACHE_FORMAT = 'csbot-product-vectors@1';

function safeDirName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}

export class ProductEmbeddingCache {
  private readonly vectors = new Map<string, { hash: string; vector: Float32Array }>();
  private readonly dir: string | undefined;
  private loaded = false;

  constructor(private readonly options: EmbeddingCacheOptions) {
    this.dir = options.dir === undefined ? undefined : path.join(options.dir, safeDirName(options.encoder.id));
  }

  get size(): number {
    return this.vectors.size;
  }

  get dimensions(): number {
    return this.options.encoder.dimensions;
  }

  vector(id: string): Float32Array | undefined {
    return this.vectors.get(id)?.vector;
  }

  /** Embeds the texts that are not cached (or changed) and persists the cache; returns how many were embedded. */
  async ensure(items: readonly { id: string; text: string }[], onProgress?: (progress: EmbeddingProgress) => void): Promise<number> {
    await this.loadOnce();
    const missing = items
      .map((item) => ({ ...item, hash: textHash(item.text) }))
      .filter((item) => this.vectors.get(item.id)?.hash !== item.hash);
    const batchSize = this.options.batchSize ?? 64;
    for (let start = 0; start < missing.length; start += batchSize) {
      const batch = missing.slice(start, start + batchSize);
      const vectors = await this.options.encoder.embed(batch.map((b) => b.text));
      batch.forEach((item, i) => this.vectors.set(item.id, { hash: item.hash, vector: vectors[i] }));
      onProgress?.({ embedded: Math.min(start + batchSize, missing.length), total: missing.length });
    }
    if (missing.length > 0) {
      this.options.logger.info({ embedded: missing.length, cached: this.vectors.size, encoder: this.options.encoder.id }, 'product vectors embedded');
      await this.persist();
    }
    return missing.length;
  }

  private async loadOnce(): Promise<void> {
    if (this.loaded || this.dir === undefined) return;
    this.loaded = true;
    const indexFile = path.join(this.dir, 'index.json');
    try {
      await access(indexFile);
    } catch {
      return; // nothing cached yet
    }
    try {
      const sealed = await readSealedFiles(this.dir, VECTOR_CACHE_FORMAT);
      const index = JSON.parse(sealed.file('index.json').toString('utf8')) as CacheIndex;
      const bytes = sealed.file('vectors.f32');
      const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      if (index.encoderId !== this.options.encoder.id || index.dimensions !== this.dimensions || data.length !== index.entries.length * index.dimensions) {
        throw new DataFileError(indexFile, undefined, 'does not match the encoder or the vector file');
      }
      index.entries.forEach((entry, i) => {
        this.vectors.set(entry.id, { hash: entry.hash, vector: data.slice(i * index.dimensions, (i + 1) * index.dimensions) });
      });
    } catch (error) {
      this.options.logger.warn({ err: error, dir: this.dir }, 'product vector cache unreadable: re-embedding');
      this.vectors.clear();
    }
  }

  private async persist(): Promise<void> {
    if (this.dir === undefined) return;
    await mkdir(this.dir, { recursive: true });
    const entries = [...this.vectors.entries()];
    const data = new Float32Array(entries.length * this.dimensions);
    entries.forEach(([, value], i) => data.set(value.vector, i * this.dimensions));
    const index: CacheIndex = { encoderId: this.options.encoder.id, dimensions: this.dimensions, entries: entries.map(([id, v]) => ({ id, hash: v.hash })) };
    // Write both files under temporary names, then rename: a crash never leaves a half-written cache.
    await writeFile(path.join(this.dir, 'vectors.f32.tmp'), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    await writeFile(path.join(this.dir, 'index.json.tmp'), JSON.stringify(index));
    await rename(path.join(this.dir, 'vectors.f32.tmp'), path.join(this.dir, 'vectors.f32'));
    await rename(path.join(this.dir, 'index.json.tmp'), path.join(this.dir, 'index.json'));
    await sealFiles(this.dir, ['vectors.f32', 'index.json'], VECTOR_CACHE_FORMAT);
  }
}
