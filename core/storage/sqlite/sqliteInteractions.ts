import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Interaction, InteractionKind, InteractionRepository, InteractionStreamOptions, Page, PageRequest } from '../types.js';
import { assertBatchSize, assertId, assertInteractionKinds, assertOptionalDate, problemInInteraction } from '../validation.js';
import { newestRowsOfCustomer, referenceLookup, type SqliteDatabase } from './sqliteDatabase.js';

interface InteractionRow {
  id: string;
  customer_id: string;
  product_id: string;
  kind: string;
  value: number;
  ts: number;
  source: string;
}

const COLUMNS = 'id, customer_id, product_id, kind, value, ts, source';

function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    customerId: row.customer_id,
    productId: row.product_id,
    kind: row.kind as InteractionKind,
    value: row.value,
    timestamp: new Date(row.ts),
    source: row.source,
  };
}

export class SqliteInteractionRepository implements InteractionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async upsertMany(interactions: Interaction[]): Promise<BulkResult> {
    const plan = planBulk(interactions, problemInInteraction);
    const result = new BulkResultBuilder(plan.rejected);
    this.db.transaction('interactions.upsertMany', () => {
      const customerExists = referenceLookup(this.db, 'customers');
      const productExists = referenceLookup(this.db, 'products');
      const exists = this.db.statement('SELECT 1 FROM interactions WHERE id = ?').pluck();
      const upsert = this.db.statement(
        `INSERT INTO interactions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, product_id = excluded.product_id, kind = excluded.kind,
           value = excluded.value, ts = excluded.ts, source = excluded.source
         WHERE (interactions.customer_id, interactions.product_id, interactions.kind, interactions.value, interactions.ts, interactions.source)
           IS NOT (excluded.customer_id, excluded.product_id, excluded.kind, excluded.value, excluded.ts, excluded.source)`,
      );
      for (const group of plan.groups) {
        const i = group.row;
        if (!customerExists(i.customerId)) {
          result.reject(group, 'NOT_FOUND', `unknown customer ${i.customerId}`);
          continue;
        }
        if (!productExists(i.productId)) {
          result.reject(group, 'NOT_FOUND', `unknown product ${i.productId}`);
          continue;
        }
        const created = exists.get(i.id) === undefined;
        upsert.run(i.id, i.customerId, i.productId, i.kind, i.value, i.timestamp.getTime(), i.source);
        result.written(group, created);
      }
    });
    return result.result();
  }

  async listByCustomer(customerId: string, page: PageRequest = {}): Promise<Page<Interaction>> {
    assertId(customerId, 'customerId');
    const limit = resolvePageLimit(page.limit);
    const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
    const rows = newestRowsOfCustomer(this.db, { table: 'interactions', columns: COLUMNS, timeColumn: 'ts' }, customerId, limit, before) as InteractionRow[];
    return toPage(rows.map(toInteraction), limit, (i) => [i.timestamp.getTime(), i.id]);
  }

  async *stream(options: InteractionStreamOptions = {}): AsyncIterable<Interaction> {
    const batchSize = assertBatchSize(options.batchSize);
    assertOptionalDate(options.since, 'since');
    assertOptionalDate(options.until, 'until');
    assertInteractionKinds(options.kinds);
    if (options.kinds !== undefined && options.kinds.length === 0) return;
    const filters: string[] = [];
    const filterParams: (string | number)[] = [];
    if (options.since !== undefined) {
      filters.push('ts >= ?');
      filterParams.push(options.since.getTime());
    }
    if (options.until !== undefined) {
      filters.push('ts < ?');
      filterParams.push(options.until.getTime());
    }
    if (options.kinds !== undefined) {
      filters.push(`kind IN (${options.kinds.map(() => '?').join(', ')})`);
      filterParams.push(...options.kinds);
    }
    const base = filters.join(' AND ');
    const firstSql = `SELECT ${COLUMNS} FROM interactions ${base === '' ? '' : `WHERE ${base}`} ORDER BY ts, id LIMIT ?`;
    const nextSql = `SELECT ${COLUMNS} FROM interactions WHERE (ts, id) > (?, ?) ${base === '' ? '' : `AND ${base}`} ORDER BY ts, id LIMIT ?`;
    let last: InteractionRow | undefined;
    for (;;) {
      const after = last;
      const rows = this.db.use('interactions.stream', () =>
        after === undefined
          ? this.db.statement(firstSql).all(...filterParams, batchSize)
          : this.db.statement(nextSql).all(after.ts, after.id, ...filterParams, batchSize),
      ) as InteractionRow[];
      for (const row of rows) yield toInteraction(row);
      if (rows.length < batchSize) return;
      last = rows[rows.length - 1];
    }
  }

  async count(): Promise<number> {
    return this.db.use('interactions.count', () => this.db.statement('SELECT COUNT(*) FROM interactions').pluck().get() as number);
  }
}
