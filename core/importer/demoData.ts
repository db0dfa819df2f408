import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { DataFileError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { BulkResult, Customer, Interaction, Order, Product, Store } from '../storage/types.js';
import { DEMO_DATE_FIELDS, DEMO_DIR, DEMO_FILES, type DemoEntity } from './demo/demoFiles.js';
import { readLines } from './lineReader.js';

export interface DemoDataResult {
  loaded: boolean;
  customers: number;
  products: number;
  interactions: number;
  orders: number;
}

const BATCH_SIZE = 2000;

function reviveDates(key: string, value: unknown): unknown {
  return DEMO_DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value;
}

/** Streams one gzipped JSONL demo file into the store in batches; returns the rows written. */
async function loadFile<T>(dir: string, entity: DemoEntity, upsert: (rows: T[]) => Promise<BulkResult>, logger: Logger): Promise<number> {
  const file = join(dir, DEMO_FILES[entity]);
  const stream = createReadStream(file).pipe(createGunzip());
  let batch: T[] = [];
  let written = 0;
  let rejected = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await upsert(batch);
    written += result.inserted + result.updated;
    rejected += result.rejected.length;
    batch = [];
  };
  for await (const line of readLines(stream, { maxLineBytes: 1024 * 1024, invalidUtf8: 'skip' })) {
    if (!line.ok) throw new DataFileError(file, `line ${line.line}`, line.message);
    if (line.text === '') continue;
    try {
      batch.push(JSON.parse(line.text, reviveDates) as T);
    } catch (error) {
      throw new DataFileError(file, `line ${line.line}`, 'invalid JSON', { cause: error });
    }
    if (batch.length >= BATCH_SIZE) {
      await flush();
      logger.debug({ entity, written }, 'demo data: progress');
    }
  }
  await flush();
  if (rejected > 0) logger.warn({ entity, rejected }, 'demo data: the store rejected some rows');
  logger.info({ entity, written }, 'demo data: loaded');
  return written;
}

/**
 * Loads the committed demo data (a real subset of UCI Online Retail, see core/importer/demo/README.md)
 * when the store has no products yet; otherwise does nothing. Idempotent: rows carry stable ids.
 * The counts are what this call wrote (all zero when it skipped).
 */
export async function loadDemoDataIfEmpty(store: Store, logger: Logger, dir: string = DEMO_DIR): Promise<DemoDataResult> {
  const existing = await store.products.count();
  if (existing > 0) {
    logger.info({ products: existing }, 'demo data: store already has products, not loading');
    return { loaded: false, customers: 0, products: 0, interactions: 0, orders: 0 };
  }
  logger.info({ dir }, 'demo data: loading');
  const customers = await loadFile<Customer>(dir, 'customers', (rows) => store.customers.upsertMany(rows), logger);
  const products = await loadFile<Product>(dir, 'products', (rows) => store.products.upsertMany(rows), logger);
  const interactions = await loadFile<Interaction>(dir, 'interactions', (rows) => store.interactions.upsertMany(rows), logger);
  const orders = await loadFile<Order>(dir, 'orders', (rows) => store.orders.upsertMany(rows), logger);
  return { loaded: true, customers, products, interactions, orders };
}
