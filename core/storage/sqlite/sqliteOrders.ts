import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Order, OrderLine, OrderRepository, OrderStatus, Page, PageRequest } from '../types.js';
import { assertId, problemInOrder } from '../validation.js';
import { newestRowsOfCustomer, referenceLookup, type SqliteDatabase } from './sqliteDatabase.js';

interface OrderRow {
  id: string;
  customer_id: string;
  lines: string;
  status: string;
  currency: string;
  tracking_number: string | null;
  placed_at: number;
  updated_at: number;
  shipped_at: number | null;
  delivered_at: number | null;
}

const COLUMNS = 'id, customer_id, lines, status, currency, tracking_number, placed_at, updated_at, shipped_at, delivered_at';

function toOrder(row: OrderRow): Order {
  const order: Order = {
    id: row.id,
    customerId: row.customer_id,
    lines: JSON.parse(row.lines) as OrderLine[],
    status: row.status as OrderStatus,
    currency: row.currency,
    placedAt: new Date(row.placed_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.tracking_number !== null) order.trackingNumber = row.tracking_number;
  if (row.shipped_at !== null) order.shippedAt = new Date(row.shipped_at);
  if (row.delivered_at !== null) order.deliveredAt = new Date(row.delivered_at);
  return order;
}

function linesJson(lines: OrderLine[]): string {
  return JSON.stringify(lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })));
}

export class SqliteOrderRepository implements OrderRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async upsertMany(orders: Order[]): Promise<BulkResult> {
    const plan = planBulk(orders, problemInOrder);
    const result = new BulkResultBuilder(plan.rejected);
    this.db.transaction('orders.upsertMany', () => {
      const customerExists = referenceLookup(this.db, 'customers');
      const exists = this.db.statement('SELECT 1 FROM orders WHERE id = ?').pluck();
      const upsert = this.db.statement(
        `INSERT INTO orders (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, lines = excluded.lines, status = excluded.status,
           currency = excluded.currency, tracking_number = excluded.tracking_number, placed_at = excluded.placed_at,
           updated_at = excluded.updated_at, shipped_at = excluded.shipped_at, delivered_at = excluded.delivered_at`,
      );
      for (const group of plan.groups) {
        const o = group.row;
        if (!customerExists(o.customerId)) {
          result.reject(group, 'NOT_FOUND', `unknown customer ${o.customerId}`);
          continue;
        }
        const created = exists.get(o.id) === undefined;
        upsert.run(
          o.id,
          o.customerId,
          linesJson(o.lines),
          o.status,
          o.currency,
          o.trackingNumber ?? null,
          o.placedAt.getTime(),
          o.updatedAt.getTime(),
          o.shippedAt?.getTime() ?? null,
          o.deliveredAt?.getTime() ?? null,
        );
        result.written(group, created);
      }
    });
    return result.result();
  }

  async get(id: string): Promise<Order | undefined> {
    assertId(id);
    const row = this.db.use('orders.get', () => this.db.statement(`SELECT ${COLUMNS} FROM orders WHERE id = ?`).get(id));
    return row === undefined ? undefined : toOrder(row as OrderRow);
  }

  async listByCustomer(customerId: string, page: PageRequest = {}): Promise<Page<Order>> {
    assertId(customerId, 'customerId');
    const limit = resolvePageLimit(page.limit);
    const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
    const rows = newestRowsOfCustomer(this.db, { table: 'orders', columns: COLUMNS, timeColumn: 'placed_at' }, customerId, limit, before) as OrderRow[];
    return toPage(rows.map(toOrder), limit, (o) => [o.placedAt.getTime(), o.id]);
  }

  async count(): Promise<number> {
    return this.db.use('orders.count', () => this.db.statement('SELECT COUNT(*) FROM orders').pluck().get() as number);
  }
}
