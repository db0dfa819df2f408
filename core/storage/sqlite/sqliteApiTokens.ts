import { ConflictError, NotFoundError } from '../../errors.js';
import type { ApiToken, ApiTokenRepository } from '../consoleTypes.js';
import { assertApiToken } from '../consoleValidation.js';
import { assertId, assertOptionalDate } from '../validation.js';
import { withConflict } from './sqliteConsoleUsers.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = 'id, user_id, name, token_hash, prefix, created_at, expires_at, last_used_at, revoked_at';

function toToken(row: TokenRow): ApiToken {
  const token: ApiToken = { id: row.id, userId: row.user_id, name: row.name, tokenHash: row.token_hash, prefix: row.prefix, createdAt: new Date(row.created_at) };
  if (row.expires_at !== null) token.expiresAt = new Date(row.expires_at);
  if (row.last_used_at !== null) token.lastUsedAt = new Date(row.last_used_at);
  if (row.revoked_at !== null) token.revokedAt = new Date(row.revoked_at);
  return token;
}

export class SqliteApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: SqliteDatabase) {}

  private read(id: string): ApiToken | undefined {
    const row = this.db.statement(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`).get(id);
    return row === undefined ? undefined : toToken(row as TokenRow);
  }

  async create(t: ApiToken): Promise<void> {
    assertApiToken(t);
    withConflict(
      () =>
        this.db.use('apiTokens.create', () =>
          this.db
            .statement(`INSERT INTO api_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(t.id, t.userId, t.name, t.tokenHash, t.prefix, t.createdAt.getTime(), t.expiresAt?.getTime() ?? null, t.lastUsedAt?.getTime() ?? null, t.revokedAt?.getTime() ?? null),
        ),
      () => new ConflictError(`API token ${t.id} exists`, { details: { id: t.id } }),
    );
  }

  async get(id: string): Promise<ApiToken | undefined> {
    assertId(id);
    return this.db.use('apiTokens.get', () => this.read(id));
  }

  async getByHash(tokenHash: string): Promise<ApiToken | undefined> {
    assertId(tokenHash, 'tokenHash');
    const row = this.db.use('apiTokens.getByHash', () => this.db.statement(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`).get(tokenHash));
    return row === undefined ? undefined : toToken(row as TokenRow);
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    assertId(userId, 'userId');
    const rows = this.db.use('apiTokens.listForUser', () => this.db.statement(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`).all(userId));
    return (rows as TokenRow[]).map(toToken);
  }

  async revoke(id: string, at: Date): Promise<ApiToken> {
    assertId(id);
    assertOptionalDate(at, 'at');
    return this.db.transaction('apiTokens.revoke', () => {
      this.db.statement('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at.getTime(), id);
      const token = this.read(id);
      if (token === undefined) throw new NotFoundError(`API token ${id} not found`, { details: { id } });
      return token;
    });
  }

  async revokeForUser(userId: string, at: Date): Promise<number> {
    assertId(userId, 'userId');
    assertOptionalDate(at, 'at');
    return this.db.use('apiTokens.revokeForUser', () => this.db.statement('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at.getTime(), userId).changes);
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    assertId(id);
    assertOptionalDate(lastUsedAt, 'lastUsedAt');
    this.db.use('apiTokens.touch', () => this.db.statement('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(lastUsedAt.getTime(), id));
  }
}
