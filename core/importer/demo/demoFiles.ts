import { fileURLToPath } from 'node:url';

/** The committed demo data: one gzipped JSONL file per entity, written by core/importer/buildDemoData.ts. */
export const DEMO_DIR = fileURLToPath(new URL('./', import.meta.url));

export const DEMO_FILES = {
  customers: 'customers.jsonl.gz',
  products: 'products.jsonl.gz',
  interactions: 'interactions.jsonl.gz',
  orders: 'orders.jsonl.gz',
} as const;

export type DemoEntity = keyof typeof DEMO_FILES;

/** Entity fields that hold dates (ISO strings in the files). */
export const DEMO_DATE_FIELDS = new Set(['createdAt', 'timestamp', 'placedAt', 'updatedAt', 'shippedAt', 'deliveredAt']);
