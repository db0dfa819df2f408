import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { CONSOLE_MIGRATION } from '../../core/storage/sqlite/consoleMigration.js';
import { applyMigrations, MIGRATIONS } from '../../core/storage/sqlite/migrations.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';

/** SQLite specifics of the console tables: search over transcripts written before the migration, and indexed queries. */
const workDir = mkdtempSync(join(tmpdir(), 'csbot-sqlite-console-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('sqlite console schema', () => {
  it('indexes for search the transcripts stored before the console migration, and keeps the index through VACUUM', async () => {
    const path = join(workDir, 'upgrade.sqlite');
    const db = new BetterSqlite3(path);
    applyMigrations(db, silentLogger(), MIGRATIONS.filter((m) => m.version < CONSOLE_MIGRATION.version));
    db.prepare("INSERT INTO conversations VALUES ('c1', 'webchat', NULL, 'pending', NULL, '[]', 0, 0)").run();
    db.prepare("INSERT INTO transcripts VALUES ('e1', 'c1', NULL, 'customer', 'my voucher was refused', NULL, 0)").run();
    db.prepare("INSERT INTO transcripts VALUES ('e2', 'c1', NULL, 'customer', 'second line', NULL, 1)").run();
    db.close();
    const store = await openSqliteStore(path, silentLogger());
    expect((await store.inbox.search({ text: 'voucher' })).items.map((i) => i.conversation.id)).toEqual(['c1']);
    await store.close();
    const raw = new BetterSqlite3(path);
    raw.prepare("DELETE FROM transcripts WHERE id = 'e1'").run();
    raw.exec('VACUUM');
    raw.close();
    const reopened = await openSqliteStore(path, silentLogger());
    expect((await reopened.inbox.search({ text: 'voucher' })).items).toEqual([]);
    expect((await reopened.inbox.search({ text: 'second' })).items[0]?.match?.entryId).toBe('e2');
    await reopened.close();
  });

  it('serves the console lookups and the inbox filters from indexes', async () => {
    const path = join(workDir, 'plans.sqlite');
    await (await openSqliteStore(path, silentLogger())).close();
    const queries = [
      'SELECT * FROM console_users WHERE email = ?',
      'SELECT * FROM console_users WHERE email > ? ORDER BY email LIMIT 10',
      'SELECT COUNT(*) FROM console_users WHERE role = ? AND disabled = 0',
      'SELECT * FROM console_sessions WHERE user_id = ?',
      'SELECT * FROM api_tokens WHERE token_hash = ?',
      'SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC',
      'SELECT * FROM audit_log WHERE (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT 10',
      'SELECT * FROM audit_log WHERE actor_id = ? ORDER BY at DESC, id DESC LIMIT 10',
      'SELECT * FROM audit_log WHERE target_type = ? AND target_id = ? ORDER BY at DESC, id DESC LIMIT 10',
      'SELECT * FROM conversation_notes WHERE conversation_id = ? ORDER BY created_at, id LIMIT 10',
      'SELECT * FROM conversations WHERE channel = ? ORDER BY updated_at DESC, id DESC LIMIT 10',
      'SELECT * FROM conversations WHERE customer_id = ? ORDER BY updated_at DESC, id DESC LIMIT 10',
      "SELECT conversation_id FROM transcripts WHERE json_extract(nlu, '$.intent') = ? AND nlu IS NOT NULL",
      "SELECT conversation_id FROM transcripts WHERE json_extract(nlu, '$.sentiment') = ? AND nlu IS NOT NULL",
      'SELECT id FROM transcripts WHERE conversation_id = ? ORDER BY ts DESC, id DESC LIMIT 1',
    ];
    const db = new BetterSqlite3(path, { readonly: true });
    for (const sql of queries) {
      const params = (sql.match(/\?/g) ?? []).map(() => 'x');
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(plan, sql).toMatch(/USING (COVERING )?INDEX/);
      expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
    }
    db.close();
  });
});
