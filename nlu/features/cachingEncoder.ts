import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Encoder } from '../types.js';

/**
 * Remembers the vector of every text it has embedded, for training and evaluation runs that see the same texts
 * many times (cross-validation, retraining). Asks the wrapped encoder only for texts it has not seen, in chunks.
 */
export class CachingEncoder implements Encoder {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly inner: Encoder,
    private readonly chunkSize = 64,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  get size(): number {
    return this.cache.size;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((text) => !this.cache.has(text)))];
    for (let start = 0; start < missing.length; start += this.chunkSize) {
      const chunk = missing.slice(start, start + this.chunkSize);
      const vectors = await this.inner.embed(chunk);
      chunk.forEach((text, i) => {
        const vector = vectors[i];
        if (vector !== undefined) this.cache.set(text, vector);
      });
      this.onProgress?.(Math.min(start + chunk.length, missing.length), missing.length);
    }
    return texts.map((text) => this.cache.get(text) ?? new Float32Array(this.inner.dimensions));
  }

  /**
   * Reads vectors saved by `saveTo` (same encoder id only; a missing or foreign file is ignored), so evaluation and
   * training runs over the same corpus embed it once. Returns how many vectors were read.
   */
  async loadFrom(file: string): Promise<number> {
    try {
      const header = JSON.parse(await readFile(`${file}.json`, 'utf8')) as { encoderId?: string; dimensions?: number; texts?: string[] };
      if (header.encoderId !== this.id || header.dimensions !== this.dimensions || !Array.isArray(header.texts)) return 0;
      const bytes = await readFile(`${file}.bin`);
      const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (all.length !== header.texts.length * this.dimensions) return 0;
      header.texts.forEach((text, i) => this.cache.set(text, all.slice(i * this.dimensions, (i + 1) * this.dimensions)));
      return header.texts.length;
    } catch {
      return 0;
    }
  }

  async saveTo(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const texts = [...this.cache.keys()];
    const all = new Float32Array(texts.length * this.dimensions);
    texts.forEach((text, i) => all.set(this.cache.get(text) ?? new Float32Array(this.dimensions), i * this.dimensions));
    await writeFile(`${file}.bin`, new Uint8Array(all.buffer));
    await writeFile(`${file}.json`, JSON.stringify({ encoderId: this.id, dimensions: this.dimensions, texts }));
  }

  /** Does not dispose the wrapped encoder: whoever created it owns it. */
  async dispose(): Promise<void> {
    this.cache.clear();
  }
}

/** Embeds in chunks with a progress callback, without caching. */
export async function embedInChunks(
  encoder: Encoder,
  texts: readonly string[],
  onProgress?: (done: number, total: number) => void,
  chunkSize = 64,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += chunkSize) {
    out.push(...(await encoder.embed(texts.slice(start, start + chunkSize))));
    onProgress?.(Math.min(start + chunkSize, texts.length), texts.length);
  }
  return out;
}
