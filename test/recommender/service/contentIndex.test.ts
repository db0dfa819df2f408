import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { blendColdStart, ContentIndex, productText } from '../../../recommender/content/index.js';
import { BagOfWordsEncoder } from './bagOfWordsEncoder.js';

const products = [
  { id: 'mug-red', title: 'Red ceramic mug', description: 'A red mug for coffee' },
  { id: 'mug-blue', title: 'Blue ceramic mug', description: 'A blue mug for tea' },
  { id: 'lamp', title: 'Desk lamp', description: 'LED lamp with a warm light' },
  { id: 'lantern', title: 'Metal lantern', description: 'Hanging lantern, warm light' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reco-content-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ContentIndex', () => {
  it('finds products with similar text and never returns the product itself', async () => {
    const index = new ContentIndex({ encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    await index.build(products);
    expect(index.similarItems('mug-red', 1)[0].itemId).toBe('mug-blue');
    expect(index.similarItems('lamp', 3).map((r) => r.itemId)).not.toContain('lamp');
    expect(index.similarItems('lamp', 1)[0].itemId).toBe('lantern');
    expect(index.similarItems('unknown')).toEqual([]);
  });

  it('turns a query into per-item scores in [0, 1] that rank matching products first', async () => {
    const index = new ContentIndex({ encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    await index.build(products);
    const scores = await index.queryScores('a mug for my coffee');
    expect(scores.ids).toHaveLength(4);
    const ranked = scores.ids.map((id, k) => [id, scores.scores[k]] as const).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(ranked[0]).toBe('mug-red');
    for (const s of scores.scores) expect(s).toBeGreaterThanOrEqual(0);
    // The same id array for every query until the catalogue changes: models align it once.
    expect((await index.queryScores('a lamp')).ids).toBe(scores.ids);
  });

  it('persists vectors and re-embeds only new or edited products', async () => {
    const first = new BagOfWordsEncoder();
    expect(await new ContentIndex({ encoder: first, logger: silentLogger(), cacheDir: dir }).build(products)).toBe(4);
    const second = new BagOfWordsEncoder();
    const index = new ContentIndex({ encoder: second, logger: silentLogger(), cacheDir: dir });
    const edited = products.map((p) => (p.id === 'lamp' ? { ...p, description: 'Brass desk lamp' } : p));
    expect(await index.build([...edited, { id: 'new', title: 'Tea towel', description: '' }])).toBe(2);
    expect(second.embedded).toBe(2);
    expect(index.size).toBe(5);
  });

  it('gives a new product content neighbours after upsert', async () => {
    const index = new ContentIndex({ encoder: new BagOfWordsEncoder(), logger: silentLogger() });
    await index.build(products);
    await index.upsert([{ id: 'mug-green', title: 'Green ceramic mug', description: 'A green mug for coffee' }]);
    expect(index.size).toBe(5);
    expect(index.similarItems('mug-green', 2).map((r) => r.itemId).sort()).toEqual(['mug-blue', 'mug-red']);
  });
});

describe('blendColdStart', () => {
  const popularity = new Map([
    ['lamp', 10],
    ['mug-red', 2],
    ['lantern', 5],
  ]);

  it('ranks by popularity without a query', () => {
    expect(blendColdStart(popularity, undefined, { n: 3 }).map((r) => r.itemId)).toEqual(['lamp', 'lantern', 'mug-red']);
  });

  it('lets a matching query lift a less popular product to the top, and honours the filter', () => {
    const query = { ids: ['mug-red', 'lamp', 'lantern', 'mug-blue'], scores: Float32Array.of(0.9, 0, 0.1, 0.8) };
    const ranked = blendColdStart(popularity, query, { n: 2, filter: (id) => id !== 'mug-blue' });
    expect(ranked.map((r) => r.itemId)).toEqual(['mug-red', 'lamp']);
  });
});

describe('productText', () => {
  it('joins title and description, without repeating a description equal to the title', () => {
    expect(productText({ title: 'Mug', description: 'Red' })).toBe('Mug. Red');
    expect(productText({ title: 'Mug', description: 'Mug' })).toBe('Mug');
  });

  it('lower-cases all-caps catalogue text and leaves ordinary casing alone', () => {
    expect(productText({ title: 'PINK SCENTED CANDLE', description: 'PINK SCENTED CANDLE' })).toBe('pink scented candle');
    expect(productText({ title: 'SET OF 6 T-LIGHTS', description: 'Santa design, 2011' })).toBe('set of 6 t-lights. Santa design, 2011');
    expect(productText({ title: 'iPhone Case', description: '' })).toBe('iPhone Case');
  });
});
