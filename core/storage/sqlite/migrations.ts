import type { Database } from 'better-sqlite3';
import type { Logger } from '../../logger.js';
import { CONSOLE_MIGRATION } from './consoleMigration.js';

/**
 * Numbered schema migrations. Append new ones; never edit one that has shipped.
 * Dates are epoch milliseconds (INTEGER); order lines, tags and NLU annotations are JSON text.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'customers, products, interactions, orders, conversations, transcripts',
    sql: `
      CREATE TABLE customers (
        id TEXT PRIMARY KEY NOT NULL,
        external_id TEXT,
        name TEXT,
        email TEXT,
        locale TEXT,
        country TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX customers_external_id ON customers (external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE products (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        category TEXT,
        price REAL,
        currency TEXT NOT NULL,
        in_stock INTEGER NOT NULL,
        url TEXT,
        image_url TEXT
      );
      CREATE INDEX products_category_id ON products (category, id);
      CREATE INDEX products_in_stock_id ON products (in_stock, id);

      CREATE TABLE interactions (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        product_id TEXT NOT NULL REFERENCES products (id),
        kind TEXT NOT NULL,
        value REAL NOT NULL,
        ts INTEGER NOT NULL,
        source TEXT NOT NULL
      );
      CREATE INDEX interactions_ts_id ON interactions (ts, id);
      CREATE INDEX interactions_customer_ts_id ON interactions (customer_id, ts, id);

      CREATE TABLE orders (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        lines TEXT NOT NULL,
        status TEXT NOT NULL,
        currency TEXT NOT NULL,
        tracking_number TEXT,
        placed_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        shipped_at INTEGER,
        delivered_at INTEGER
      );
      CREATE INDEX orders_customer_placed_id ON orders (customer_id, placed_at, id);

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY NOT NULL,
        channel TEXT NOT NULL,
        customer_id TEXT,
        status TEXT NOT NULL,
        assigned_agent TEXT,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX conversations_updated_id ON conversations (updated_at, id);
      CREATE INDEX conversations_status_updated_id ON conversations (status, updated_at, id);

      CREATE TABLE transcripts (
        id TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL,
        activity_id TEXT,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        nlu TEXT,
        ts INTEGER NOT NULL
      );
      CREATE INDEX transcripts_conversation_ts_id ON transcripts (conversation_id, ts, id);
    `,
  },
  CONSOLE_MIGRATION,
];

/** Applies every migration newer than the recorded schema version, all in one transaction. */
export function applyMigrations(db: Database, logger: Logger, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return current;
  const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, Date.now());
      logger.info({ version: migration.version, description: migration.description }, 'sqlite migration applied');
    }
  })();
  return pending[pending.length - 1].version;
}
