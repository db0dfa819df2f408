import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import type { Customer, Product } from '../../core/storage/types.js';
import { at, byteOrder, collectPages, customer, ODD_ID, product, rejectionOf, type ContractContext } from './contractFixtures.js';

/** Customers and products: round trips, idempotent bulk upserts, uniqueness, validation, paging. */
export function catalogContract(ctx: ContractContext): void {
  describe('customers', () => {
    it('stores a customer with every field and reads it back by id and by externalId', async () => {
      const full: Customer = { id: 'c1', externalId: 'ext-1', name: 'Ada', email: 'ada@example.com', locale: 'en-GB', country: 'GB', createdAt: new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 999)) };
      const result = await ctx.store().customers.upsertMany([full, customer('c2')]);
      expect(result).toEqual({ inserted: 2, updated: 0, rejected: [] });
      const read = await ctx.store().customers.get('c1');
      expect(read).toEqual(full);
      expect(read?.createdAt).toBeInstanceOf(Date);
      expect(read?.createdAt.getTime()).toBe(full.createdAt.getTime());
      expect(await ctx.store().customers.getByExternalId('ext-1')).toEqual(full);
      expect(await ctx.store().customers.get('c2')).toEqual(customer('c2'));
      expect(await ctx.store().customers.get('missing')).toBeUndefined();
      expect(await ctx.store().customers.getByExternalId('missing')).toBeUndefined();
    });

    it('treats re-running the same bulk as updates and keeps the count', async () => {
      const batch = ['c1', 'c2', 'c3'].map((id) => customer(id, { name: id }));
      expect(await ctx.store().customers.upsertMany(batch)).toEqual({ inserted: 3, updated: 0, rejected: [] });
      expect(await ctx.store().customers.upsertMany(batch)).toEqual({ inserted: 0, updated: 3, rejected: [] });
      expect(await ctx.store().customers.count()).toBe(3);
    });

    it('replaces fields on update, dropping ones no longer given', async () => {
      await ctx.store().customers.upsertMany([customer('c1', { name: 'Old', email: 'old@example.com' })]);
      await ctx.store().customers.upsertMany([customer('c1', { name: 'New' })]);
      expect(await ctx.store().customers.get('c1')).toEqual(customer('c1', { name: 'New' }));
    });

    it('counts a repeated id inside one batch once as inserted and once as updated; the last row wins', async () => {
      const result = await ctx.store().customers.upsertMany([customer('c1', { name: 'first' }), customer('c1', { name: 'second' })]);
      expect(result).toEqual({ inserted: 1, updated: 1, rejected: [] });
      expect((await ctx.store().customers.get('c1'))?.name).toBe('second');
      expect(await ctx.store().customers.count()).toBe(1);
    });

    it('rejects a second customer claiming an existing externalId while the other rows land', async () => {
      await ctx.store().customers.upsertMany([customer('c1', { externalId: 'shared' })]);
      const result = await ctx.store().customers.upsertMany([customer('c2'), customer('c3', { externalId: 'shared' }), customer('c4', { externalId: 'own' })]);
      expect(result.inserted).toBe(2);
      expect(result.rejected).toEqual([expect.objectContaining({ index: 1, id: 'c3', code: 'CONFLICT' })]);
      expect(await ctx.store().customers.get('c3')).toBeUndefined();
      expect((await ctx.store().customers.getByExternalId('shared'))?.id).toBe('c1');
      expect(await ctx.store().customers.count()).toBe(3);
    });

    it('rejects invalid rows by index with VALIDATION_FAILED and writes the valid ones', async () => {
      const rows = [customer(''), customer('ok1'), customer('bad-date', { createdAt: new Date(Number.NaN) }), customer('ok2')];
      const result = await ctx.store().customers.upsertMany(rows);
      expect(result.inserted).toBe(2);
      expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
        [0, 'VALIDATION_FAILED'],
        [2, 'VALIDATION_FAILED'],
      ]);
      expect(await ctx.store().customers.count()).toBe(2);
    });

    it('refuses an empty id on lookup with a ValidationError', async () => {
      expect(await rejectionOf(ctx.store().customers.get(''))).toBeInstanceOf(ValidationError);
    });

    it('pages through every customer in id order with no duplicates or gaps', async () => {
      const ids = Array.from({ length: 23 }, (_, i) => `cust-${String(i).padStart(2, '0')}`).concat([ODD_ID, 'Zed', 'émile']);
      await ctx.store().customers.upsertMany(ids.map((id) => customer(id)));
      const { items, pages } = await collectPages(5, (cursor) => ctx.store().customers.list({ limit: 5, cursor }));
      expect(pages).toBe(6);
      expect(items.map((c) => c.id)).toEqual([...ids].sort(byteOrder));
      const again = await collectPages(5, (cursor) => ctx.store().customers.list({ limit: 5, cursor }));
      expect(again.items.map((c) => c.id)).toEqual(items.map((c) => c.id));
      const firstPage = await ctx.store().customers.list();
      expect(firstPage.items).toHaveLength(26);
      expect(firstPage.nextCursor).toBeUndefined();
    });

    it('caps a page at 1000 items whatever limit is asked', async () => {
      const ids = Array.from({ length: 1001 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
      expect((await ctx.store().customers.upsertMany(ids.map((id) => customer(id)))).inserted).toBe(1001);
      const first = await ctx.store().customers.list({ limit: 5000 });
      expect(first.items).toHaveLength(1000);
      expect(first.nextCursor).toBeDefined();
      const rest = await ctx.store().customers.list({ limit: 5000, cursor: first.nextCursor });
      expect(rest.items.map((c) => c.id)).toEqual(['bulk-1000']);
      expect(rest.nextCursor).toBeUndefined();
    });

    it('answers a malformed cursor or a non-positive limit with a ValidationError', async () => {
      await ctx.store().customers.upsertMany([customer('c1')]);
      for (const cursor of ['not a cursor!', 'bm90LWpzb24', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
        expect(await rejectionOf(ctx.store().customers.list({ cursor }))).toBeInstanceOf(ValidationError);
      }
      expect(await rejectionOf(ctx.store().customers.list({ limit: 0 }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('round-trips ids with slashes, spaces, colons and non-ASCII characters', async () => {
      await ctx.store().customers.upsertMany([customer(ODD_ID, { externalId: `ext:${ODD_ID}` })]);
      expect((await ctx.store().customers.get(ODD_ID))?.id).toBe(ODD_ID);
      expect((await ctx.store().customers.getByExternalId(`ext:${ODD_ID}`))?.id).toBe(ODD_ID);
    });
  });

  describe('products', () => {
    it('stores a product with every field and reads it back', async () => {
      const full: Product = { id: 'SKU-1', title: 'Mug', description: 'A mug', category: 'kitchen', price: 12.5, currency: 'GBP', inStock: false, url: 'https://shop.example/mug', imageUrl: 'https://shop.example/mug.png' };
      expect(await ctx.store().products.upsertMany([full, product('SKU-2')])).toEqual({ inserted: 2, updated: 0, rejected: [] });
      expect(await ctx.store().products.get('SKU-1')).toEqual(full);
      expect(await ctx.store().products.get('SKU-2')).toEqual(product('SKU-2'));
      expect(await ctx.store().products.get('nope')).toBeUndefined();
    });

    it('is idempotent under repeated bulk upserts', async () => {
      const batch = ['a', 'b', 'c', 'd'].map((id) => product(id));
      await ctx.store().products.upsertMany(batch);
      expect(await ctx.store().products.upsertMany(batch)).toEqual({ inserted: 0, updated: 4, rejected: [] });
      expect(await ctx.store().products.count()).toBe(4);
    });

    it('returns getMany results in the order asked, skipping unknown ids', async () => {
      await ctx.store().products.upsertMany(['a', 'b', 'c', ODD_ID].map((id) => product(id)));
      const found = await ctx.store().products.getMany(['c', 'missing', ODD_ID, 'a']);
      expect(found.map((p) => p.id)).toEqual(['c', ODD_ID, 'a']);
      expect(await ctx.store().products.getMany([])).toEqual([]);
    });

    it('rejects invalid products (NaN price, missing title) per row', async () => {
      const result = await ctx.store().products.upsertMany([product('ok'), product('nan', { price: Number.NaN }), product('untitled', { title: '' })]);
      expect(result.inserted).toBe(1);
      expect(result.rejected.map((r) => [r.index, r.id, r.code])).toEqual([
        [1, 'nan', 'VALIDATION_FAILED'],
        [2, 'untitled', 'VALIDATION_FAILED'],
      ]);
    });

    it('filters by category and stock while paging in id order', async () => {
      const rows = Array.from({ length: 14 }, (_, i) => product(`p${String(i).padStart(2, '0')}`, { category: i % 2 === 0 ? 'even' : 'odd', inStock: i % 3 !== 0 }));
      await ctx.store().products.upsertMany(rows);
      const even = await collectPages(3, (cursor) => ctx.store().products.list({ category: 'even', limit: 3, cursor }));
      expect(even.items.map((p) => p.id)).toEqual(rows.filter((p) => p.category === 'even').map((p) => p.id));
      const evenInStock = await collectPages(2, (cursor) => ctx.store().products.list({ category: 'even', inStock: true, limit: 2, cursor }));
      expect(evenInStock.items.map((p) => p.id)).toEqual(rows.filter((p) => p.category === 'even' && p.inStock).map((p) => p.id));
      const outOfStock = await collectPages(50, (cursor) => ctx.store().products.list({ inStock: false, cursor }));
      expect(outOfStock.items.map((p) => p.id)).toEqual(rows.filter((p) => !p.inStock).map((p) => p.id));
      const all = await collectPages(4, (cursor) => ctx.store().products.list({ limit: 4, cursor }));
      expect(all.items).toHaveLength(14);
      expect(await rejectionOf(ctx.store().products.list({ cursor: '%%%' }))).toBeInstanceOf(ValidationError);
    });

    it('keeps dates and numbers exact through a round trip', async () => {
      await ctx.store().customers.upsertMany([customer('c1', { createdAt: at(-1) })]);
      expect((await ctx.store().customers.get('c1'))?.createdAt.toISOString()).toBe(at(-1).toISOString());
      await ctx.store().products.upsertMany([product('p', { price: 0.1 + 0.2 })]);
      expect((await ctx.store().products.get('p'))?.price).toBe(0.1 + 0.2);
    });
  });
}
