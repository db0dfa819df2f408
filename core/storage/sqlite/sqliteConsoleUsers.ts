import { ConflictError, NotFoundError } from '../../errors.js';
import type { ConsoleRole, ConsoleUser, ConsoleUserPatch, ConsoleUserRepository } from '../consoleTypes.js';
import { applyUserPatch, assertConsoleUser, normalizeEmail } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page, PageRequest } from '../types.js';
import { assertId } from '../validation.js';
import { isUniqueViolation, type SqliteDatabase } from './sqliteDatabase.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

const COLUMNS = 'id, email, display_name, role, password_hash, disabled, created_at, updated_at, last_login_at';

function toUser(row: UserRow): ConsoleUser {
  const user: ConsoleUser = {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as ConsoleRole,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.last_login_at !== null) user.lastLoginAt = new Date(row.last_login_at);
  return user;
}

/** Runs a write, turning a UNIQUE violation (the SQLite error is the cause of the mapped AppError) into a ConflictError. */
export function withConflict<T>(write: () => T, conflict: () => ConflictError): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error) || (error instanceof Error && isUniqueViolation(error.cause))) throw conflict();
    throw error;
  }
}

export class SqliteConsoleUserRepository implements ConsoleUserRepository {
  constructor(private readonly db: SqliteDatabase) {}

  private read(id: string): ConsoleUser | undefined {
    const row = this.db.statement(`SELECT ${COLUMNS} FROM console_users WHERE id = ?`).get(id) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }

  async create(user: ConsoleUser): Promise<void> {
    const u = { ...user, email: normalizeEmail(user.email) };
    assertConsoleUser(u);
    withConflict(
      () =>
        this.db.use('consoleUsers.create', () =>
          this.db
            .statement(`INSERT INTO console_users (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(u.id, u.email, u.displayName, u.role, u.passwordHash, u.disabled ? 1 : 0, u.createdAt.getTime(), u.updatedAt.getTime(), u.lastLoginAt?.getTime() ?? null),
        ),
      () => new ConflictError(`A console user with id ${u.id} or e-mail ${u.email} exists`, { details: { email: u.email } }),
    );
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    assertId(id);
    return this.db.use('consoleUsers.get', () => this.read(id));
  }

  async getByEmail(email: string): Promise<ConsoleUser | undefined> {
    assertId(email, 'email');
    const row = this.db.use('consoleUsers.getByEmail', () => this.db.statement(`SELECT ${COLUMNS} FROM console_users WHERE email = ?`).get(normalizeEmail(email)));
    return row === undefined ? undefined : toUser(row as UserRow);
  }

  async list(page: PageRequest = {}): Promise<Page<ConsoleUser>> {
    const limit = resolvePageLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string'])[0];
    const rows = this.db.use('consoleUsers.list', () =>
      after === undefined
        ? this.db.statement(`SELECT ${COLUMNS} FROM console_users ORDER BY email LIMIT ?`).all(limit + 1)
        : this.db.statement(`SELECT ${COLUMNS} FROM console_users WHERE email > ? ORDER BY email LIMIT ?`).all(after, limit + 1),
    ) as UserRow[];
    return toPage(rows.map(toUser), limit, (u) => [u.email]);
  }

  async update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser> {
    assertId(id);
    return withConflict(
      () =>
        this.db.transaction('consoleUsers.update', () => {
          const existing = this.read(id);
          if (existing === undefined) throw new NotFoundError(`Console user ${id} not found`, { details: { id } });
          const u = applyUserPatch(existing, patch);
          this.db
            .statement('UPDATE console_users SET email = ?, display_name = ?, role = ?, password_hash = ?, disabled = ?, updated_at = ?, last_login_at = ? WHERE id = ?')
            .run(u.email, u.displayName, u.role, u.passwordHash, u.disabled ? 1 : 0, u.updatedAt.getTime(), u.lastLoginAt?.getTime() ?? null, id);
          return u;
        }),
      () => new ConflictError(`E-mail ${patch.email ?? ''} belongs to another console user`, { details: { email: patch.email } }),
    );
  }

  async countEnabled(role: ConsoleRole): Promise<number> {
    return this.db.use('consoleUsers.countEnabled', () => this.db.statement('SELECT COUNT(*) FROM console_users WHERE role = ? AND disabled = 0').pluck().get(role) as number);
  }
}
