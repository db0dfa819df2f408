import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Customer, CustomerRepository, Page, PageRequest } from '../types.js';
import { assertId, problemInCustomer } from '../validation.js';
import { isUniqueViolation, type SqliteDatabase } from './sqliteDatabase.js';

interface CustomerRow {
  id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  locale: string | null;
  country: string | null;
  created_at: number;
}

const COLUMNS = 'id, external_id, name, email, locale, country, created_at';

function toCustomer(row: CustomerRow): Customer {
  const customer: Customer = { id: row.id, createdAt: new Date(row.created_at) };
  if (row.external_id !== null) customer.externalId = row.external_id;
  if (row.name !== null) customer.name = row.name;
  if (row.email !== null) customer.email = row.email;
  if (row.locale !== null) customer.locale = row.locale;
  if (row.country !== null) customer.country = row.country;
  return customer;
}

export class SqliteCustomerRepository implements CustomerRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async upsertMany(customers: Customer[]): Promise<BulkResult> {
    const plan = planBulk(customers, problemInCustomer);
    const result = new BulkResultBuilder(plan.rejected);
    this.db.transaction('customers.upsertMany', () => {
      const exists = this.db.statement('SELECT 1 FROM customers WHERE id = ?').pluck();
      const upsert = this.db.statement(
        `INSERT INTO customers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET external_id = excluded.external_id, name = excluded.name, email = excluded.email,
           locale = excluded.locale, country = excluded.country, created_at = excluded.created_at`,
      );
      for (const group of plan.groups) {
        const c = group.row;
        const created = exists.get(c.id) === undefined;
        try {
          upsert.run(c.id, c.externalId ?? null, c.name ?? null, c.email ?? null, c.locale ?? null, c.country ?? null, c.createdAt.getTime());
          result.written(group, created);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          result.reject(group, 'CONFLICT', `externalId ${String(c.externalId)} already belongs to another customer`);
        }
      }
    });
    return result.result();
  }

  async get(id: string): Promise<Customer | undefined> {
    assertId(id);
    const row = this.db.use('customers.get', () => this.db.statement(`SELECT ${COLUMNS} FROM customers WHERE id = ?`).get(id));
    return row === undefined ? undefined : toCustomer(row as CustomerRow);
  }

  async getByExternalId(externalId: string): Promise<Customer | undefined> {
    assertId(externalId, 'externalId');
    const row = this.db.use('customers.getByExternalId', () =>
      this.db.statement(`SELECT ${COLUMNS} FROM customers WHERE external_id = ?`).get(externalId),
    );
    return row === undefined ? undefined : toCustomer(row as CustomerRow);
  }

  async list(page: PageRequest = {}): Promise<Page<Customer>> {
    const limit = resolvePageLimit(page.limit);
    const after = page.cursor === undefined ? undefined : (decodeCursor(page.cursor, ['string'])[0] as string);
    const rows = this.db.use('customers.list', () =>
      after === undefined
        ? this.db.statement(`SELECT ${COLUMNS} FROM customers ORDER BY id LIMIT ?`).all(limit + 1)
        : this.db.statement(`SELECT ${COLUMNS} FROM customers WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit + 1),
    ) as CustomerRow[];
    return toPage(rows.map(toCustomer), limit, (c) => [c.id]);
  }

  async count(): Promise<number> {
    return this.db.use('customers.count', () => this.db.statement('SELECT COUNT(*) FROM customers').pluck().get() as number);
  }
}
