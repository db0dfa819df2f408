import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../core/config.js';
import { silentLogger } from '../../../core/logger.js';
import { openSqliteStore } from '../../../core/storage/sqlite/sqliteStore.js';
import type { Interaction, Product, Store } from '../../../core/storage/types.js';

/**
 * A tiny shop with two taste clusters: c1..c4 buy mugs (p1..p3), c5..c8 buy lamps (p4..p6).
 * p7 is a mug that is out of stock; p9 is a new lamp nobody has bought yet.
 */
export const PRODUCTS: Product[] = [
  { id: 'p1', title: 'Red ceramic mug', description: 'Coffee mug, red glaze', currency: 'GBP', inStock: true },
  { id: 'p2', title: 'Blue ceramic mug', description: 'Tea mug, blue glaze', currency: 'GBP', inStock: true },
  { id: 'p3', title: 'Green ceramic mug', description: 'Coffee mug, green glaze', currency: 'GBP', inStock: true },
  { id: 'p4', title: 'Desk lamp', description: 'LED desk lamp, warm light', currency: 'GBP', inStock: true },
  { id: 'p5', title: 'Floor lamp', description: 'Tall floor lamp, warm light', currency: 'GBP', inStock: true },
  { id: 'p6', title: 'Metal lantern', description: 'Hanging lantern lamp', currency: 'GBP', inStock: true },
  { id: 'p7', title: 'Yellow ceramic mug', description: 'Coffee mug, yellow glaze', currency: 'GBP', inStock: false },
  { id: 'p9', title: 'Reading lamp', description: 'Clip-on reading lamp, warm light', currency: 'GBP', inStock: true },
];

const MUG_BUYERS = ['c1', 'c2', 'c3', 'c4'];
const LAMP_BUYERS = ['c5', 'c6', 'c7', 'c8'];

export function interactions(): Interaction[] {
  const rows: Interaction[] = [];
  const add = (customerId: string, productId: string, day: number): void => {
    rows.push({ id: `${customerId}-${productId}`, customerId, productId, kind: 'purchase', value: 1, timestamp: new Date(Date.UTC(2024, 0, day)), source: 'test' });
  };
  MUG_BUYERS.forEach((c, i) => ['p1', 'p2', 'p3', 'p7'].forEach((p, j) => i !== j && add(c, p, 1 + i + j)));
  LAMP_BUYERS.forEach((c, i) => ['p4', 'p5', 'p6'].forEach((p, j) => (i + j) % 3 !== 0 && add(c, p, 1 + i + j)));
  add('c5', 'p4', 9);
  add('c6', 'p5', 9);
  return rows;
}

export async function openShopStore(options: { withInteractions: boolean }): Promise<Store> {
  const store = await openSqliteStore(':memory:', silentLogger());
  const customers = [...MUG_BUYERS, ...LAMP_BUYERS, 'c9'].map((id) => ({ id, createdAt: new Date(Date.UTC(2023, 0, 1)) }));
  await store.customers.upsertMany(customers);
  await store.products.upsertMany(PRODUCTS);
  if (options.withInteractions) await store.interactions.upsertMany(interactions());
  return store;
}

export async function testConfig(model: 'popularity' | 'itemknn' | 'als' | 'ease' = 'itemknn'): Promise<Config> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reco-service-'));
  return loadConfig({
    DATA_DIR: dataDir,
    RECOMMENDER_MODEL: model,
    RECOMMENDER_FACTORS: '4',
    RECOMMENDER_ITERATIONS: '5',
    // Hyper-parameters for a 9-customer fixture: the product defaults are tuned for thousands of customers.
    RECOMMENDER_REGULARIZATION: '0.05',
    RECOMMENDER_ALPHA: '5',
    RECOMMENDER_RECENCY_HALF_LIFE_DAYS: '0',
    RECOMMENDER_BACKEND: 'cpu',
    RECOMMENDER_WORKERS: '1',
    TFJS_BACKEND: 'cpu',
  });
}
