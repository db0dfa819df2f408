import { expect } from 'vitest';
import type { Conversation, Customer, Interaction, InteractionKind, Order, Page, Product, Store, TranscriptEntry } from '../../core/storage/types.js';

/** Builders and helpers shared by the storage contract suite. */

export const T0 = Date.UTC(2024, 0, 15, 10, 30, 0, 123);
export const ODD_ID = 'a/b c:ü';

export interface ContractContext {
  /** The store opened for the current test (fresh and empty). */
  store(): Store;
}

export function at(offsetMs: number): Date {
  return new Date(T0 + offsetMs);
}

export function customer(id: string, extra: Partial<Customer> = {}): Customer {
  return { id, createdAt: at(0), ...extra };
}

export function product(id: string, extra: Partial<Product> = {}): Product {
  return { id, title: `Product ${id}`, description: `About ${id}`, currency: 'EUR', inStock: true, ...extra };
}

export function interaction(id: string, customerId: string, productId: string, offsetMs: number, kind: InteractionKind = 'view'): Interaction {
  return { id, customerId, productId, kind, value: 1, timestamp: at(offsetMs), source: 'test' };
}

export function order(id: string, customerId: string, offsetMs: number, extra: Partial<Order> = {}): Order {
  return {
    id,
    customerId,
    lines: [{ productId: 'p1', quantity: 2, unitPrice: 9.5 }],
    status: 'placed',
    currency: 'EUR',
    placedAt: at(offsetMs),
    updatedAt: at(offsetMs),
    ...extra,
  };
}

export function conversation(id: string, offsetMs: number, extra: Partial<Conversation> = {}): Conversation {
  return { id, channel: 'webchat', status: 'bot', tags: [], createdAt: at(0), updatedAt: at(offsetMs), ...extra };
}

export function transcriptEntry(id: string, conversationId: string, offsetMs: number, extra: Partial<TranscriptEntry> = {}): TranscriptEntry {
  return { id, conversationId, role: 'customer', text: `message ${id}`, timestamp: at(offsetMs), ...extra };
}

/** Ids sort by their UTF-8 bytes in both adapters (SQLite BINARY collation, MongoDB default). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Follows cursors to the end, checking on the way that no page exceeds `limit`, that only the last page lacks
 * a cursor and that no page is empty except a first page of an empty list.
 */
export async function collectPages<T>(limit: number, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor);
    pages += 1;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (pages > 1) expect(page.items.length).toBeGreaterThan(0);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor !== undefined) expect(page.items.length).toBe(limit);
    if (pages > 10_000) throw new Error('paging does not terminate');
  } while (cursor !== undefined);
  return { items, pages };
}

export async function collectStream<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Seeds customers and products so interactions and orders have something to reference. */
export async function seedCatalog(store: Store, customerIds: string[], productIds: string[]): Promise<void> {
  const customers = await store.customers.upsertMany(customerIds.map((id) => customer(id)));
  const products = await store.products.upsertMany(productIds.map((id) => product(id)));
  expect(customers.rejected).toEqual([]);
  expect(products.rejected).toEqual([]);
}

/** Resolves to the error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
