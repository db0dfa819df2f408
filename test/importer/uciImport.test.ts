import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importUciRetail } from '../../core/importer/uci/uciImport.js';
import { listInputFiles } from '../../core/importer/inputFiles.js';
import { silentLogger } from '../../core/logger.js';
import { fixture, openTempStore, type TempStore } from './importTestKit.js';

const UCI_DIR = fixture('uci');

interface UciFixtureRow {
  InvoiceNo: string;
  StockCode: string;
  Quantity: string;
  UnitPrice: string;
  CustomerID: string;
  InvoiceDate: string;
}

/** Expected numbers derived straight from the fixture files with csv-parse, independently of the importer's reader. */
function expectedFromFixture() {
  const rows: UciFixtureRow[] = [];
  for (const name of readdirSync(UCI_DIR).sort()) {
    rows.push(...(parse(readFileSync(join(UCI_DIR, name)), { columns: true }) as UciFixtureRow[]));
  }
  const fees = ['POST', 'D', 'M', 'BANK CHARGES', 'DOT', 'CRUK', 'C2', 'PADS', 'AMAZONFEE', 'S', 'B'];
  const isFee = (code: string) => fees.includes(code.toUpperCase()) || code.toLowerCase().startsWith('gift_');
  const cancellations = rows.filter((r) => r.InvoiceNo.startsWith('C'));
  const notCancelled = rows.filter((r) => !r.InvoiceNo.startsWith('C'));
  const fee = notCancelled.filter((r) => isFee(r.StockCode));
  const products = notCancelled.filter((r) => !isFee(r.StockCode));
  const badQuantity = products.filter((r) => Number(r.Quantity) <= 0);
  const badPrice = products.filter((r) => Number(r.Quantity) > 0 && Number(r.UnitPrice) <= 0);
  const sellable = products.filter((r) => Number(r.Quantity) > 0 && Number(r.UnitPrice) > 0);
  const noCustomer = sellable.filter((r) => r.CustomerID === '');
  const purchases = sellable.filter((r) => r.CustomerID !== '');
  return {
    rows: rows.length,
    dropped: {
      cancellation: cancellations.length,
      'non-product-code': fee.length,
      'non-positive-quantity': badQuantity.length,
      'non-positive-price': badPrice.length,
      'no-customer-id': noCustomer.length,
    },
    purchases: purchases.length,
    customers: new Set(purchases.map((r) => r.CustomerID)).size,
    orders: new Set(purchases.map((r) => r.InvoiceNo)).size,
    products: new Set(sellable.map((r) => r.StockCode)).size,
    sample: purchases[0] as UciFixtureRow,
  };
}

let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.dispose();
});

describe('importUciRetail on a 3-day fixture cut from the real data', () => {
  it('drops rows by rule with the counts the fixture implies and writes purchases, orders, customers and products', async () => {
    const expected = expectedFromFixture();
    expect(expected.dropped.cancellation).toBeGreaterThan(0);
    expect(expected.dropped['no-customer-id']).toBeGreaterThan(0);
    expect(expected.dropped['non-product-code']).toBeGreaterThan(0);

    const files = await listInputFiles(UCI_DIR, ['.csv']);
    const summary = await importUciRetail(temp.store, files, { logger: silentLogger(), batchSize: 50 });

    expect(summary.rowsRead).toBe(expected.rows);
    expect(summary.skippedTotal).toBe(0);
    expect(summary.dropped).toEqual(expected.dropped);
    expect(summary.entities).toEqual({
      products: expected.products,
      customers: expected.customers,
      interactions: expected.purchases,
      orders: expected.orders,
    });
    expect(await temp.store.interactions.count()).toBe(expected.purchases);
    expect(await temp.store.orders.count()).toBe(expected.orders);
    expect(await temp.store.customers.count()).toBe(expected.customers);
    expect(await temp.store.products.count()).toBe(expected.products);

    const customerId = `uci-${expected.sample.CustomerID.replace('.0', '')}`;
    const customer = await temp.store.customers.get(customerId);
    expect(customer?.externalId).toBe(expected.sample.CustomerID.replace('.0', ''));
    const order = await temp.store.orders.get(`uci-${expected.sample.InvoiceNo}`);
    expect(order).toMatchObject({ customerId, status: 'delivered', currency: 'GBP' });
    expect(order?.placedAt.toISOString()).toBe(`${expected.sample.InvoiceDate.replace(' ', 'T')}.000Z`);
    const product = await temp.store.products.get(expected.sample.StockCode);
    expect(product).toMatchObject({ currency: 'GBP', inStock: true });

    const again = await importUciRetail(temp.store, files, { logger: silentLogger() });
    expect(again.imported).toBe(0);
    expect(again.updated).toBe(expected.purchases);
    expect(await temp.store.interactions.count()).toBe(expected.purchases);
  });
});
