import type { Customer, Interaction, Order, Product } from '../storage/types.js';

/** The entity kinds the generic importer understands (one file holds one kind). */
export const ENTITY_KINDS = ['products', 'customers', 'interactions', 'orders'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityByKind {
  products: Product;
  customers: Customer;
  interactions: Interaction;
  orders: Order;
}

export const INPUT_FORMATS = ['csv', 'jsonl'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Why a row did not make it into the store. Stable strings: summaries and tests key on them. */
export const SKIP_REASONS = [
  'malformed', // CSV quoting or column count, JSON syntax
  'invalid-encoding', // bytes that are not UTF-8 (line skipped)
  'too-large', // record longer than the size cap
  'invalid', // a field failed validation
  'unknown-reference', // customer or product id not in the store
  'duplicate', // same id already seen earlier in this run
  'rejected', // the store refused the row for another reason
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface BadRow {
  file: string;
  line: number; // 1-based line where the record starts
  reason: SkipReason;
  message: string;
}

/** How `readRecords` reports what it read: a record with its starting line, or a broken one. */
export type SourceRecord =
  | { ok: true; line: number; values: Record<string, unknown> }
  | { ok: false; line: number; reason: SkipReason; message: string };

export type InvalidUtf8Policy = 'skip' | 'replace';

/** Bytes read so far out of the total, for progress reporting. */
export type BytesReadListener = (bytesRead: number) => void;
