import { ConflictError } from '../../errors.js';
import type { ConsoleSession, ConsoleSessionRepository } from '../consoleTypes.js';
import { assertConsoleSession } from '../consoleValidation.js';
import { assertId, assertOptionalDate } from '../validation.js';
import { withConflict } from './sqliteConsoleUsers.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string | null;
}

const COLUMNS = 'id, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent';

function toSession(row: SessionRow): ConsoleSession {
  const session: ConsoleSession = {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
  if (row.user_agent !== null) session.userAgent = row.user_agent;
  return session;
}

export class SqliteConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create(s: ConsoleSession): Promise<void> {
    assertConsoleSession(s);
    withConflict(
      () =>
        this.db.use('consoleSessions.create', () =>
          this.db
            .statement(`INSERT INTO console_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
            .run(s.id, s.userId, s.csrfToken, s.createdAt.getTime(), s.lastSeenAt.getTime(), s.expiresAt.getTime(), s.userAgent ?? null),
        ),
      () => new ConflictError('Session id exists'),
    );
  }

  async get(id: string): Promise<ConsoleSession | undefined> {
    assertId(id);
    const row = this.db.use('consoleSessions.get', () => this.db.statement(`SELECT ${COLUMNS} FROM console_sessions WHERE id = ?`).get(id));
    return row === undefined ? undefined : toSession(row as SessionRow);
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    assertId(id);
    assertOptionalDate(lastSeenAt, 'lastSeenAt');
    this.db.use('consoleSessions.touch', () => this.db.statement('UPDATE console_sessions SET last_seen_at = ? WHERE id = ?').run(lastSeenAt.getTime(), id));
  }

  async delete(id: string): Promise<void> {
    assertId(id);
    this.db.use('consoleSessions.delete', () => this.db.statement('DELETE FROM console_sessions WHERE id = ?').run(id));
  }

  async deleteForUser(userId: string): Promise<number> {
    assertId(userId, 'userId');
    return this.db.use('consoleSessions.deleteForUser', () => this.db.statement('DELETE FROM console_sessions WHERE user_id = ?').run(userId).changes);
  }

  async deleteExpired(now: Date, lastSeenBefore: Date): Promise<number> {
    assertOptionalDate(now, 'now');
    assertOptionalDate(lastSeenBefore, 'lastSeenBefore');
    return this.db.use(
      'consoleSessions.deleteExpired',
      () => this.db.statement('DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at < ?').run(now.getTime(), lastSeenBefore.getTime()).changes,
    );
  }
}
