/**
 * Derives the committed demo data (core/importer/demo/*.jsonl.gz) from the UCI Online Retail per-day CSVs.
 *   npx tsx core/importer/buildDemoData.ts [BY_DAY_DIR] [--customers 300]
 * Deterministic: same input, same output. See core/importer/demo/README.md for what is real and what is synthetic.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Customer, Interaction, Order, Product } from '../storage/types.js';
import { DEMO_DIR, DEMO_FILES } from './demo/demoFiles.js';
import { syntheticPeople } from './demo/syntheticPeople.js';
import { listInputFiles } from './inputFiles.js';
import { DEFAULT_MAX_RECORD_BYTES, readRecords } from './recordSource.js';
import { UciDataset, type UciDayBatch } from './uci/uciDataset.js';
import { UCI_COLUMNS } from './uci/uciRows.js';

const DEFAULT_DIR = '../shared/data/uci-online-retail/by-day';
const MIN_INVOICES = 5;
const MAX_INVOICES = 40;
const MAX_PRODUCTS = 2400;
const SYNTHETIC_ORDERS = 8;
const DAY_MS = 24 * 3600 * 1000;
/** Made-up dispatch and delivery times of the real invoices (UCI records only when an invoice was issued). */
const SHIPPED_AFTER_DAYS = 1;
const DELIVERED_AFTER_DAYS = 3;

async function* days(dir: string): AsyncGenerator<UciDayBatch> {
  const dataset = new UciDataset();
  for (const file of await listInputFiles(dir, ['.csv'])) {
    const records = readRecords(file.path, {
      format: 'csv', delimiter: ',', mapping: {}, fields: UCI_COLUMNS, requiredFields: UCI_COLUMNS,
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES, invalidUtf8: 'skip',
    });
    for await (const record of records) if (record.ok) dataset.addRow(record.values, record.line);
    yield dataset.endDay();
  }
}

const rank = (id: string): string => createHash('sha1').update(`demo:${id}`).digest('hex');

interface Selection {
  customers: Set<string>;
  products: Set<string>;
}

/**
 * Customers: MIN..MAX invoices, the first `count` in the order of a hash of their id (a fixed
 * pseudo-random sample). Products: the MAX_PRODUCTS bought by the most distinct customers overall.
 */
async function select(dir: string, count: number): Promise<Selection> {
  const invoices = new Map<string, number>();
  const buyers = new Map<string, Set<string>>();
  for await (const day of days(dir)) {
    for (const o of day.orders) invoices.set(o.item.customerId, (invoices.get(o.item.customerId) ?? 0) + 1);
    for (const { item } of day.interactions) {
      const set = buyers.get(item.productId) ?? new Set<string>();
      set.add(item.customerId);
      buyers.set(item.productId, set);
    }
  }
  const active = [...invoices].filter(([, n]) => n >= MIN_INVOICES && n <= MAX_INVOICES).map(([id]) => id);
  const customers = new Set(active.sort((a, b) => rank(a).localeCompare(rank(b))).slice(0, count));
  const popular = [...buyers].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).slice(0, MAX_PRODUCTS);
  return { customers, products: new Set(popular.map(([id]) => id)) };
}

/** "WHITE HANGING HEART T-LIGHT HOLDER" → "White hanging heart T-light holder": catalogue text a shopper can read. */
function sentenceCase(text: string): string {
  const lower = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return (lower.charAt(0).toUpperCase() + lower.slice(1)).replace(/\b([a-z])-(?=[a-z])/g, (_m, letter: string) => `${letter.toUpperCase()}-`);
}

/** Readable titles, and the demo's placeholder image and product page served by the bot (bot/web/demoAssetRoutes.ts). */
function demoProduct(p: Product): Product {
  const page = `/demo/products/${encodeURIComponent(p.id)}`;
  return { ...p, title: sentenceCase(p.title), description: sentenceCase(p.description), url: page, imageUrl: `${page}/image.svg` };
}

/** A real invoice, delivered: with made-up dispatch and delivery dates after the invoice date. */
function deliveredInvoice(order: Order): Order {
  const shippedAt = new Date(order.placedAt.getTime() + SHIPPED_AFTER_DAYS * DAY_MS);
  const deliveredAt = new Date(order.placedAt.getTime() + DELIVERED_AFTER_DAYS * DAY_MS);
  return { ...order, shippedAt, deliveredAt, updatedAt: deliveredAt };
}

