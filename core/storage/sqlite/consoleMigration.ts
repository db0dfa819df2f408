import type { Migration } from './migrations.js';

/**
 * The console's tables, and full-text search over transcripts.
 *
 * Search is an FTS5 table kept by triggers on `transcripts`. It is contentless (`contentless_delete=1`) and keyed by
 * `transcript_search_rows.search_rowid`, an INTEGER PRIMARY KEY, rather than by the implicit rowid of `transcripts`:
 * VACUUM may renumber implicit rowids, never an INTEGER PRIMARY KEY. Existing transcripts are indexed here once.
 * The porter tokenizer stems English words ("refunds" finds "refund"), as a MongoDB text index does.
 */
export const CONSOLE_MIGRATION: Migration = {
  version: 3,
  description: 'console users, sessions, API tokens, audit log, notes; transcript full-text search',
  sql: `
    CREATE TABLE console_users (
      id TEXT PRIMARY KEY NOT NULL,
      email TEXT NOT NULL,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      disabled INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      last_login_at INTEGER
    );
    CREATE UNIQUE INDEX console_users_email ON console_users (email);
    CREATE INDEX console_users_role_disabled ON console_users (role, disabled);

    CREATE TABLE console_sessions (
      id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES console_users (id),
      csrf_token TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      user_agent TEXT
    );
    CREATE INDEX console_sessions_user ON console_sessions (user_id);
    CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
    CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);

    CREATE TABLE api_tokens (
      id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES console_users (id),
      name TEXT NOT NULL,
      token_hash TEXT NOT NULL,
      prefix TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      last_used_at INTEGER,
      revoked_at INTEGER
    );
    CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
    CREATE INDEX api_tokens_user_created ON api_tokens (user_id, created_at, id);

    CREATE TABLE audit_log (
      id TEXT PRIMARY KEY NOT NULL,
      at INTEGER NOT NULL,
      actor_id TEXT NOT NULL,
      actor_email TEXT NOT NULL,
      action TEXT NOT NULL,
      target_type TEXT NOT NULL,
      target_id TEXT NOT NULL,
      details TEXT
    );
    CREATE INDEX audit_log_at_id ON audit_log (at, id);
    CREATE INDEX audit_log_actor_at_id ON audit_log (actor_id, at, id);
    CREATE INDEX audit_log_action_at_id ON audit_log (action, at, id);
    CREATE INDEX audit_log_target_at_id ON audit_log (target_type, target_id, at, id);

    CREATE TABLE conversation_notes (
      id TEXT PRIMARY KEY NOT NULL,
      conversation_id TEXT NOT NULL,
      author_id TEXT NOT NULL,
      author_name TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX conversation_notes_conversation_created_id ON conversation_notes (conversation_id, created_at, id);

    CREATE INDEX conversations_channel_updated_id ON conversations (channel, updated_at, id);
    CREATE INDEX conversations_customer_updated_id ON conversations (customer_id, updated_at, id);
    CREATE INDEX transcripts_intent_conversation ON transcripts (json_extract(nlu, '$.intent'), conversation_id) WHERE nlu IS NOT NULL;
    CREATE INDEX transcripts_sentiment_conversation ON transcripts (json_extract(nlu, '$.sentiment'), conversation_id) WHERE nlu IS NOT NULL;

    CREATE TABLE transcript_search_rows (
      search_rowid INTEGER PRIMARY KEY,
      transcript_id TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE transcripts_fts USING fts5 (
      text, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO transcript_search_rows (transcript_id) SELECT id FROM transcripts ORDER BY ts, id;
    INSERT INTO transcripts_fts (rowid, text)
      SELECT r.search_rowid, t.text FROM transcript_search_rows r JOIN transcripts t ON t.id = r.transcript_id;

    CREATE TRIGGER transcripts_search_insert AFTER INSERT ON transcripts BEGIN
      INSERT INTO transcript_search_rows (transcript_id) VALUES (new.id);
      INSERT INTO transcripts_fts (rowid, text) VALUES (last_insert_rowid(), new.text);
    END;
    CREATE TRIGGER transcripts_search_delete AFTER DELETE ON transcripts BEGIN
      DELETE FROM transcripts_fts WHERE rowid = (SELECT search_rowid FROM transcript_search_rows WHERE transcript_id = old.id);
      DELETE FROM transcript_search_rows WHERE transcript_id = old.id;
    END;
    CREATE TRIGGER transcripts_search_update AFTER UPDATE OF id, text ON transcripts BEGIN
      DELETE FROM transcripts_fts WHERE rowid = (SELECT search_rowid FROM transcript_search_rows WHERE transcript_id = old.id);
      DELETE FROM transcript_search_rows WHERE transcript_id = old.id;
      INSERT INTO transcript_search_rows (transcript_id) VALUES (new.id);
      INSERT INTO transcripts_fts (rowid, text) VALUES (last_insert_rowid(), new.text);
    END;
  `,
};
