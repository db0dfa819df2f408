import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Page, Product, ProductQuery, ProductRepository } from '../types.js';
import { assertId, problemInProduct } from '../validation.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface ProductRow {
  id: string;
  title: string;
  description: string;
  category: string | null;
  price: number | null;
  currency: string;
  in_stock: number;
  url: string | null;
  image_url: string | null;
}

const COLUMNS = 'id, title, description, category, price, currency, in_stock, url, image_url';
/** Stays under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;

function toProduct(row: ProductRow): Product {
  const product: Product = { id: row.id, title: row.title, description: row.description, currency: row.currency, inStock: row.in_stock === 1 };
  if (row.category !== null) product.category = row.category;
  if (row.price !== null) product.price = row.price;
  if (row.url !== null) product.url = row.url;
  if (row.image_url !== null) product.imageUrl = row.image_url;
  return product;
}

export class SqliteProductRepository implements ProductRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async upsertMany(products: Product[]): Promise<BulkResult> {
    const plan = planBulk(products, problemInProduct);
    const result = new BulkResultBuilder(plan.rejected);
    this.db.transaction('products.upsertMany', () => {
      const exists = this.db.statement('SELECT 1 FROM products WHERE id = ?').pluck();
      const upsert = this.db.statement(
        `INSERT INTO products (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, category = excluded.category,
           price = excluded.price, currency = excluded.currency, in_stock = excluded.in_stock, url = excluded.url, image_url = excluded.image_url`,
      );
      for (const group of plan.groups) {
        const p = group.row;
        const created = exists.get(p.id) === undefined;
        upsert.run(p.id, p.title, p.description, p.category ?? null, p.price ?? null, p.currency, p.inStock ? 1 : 0, p.url ?? null, p.imageUrl ?? null);
        result.written(group, created);
      }
    });
    return result.result();
  }

  async get(id: string): Promise<Product | undefined> {
    assertId(id);
    const row = this.db.use('products.get', () => this.db.statement(`SELECT ${COLUMNS} FROM products WHERE id = ?`).get(id));
    return row === undefined ? undefined : toProduct(row as ProductRow);
  }

  async getMany(ids: string[]): Promise<Product[]> {
    ids.forEach((id) => assertId(id));
    const found = new Map<string, Product>();
    const distinct = [...new Set(ids)];
    this.db.use('products.getMany', (db) => {
      for (let start = 0; start < distinct.length; start += IDS_PER_QUERY) {
        const chunk = distinct.slice(start, start + IDS_PER_QUERY);
        const rows = db.prepare(`SELECT ${COLUMNS} FROM products WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk);
        for (const row of rows as ProductRow[]) found.set(row.id, toProduct(row));
      }
    });
    return ids.flatMap((id) => {
      const product = found.get(id);
      return product === undefined ? [] : [product];
    });
  }

  async list(query: ProductQuery = {}): Promise<Page<Product>> {
    const limit = resolvePageLimit(query.limit);
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (query.category !== undefined) {
      conditions.push('category = ?');
      params.push(query.category);
    }
    if (query.inStock !== undefined) {
      conditions.push('in_stock = ?');
      params.push(query.inStock ? 1 : 0);
    }
    if (query.cursor !== undefined) {
      conditions.push('id > ?');
      params.push(decodeCursor(query.cursor, ['string'])[0]);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.db.use('products.list', () =>
      this.db.statement(`SELECT ${COLUMNS} FROM products ${where} ORDER BY id LIMIT ?`).all(...params, limit + 1),
    ) as ProductRow[];
    return toPage(rows.map(toProduct), limit, (p) => [p.id]);
  }

  async count(): Promise<number> {
    return this.db.use('products.count', () => this.db.statement('SELECT COUNT(*) FROM products').pluck().get() as number);
  }
}
