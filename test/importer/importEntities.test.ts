import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importEntities, type ImportEntitiesOptions } from '../../core/importer/importEntities.js';
import { parseColumnMapping } from '../../core/importer/columnMapping.js';
import { AppError, DataFileError, ValidationError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { EntityKind } from '../../core/importer/types.js';
import { fixture, inputFile, openTempStore, type TempStore } from './importTestKit.js';

let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.dispose();
});

const base: ImportEntitiesOptions = { logger: silentLogger(), defaults: { now: new Date('2012-01-01T00:00:00Z') } };

async function run(kind: EntityKind, name: string, options: Partial<ImportEntitiesOptions> = {}) {
  return importEntities(temp.store, kind, [await inputFile(fixture(name))], { ...base, ...options });
}

async function productIds(): Promise<string[]> {
  const page = await temp.store.products.list({ limit: 1000 });
  return page.items.map((p) => p.id).sort();
}

describe('importEntities: products', () => {
  it('imports quoted, escaped and multi-line CSV fields with defaults, and a re-run updates instead of duplicating', async () => {
    const first = await run('products', 'products.csv');
    expect(first).toMatchObject({ rowsRead: 4, imported: 4, updated: 0, skippedTotal: 0 });
    expect(await temp.store.products.get('P1')).toMatchObject({ description: 'A blue mug, 300 ml', price: 4.5, inStock: true });
    expect((await temp.store.products.get('P2'))?.description).toBe('Red mug with a "classic" handle');
    expect((await temp.store.products.get('P3'))?.title).toBe('Tea towel\n(two lines)');
    expect(await temp.store.products.get('P4')).toMatchObject({ description: 'Candle', currency: 'GBP', inStock: true });

    const second = await run('products', 'products.csv');
    expect(second).toMatchObject({ imported: 0, updated: 4 });
    expect(await temp.store.products.count()).toBe(4);
  });

  it('reports an unclosed quote and ragged rows with their lines and keeps every good row', async () => {
    const summary = await run('products', 'products-malformed.csv');
    expect(await productIds()).toEqual(['M1', 'M3', 'M7']);
    const bad = summary.badRows.map((r) => [r.line, r.reason]);
    expect(bad).toEqual([
      [3, 'malformed'],
      [5, 'malformed'],
      [6, 'malformed'],
      [7, 'malformed'],
    ]);
    expect(summary.badRows[0]?.message).toContain('unclosed quote');
    expect(summary.badRows[1]?.message).toContain('expected 7 columns, found 2');
    expect(summary.badRows.every((r) => r.file.endsWith('products-malformed.csv'))).toBe(true);
  });

  it('rejects wrong types per row with the field named, keeping the valid rows', async () => {
    const summary = await run('products', 'products-wrong-types.csv');
    expect(await productIds()).toEqual(['W1', 'W7']);
    expect(summary.skipped.invalid).toBe(5);
    const messageFor = (line: number) => summary.badRows.find((r) => r.line === line)?.message ?? '';
    expect(messageFor(3)).toMatch(/^price:/);
    expect(messageFor(4)).toMatch(/^price:/);
    expect(messageFor(5)).toMatch(/^inStock:/);
    expect(messageFor(6)).toMatch(/^currency:/);
    expect(messageFor(7)).toMatch(/^title:/);
    expect(await temp.store.products.get('W7')).toMatchObject({ currency: 'EUR', inStock: false });
  });

  it('fails with a DataFileError naming the missing column and the mapping that was tried', async () => {
    const error = await run('products', 'products-missing-column.csv', { mapping: parseColumnMapping(['id=StockCode']) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    const message = (error as AppError).message;
    expect(message).toContain('"title"');
    expect(message).toContain('header columns: StockCode, Name, price');
    const withMap = await run('products', 'products-missing-column.csv', { mapping: parseColumnMapping(['id=StockCode', 'title=Title']) }).catch(
      (e: unknown) => e,
    );
    expect((withMap as AppError).message).toContain('"Title" (mapped from --map title=Title)');
  });

  it('maps columns and reads another delimiter', async () => {
    const mapping = parseColumnMapping(['id=StockCode', 'title=Description', 'price=UnitPrice']);
    const summary = await run('products', 'shop-products.csv', { mapping, delimiter: ';' });
    expect(summary.imported).toBe(2);
    expect(await temp.store.products.get('S1')).toMatchObject({ title: 'Lantern', price: 3.39 });
  });

  it('reads JSONL with mapping and reports bad JSON lines', async () => {
    const mapping = parseColumnMapping(['id=sku', 'title=name']);
    const summary = await run('products', 'products.jsonl', { mapping });
    expect(await productIds()).toEqual(['J1', 'J2', 'J5']);
    expect(summary.badRows.map((r) => [r.line, r.reason])).toEqual([
      [3, 'malformed'],
      [4, 'malformed'],
      [5, 'invalid'],
    ]);
    expect((await temp.store.products.get('J2'))?.price).toBe(5.1);
  });

  it('--strict aborts on the first bad row with a ValidationError naming file and line', async () => {
    const error = await run('products', 'products-wrong-types.csv', { strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toMatchObject({ line: 3, reason: 'invalid' });
    expect(await productIds()).toEqual(['W1']); // rows before the bad one are kept, none after it
  });
});

describe('importEntities: customers, interactions, orders', () => {
  beforeEach(async () => {
    await run('products', 'products.csv');
  });

  it('counts duplicate rows and imports each id once', async () => {
    const summary = await run('customers', 'customers.csv');
    expect(summary.skipped.duplicate).toBe(2);
    expect(summary.badRows.filter((r) => r.reason === 'duplicate').map((r) => r.line)).toEqual([4, 7]);
    expect(summary.skipped.invalid).toBe(1); // C3: bad email
    expect(await temp.store.customers.count()).toBe(3);
    expect((await temp.store.customers.get('C1'))?.name).toBe('Customer 1');
    expect((await temp.store.customers.get('C1'))?.createdAt.toISOString()).toBe('2011-01-02T10:00:00.000Z');
  });

  it('maps unknown customer and product references back to their lines', async () => {
    await run('customers', 'customers.csv');
    const summary = await run('interactions', 'interactions-unknown-refs.csv');
    expect(summary.badRows.map((r) => [r.line, r.reason])).toEqual([
      [6, 'invalid'],
      [3, 'unknown-reference'],
      [4, 'unknown-reference'],
    ]);
    expect(summary.imported).toBe(3);
    const c1 = await temp.store.interactions.listByCustomer('C1');
    expect(c1.items.map((i) => [i.productId, i.kind, i.value])).toEqual([['P1', 'purchase', 2]]);
    const again = await run('interactions', 'interactions-unknown-refs.csv');
    expect(again).toMatchObject({ imported: 0, updated: 3 });
    expect(await temp.store.interactions.count()).toBe(3);
  });

  it('groups contiguous CSV lines into orders; reports unknown customers, bad statuses and split orders', async () => {
    await run('customers', 'customers.csv');
    const summary = await run('orders', 'orders.csv');
    const o1 = await temp.store.orders.get('O1');
    expect(o1?.lines.map((l) => l.productId)).toEqual(['P1', 'P2']);
    expect(o1).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-1', currency: 'GBP' });
    expect(await temp.store.orders.get('O3')).toBeDefined();
    expect(await temp.store.orders.get('O2')).toBeUndefined();
    const reasons = Object.fromEntries(summary.badRows.map((r) => [r.line, r.reason]));
    expect(reasons).toEqual({ 4: 'unknown-reference', 6: 'duplicate', 7: 'invalid' });
  });

  it('reads whole orders with lines from JSONL; an empty order and a repeated id are bad rows', async () => {
    await run('customers', 'customers.csv');
    const summary = await run('orders', 'orders.jsonl');
    expect(summary.badRows.map((r) => [r.line, r.reason])).toEqual([
      [2, 'invalid'],
      [3, 'duplicate'],
    ]);
    expect((await temp.store.orders.get('J-O1'))?.lines).toHaveLength(2);
    const shipped = await temp.store.orders.get('J-O3');
    expect(shipped).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-3' });
    expect(shipped?.updatedAt.toISOString()).toBe('2011-07-03T09:00:00.000Z');
  });
});
