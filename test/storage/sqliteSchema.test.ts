import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { applyMigrations, MIGRATIONS } from '../../core/storage/sqlite/migrations.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';

/** SQLite specifics behind the contract: migrations, pragmas, and that hot queries are served by indexes. */
const workDir = mkdtempSync(join(tmpdir(), 'csbot-sqlite-schema-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function inspect<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('sqlite schema', () => {
  it('records applied migrations once and keeps data across reopen', async () => {
    const path = join(workDir, 'reopen.sqlite');
    const first = await openSqliteStore(path, silentLogger());
    await first.customers.upsertMany([{ id: 'c1', createdAt: new Date(0) }]);
    await first.close();
    const second = await openSqliteStore(path, silentLogger());
    expect(await second.customers.count()).toBe(1);
    await second.close();
    const versions = inspect(path, (db) => db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all());
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('applies only newer migrations, in one transaction that rolls back on failure', () => {
    const db = new BetterSqlite3(':memory:');
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    expect(applyMigrations(db, silentLogger())).toBe(latest);
    const broken = [...MIGRATIONS, { version: latest + 1, description: 'ok', sql: 'CREATE TABLE extra (id TEXT)' }, { version: latest + 2, description: 'bad', sql: 'CREATE TABLE oops (' }];
    expect(() => applyMigrations(db, silentLogger(), broken)).toThrow();
    expect(db.prepare('SELECT MAX(version) FROM schema_version').pluck().get()).toBe(latest);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'").pluck().get()).toBe(0);
    db.close();
  });

  it('uses WAL and enforces foreign keys', async () => {
    const path = join(workDir, 'pragmas.sqlite');
    const store = await openSqliteStore(path, silentLogger());
    expect(inspect(path, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    await store.close();
    const db = new BetterSqlite3(path);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO orders VALUES ('o', 'ghost', '[]', 'placed', 'EUR', NULL, 0, 0, NULL, NULL)").run()).toThrow();
    db.close();
  });

  it('serves every list, lookup and stream query from an index', async () => {
    const path = join(workDir, 'plans.sqlite');
    await (await openSqliteStore(path, silentLogger())).close();
    const queries = [
      'SELECT * FROM customers WHERE external_id = ?',
      'SELECT * FROM products WHERE category = ? AND id > ? ORDER BY id LIMIT 10',
      'SELECT * FROM products WHERE in_stock = ? AND id > ? ORDER BY id LIMIT 10',
      'SELECT * FROM interactions WHERE (ts, id) > (?, ?) AND ts >= ? ORDER BY ts, id LIMIT 10',
      'SELECT * FROM interactions WHERE customer_id = ? AND (ts, id) < (?, ?) ORDER BY ts DESC, id DESC LIMIT 10',
      'SELECT * FROM orders WHERE customer_id = ? AND (placed_at, id) < (?, ?) ORDER BY placed_at DESC, id DESC LIMIT 10',
      'SELECT * FROM conversations WHERE status = ? AND (updated_at, id) < (?, ?) ORDER BY updated_at DESC, id DESC LIMIT 10',
      'SELECT * FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 10',
      'SELECT * FROM transcripts WHERE conversation_id = ? AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT 10',
    ];
    inspect(path, (db) => {
      for (const sql of queries) {
        const params = (sql.match(/\?/g) ?? []).map(() => 'x');
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');
        expect(plan, sql).toMatch(/USING (COVERING )?INDEX/);
        expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
      }
    });
  });
});
