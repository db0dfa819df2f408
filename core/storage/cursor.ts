import { ValidationError } from '../errors.js';

/**
 * Opaque keyset cursors shared by every adapter: base64url of a JSON array holding the sort key of the
 * last item returned (e.g. `[timestampMs, id]`). Both adapters encode the same keysets, so a cursor means
 * the same thing whichever store produced it.
 */

export type KeysetValue = string | number;
export type Keyset = KeysetValue[];

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify(keyset), 'utf8').toString('base64url');
}

/** Decodes a cursor whose keyset must match `shape` (the type of each key); anything else is a ValidationError. */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): Keyset {
  const invalid = (): ValidationError => new ValidationError('Invalid page cursor', { details: { cursor } });
  if (typeof cursor !== 'string' || cursor.length === 0 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) throw invalid();
  parsed.forEach((value: unknown, index) => {
    const expected = shape[index];
    if (expected === 'number' && !(typeof value === 'number' && Number.isFinite(value))) throw invalid();
    if (expected === 'string' && typeof value !== 'string') throw invalid();
  });
  return parsed as Keyset;
}

/** Default 50; values above 1000 are capped at 1000; zero, negative or fractional limits are a ValidationError. */
export function resolvePageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new ValidationError('Page limit must be a positive integer', { details: { limit } });
  }
  return Math.min(limit, MAX_PAGE_LIMIT);
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only signals that another page exists,
 * so the last page never comes with a cursor pointing at nothing.
 */
export function toPage<T>(rows: T[], limit: number, keysetOf: (item: T) => Keyset): { items: T[]; nextCursor?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keysetOf(items[items.length - 1])) };
}