/**
 * Synthetic open orders (placed / shipped) so the order-status flow has something to show, numbered after the last
 * real invoice so they read like the shop's own order numbers.
 */
function syntheticOrders(orders: Order[]): Order[] {
  const lastByCustomer = new Map<string, Order>();
  for (const o of orders) lastByCustomer.set(o.customerId, o);
  const lastInvoice = Math.max(...orders.map((o) => Number(o.id.replace(/^\D+/, ''))).filter(Number.isFinite));
  const picked = [...lastByCustomer.values()].sort((a, b) => rank(a.id).localeCompare(rank(b.id))).slice(0, SYNTHETIC_ORDERS);
  return picked.map((source, i) => {
    const placedAt = new Date(Date.UTC(2011, 11, 10 + i, 10, 0, 0));
    const shipped = i % 2 === 0;
    const shippedAt = new Date(placedAt.getTime() + DAY_MS);
    return {
      id: `demo-${lastInvoice + i + 1}`,
      customerId: source.customerId,
      lines: source.lines.slice(0, 3),
      status: shipped ? 'shipped' : 'placed',
      currency: source.currency,
      placedAt,
      updatedAt: shipped ? shippedAt : placedAt,
      ...(shipped ? { shippedAt, trackingNumber: `DEMO${String(100000 + i * 7919).padStart(9, '0')}GB` } : {}),
    };
  });
}

async function writeJsonlGz(name: string, rows: readonly object[]): Promise<number> {
  const body = gzipSync(rows.map((r) => JSON.stringify(r)).join('\n') + '\n', { level: 9 });
  await writeFile(join(DEMO_DIR, name), body);
  return body.length;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--customers');
  const count = flag === -1 ? 300 : Number(args[flag + 1]);
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--customers') ?? DEFAULT_DIR;
  process.stderr.write(`pass 1/2: choosing ${count} customers with ${MIN_INVOICES}-${MAX_INVOICES} invoices and ${MAX_PRODUCTS} products from ${dir}\n`);
  const chosen = await select(dir, count);
  process.stderr.write('pass 2/2: collecting their purchases and orders of the chosen products\n');
  const customers = new Map<string, Customer>();
  const products = new Map<string, Product>();
  const interactions: Interaction[] = [];
  const orders: Order[] = [];
  for await (const day of days(dir)) {
    for (const c of day.customers) if (chosen.customers.has(c.id)) customers.set(c.id, c);
    for (const p of day.products) if (chosen.products.has(p.id)) products.set(p.id, demoProduct(p)); // latest title and price
    for (const { item } of day.interactions) {
      if (chosen.customers.has(item.customerId) && chosen.products.has(item.productId)) interactions.push({ ...item, source: 'demo:uci' });
    }
    for (const { item } of day.orders) {
      const lines = item.lines.filter((l) => chosen.products.has(l.productId));
      if (chosen.customers.has(item.customerId) && lines.length > 0) orders.push(deliveredInvoice({ ...item, lines }));
    }
  }
  const touched = new Set(interactions.map((i) => i.productId));
  const demoProducts = [...products.values()].filter((p) => touched.has(p.id)).sort((a, b) => a.id.localeCompare(b.id));
  const allOrders = [...orders, ...syntheticOrders(orders)];
  const sortedCustomers = [...customers.values()].sort((a, b) => a.id.localeCompare(b.id));
  const people = syntheticPeople(sortedCustomers.map((c) => c.id));
  const namedCustomers = sortedCustomers.map((c) => ({ ...c, ...people.get(c.id) }));
  const sizes = [
    await writeJsonlGz(DEMO_FILES.customers, namedCustomers),
    await writeJsonlGz(DEMO_FILES.products, demoProducts),
    await writeJsonlGz(DEMO_FILES.interactions, interactions),
    await writeJsonlGz(DEMO_FILES.orders, allOrders),
  ];
  process.stdout.write(
    `demo data: ${customers.size} customers, ${demoProducts.length} products, ${interactions.length} interactions, ` +
      `${allOrders.length} orders (${SYNTHETIC_ORDERS} synthetic); ${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KiB gzipped\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`buildDemoData failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
