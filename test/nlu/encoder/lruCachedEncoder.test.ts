import { describe, expect, it } from 'vitest';
import { LruCachedEncoder } from '../../../nlu/encoder/lruCachedEncoder.js';
import { ValidationError } from '../../../core/errors.js';
import type { Encoder } from '../../../nlu/types.js';

class CountingEncoder implements Encoder {
  readonly id = 'counting';
  readonly dimensions = 2;
  calls: string[][] = [];
  disposed = false;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((text) => Float32Array.from([text.length, 1]));
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

describe('LruCachedEncoder', () => {
  it('asks the wrapped encoder only for texts it has not seen, once each, keeping order', async () => {
    const inner = new CountingEncoder();
    const cached = new LruCachedEncoder(inner, 10);
    await cached.embed(['a', 'bb']);
    const out = await cached.embed(['bb', 'ccc', 'a', 'ccc']);
    expect(inner.calls).toEqual([['a', 'bb'], ['ccc']]);
    expect(out.map((v) => v[0])).toEqual([2, 3, 1, 3]);
    expect(cached.stats).toMatchObject({ size: 3 });
    expect(cached.id).toBe('counting');
    expect(cached.dimensions).toBe(2);
  });

  it('evicts the least recently used text past its capacity', async () => {
    const inner = new CountingEncoder();
    const cached = new LruCachedEncoder(inner, 2);
    await cached.embed(['a']);
    await cached.embed(['b']);
    await cached.embed(['a']); // a is now the most recent
    await cached.embed(['c']); // evicts b
    inner.calls = [];
    await cached.embed(['a', 'c']);
    expect(inner.calls).toEqual([]);
    await cached.embed(['b']);
    expect(inner.calls).toEqual([['b']]);
    expect(cached.stats.size).toBe(2);
  });

  it('returns copies: changing a result does not change the cache', async () => {
    const cached = new LruCachedEncoder(new CountingEncoder(), 4);
    const [first] = await cached.embed(['abc']);
    first[0] = 99;
    const [second] = await cached.embed(['abc']);
    expect(second[0]).toBe(3);
  });

  it('disposes the wrapped encoder and rejects a bad capacity', async () => {
    const inner = new CountingEncoder();
    await new LruCachedEncoder(inner).dispose();
    expect(inner.disposed).toBe(true);
    expect(() => new LruCachedEncoder(inner, 0)).toThrow(ValidationError);
  });
});
