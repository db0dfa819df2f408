import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import type { Interaction, InteractionKind, Order } from '../../core/storage/types.js';
import { at, collectPages, collectStream, customer, interaction, ODD_ID, order, rejectionOf, seedCatalog, type ContractContext } from './contractFixtures.js';

const KINDS: InteractionKind[] = ['view', 'click', 'cart', 'purchase', 'rating', 'return'];

/** 20 interactions over 2 customers, with timestamp ties so (timestamp, id) ordering matters. */
function sampleInteractions(): Interaction[] {
  return Array.from({ length: 20 }, (_, i) =>
    interaction(`i${String(19 - i).padStart(2, '0')}`, i % 2 === 0 ? 'c1' : ODD_ID, i % 3 === 0 ? 'p1' : 'p2', Math.floor(i / 3) * 1000, KINDS[i % KINDS.length]),
  );
}

function byTimestampThenId(a: Interaction, b: Interaction): number {
  return a.timestamp.getTime() - b.timestamp.getTime() || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));
}

/** Interactions and orders: references checked per row, idempotence, newest-first paging, streaming. */
export function activityContract(ctx: ContractContext): void {
  describe('interactions', () => {
    it('rejects rows with unknown customers or products as NOT_FOUND and writes the rest', async () => {
      await seedCatalog(ctx.store(), ['c1'], ['p1']);
      const rows = [interaction('i1', 'c1', 'p1', 0), interaction('i2', 'ghost', 'p1', 0), interaction('i3', 'c1', 'ghost', 0), interaction('i4', 'c1', 'p1', 5)];
      const result = await ctx.store().interactions.upsertMany(rows);
      expect(result.inserted).toBe(2);
      expect(result.updated).toBe(0);
      expect(result.rejected.map((r) => [r.index, r.id, r.code])).toEqual([
        [1, 'i2', 'NOT_FOUND'],
        [2, 'i3', 'NOT_FOUND'],
      ]);
      expect(await ctx.store().interactions.count()).toBe(2);
    });

    it('is idempotent by id and rejects NaN values and unknown kinds', async () => {
      await seedCatalog(ctx.store(), ['c1'], ['p1']);
      const rows = [interaction('i1', 'c1', 'p1', 0), interaction('i2', 'c1', 'p1', 1, 'purchase')];
      expect(await ctx.store().interactions.upsertMany(rows)).toEqual({ inserted: 2, updated: 0, rejected: [] });
      expect(await ctx.store().interactions.upsertMany(rows)).toEqual({ inserted: 0, updated: 2, rejected: [] });
      const changed = { ...rows[0], value: 4, kind: 'rating' as const, timestamp: at(7) };
      expect(await ctx.store().interactions.upsertMany([changed])).toEqual({ inserted: 0, updated: 1, rejected: [] });
      expect((await ctx.store().interactions.listByCustomer('c1')).items[0]).toEqual(changed);
      const bad = await ctx.store().interactions.upsertMany([
        { ...interaction('i3', 'c1', 'p1', 2), value: Number.NaN },
        { ...interaction('i4', 'c1', 'p1', 2), kind: 'like' as InteractionKind },
      ]);
      expect(bad.rejected.map((r) => r.code)).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
      expect(await ctx.store().interactions.count()).toBe(2);
    });

    it('lists a customer newest first across pages, ties broken by id', async () => {
      await seedCatalog(ctx.store(), ['c1', ODD_ID], ['p1', 'p2']);
      const rows = sampleInteractions();
      await ctx.store().interactions.upsertMany(rows);
      const { items } = await collectPages(3, (cursor) => ctx.store().interactions.listByCustomer(ODD_ID, { limit: 3, cursor }));
      const expected = rows.filter((r) => r.customerId === ODD_ID).sort(byTimestampThenId).reverse();
      expect(items).toEqual(expected);
      expect((await ctx.store().interactions.listByCustomer('nobody')).items).toEqual([]);
    });

    it('streams every interaction in (timestamp, id) order across several small batches', async () => {
      await seedCatalog(ctx.store(), ['c1', ODD_ID], ['p1', 'p2']);
      const rows = sampleInteractions();
      await ctx.store().interactions.upsertMany(rows);
      const streamed = await collectStream(ctx.store().interactions.stream({ batchSize: 3 }));
      expect(streamed).toEqual([...rows].sort(byTimestampThenId));
      expect(streamed[0].timestamp).toBeInstanceOf(Date);
      expect(await collectStream(ctx.store().interactions.stream())).toEqual(streamed);
    });

    it('applies since (inclusive), until (exclusive) and kinds filters while streaming', async () => {
      await seedCatalog(ctx.store(), ['c1', ODD_ID], ['p1', 'p2']);
      const rows = sampleInteractions();
      await ctx.store().interactions.upsertMany(rows);
      const since = at(1000);
      const until = at(5000);
      const windowed = await collectStream(ctx.store().interactions.stream({ since, until, batchSize: 2 }));
      expect(windowed).toEqual(rows.filter((r) => r.timestamp >= since && r.timestamp < until).sort(byTimestampThenId));
      const kinds: InteractionKind[] = ['purchase', 'cart'];
      const purchases = await collectStream(ctx.store().interactions.stream({ kinds, since, batchSize: 1 }));
      expect(purchases.length).toBeGreaterThan(0);
      expect(purchases).toEqual(rows.filter((r) => kinds.includes(r.kind) && r.timestamp >= since).sort(byTimestampThenId));
      expect(await collectStream(ctx.store().interactions.stream({ kinds: [] }))).toEqual([]);
    });

    it('refuses a bad batch size or an invalid date filter', async () => {
      expect(await rejectionOf(collectStream(ctx.store().interactions.stream({ batchSize: 0 })))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(collectStream(ctx.store().interactions.stream({ since: new Date('nope') })))).toBeInstanceOf(ValidationError);
    });
  });

  describe('orders', () => {
    it('round-trips an order with lines and optional dates, and rejects unknown customers', async () => {
      await ctx.store().customers.upsertMany([customer('c1')]);
      const full: Order = order('o1', 'c1', 0, {
        lines: [
          { productId: 'p1', quantity: 1, unitPrice: 3.25 },
          { productId: ODD_ID, quantity: 4, unitPrice: 0.5 },
        ],
        status: 'delivered',
        trackingNumber: 'TRK-1',
        shippedAt: at(3_600_000),
        deliveredAt: at(90_000_000),
        updatedAt: at(90_000_001),
      });
      const result = await ctx.store().orders.upsertMany([full, order('o2', 'ghost', 0)]);
      expect(result.inserted).toBe(1);
      expect(result.rejected).toEqual([expect.objectContaining({ index: 1, id: 'o2', code: 'NOT_FOUND' })]);
      expect(await ctx.store().orders.get('o1')).toEqual(full);
      expect(await ctx.store().orders.get('o2')).toBeUndefined();
      expect(await ctx.store().orders.upsertMany([full])).toEqual({ inserted: 0, updated: 1, rejected: [] });
      expect(await ctx.store().orders.count()).toBe(1);
    });

    it('rejects an order with an invalid status or a bad line per row', async () => {
      await ctx.store().customers.upsertMany([customer('c1')]);
      const result = await ctx.store().orders.upsertMany([
        order('o1', 'c1', 0, { status: 'lost' as Order['status'] }),
        order('o2', 'c1', 0, { lines: [{ productId: 'p', quantity: Number.NaN, unitPrice: 1 }] }),
        order('o3', 'c1', 0),
      ]);
      expect(result.inserted).toBe(1);
      expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
        [0, 'VALIDATION_FAILED'],
        [1, 'VALIDATION_FAILED'],
      ]);
    });

    it('lists a customer newest first across pages', async () => {
      await ctx.store().customers.upsertMany([customer('c1'), customer('c2')]);
      const rows = Array.from({ length: 9 }, (_, i) => order(`o${i}`, i === 4 ? 'c2' : 'c1', Math.floor(i / 2) * 1000));
      await ctx.store().orders.upsertMany(rows);
      const { items, pages } = await collectPages(2, (cursor) => ctx.store().orders.listByCustomer('c1', { limit: 2, cursor }));
      expect(pages).toBe(4);
      const expected = rows
        .filter((o) => o.customerId === 'c1')
        .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || (a.id < b.id ? 1 : -1));
      expect(items.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    });
  });
}
