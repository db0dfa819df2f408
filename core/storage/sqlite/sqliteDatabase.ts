import type { Database, Statement } from 'better-sqlite3';
import { AppError, StorageUnavailableError } from '../../errors.js';

/** SQLite result codes that mean "the database cannot be used right now" rather than "this query is wrong". */
const UNAVAILABLE_CODES = ['SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_PERM'];

function sqliteCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Maps a better-sqlite3 failure to the product's error family. */
export function toStorageError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && UNAVAILABLE_CODES.some((c) => code === c || code.startsWith(`${c}_`))) {
    return new StorageUnavailableError(`SQLite unavailable during ${operation}: ${message}`, { cause: error, details: { code } });
  }
  return new AppError('STORAGE_FAILED', `SQLite failed during ${operation}: ${message}`, { cause: error, details: { code } });
}

/**
 * The open connection shared by the SQLite repositories: caches prepared statements and turns every
 * failure, including use after close, into an AppError (StorageUnavailableError when the database is gone).
 */
export class SqliteDatabase {
  private closed = false;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    readonly location: string,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs synchronous work against the connection, mapping errors. */
  use<T>(operation: string, work: (db: Database) => T): T {
    if (this.closed) throw new StorageUnavailableError(`SQLite store at ${this.location} is closed (${operation})`);
    try {
      return work(this.db);
    } catch (error) {
      throw toStorageError(error, operation);
    }
  }

  /** Same as `use`, inside one transaction (all or nothing). */
  transaction<T>(operation: string, work: (db: Database) => T): T {
    return this.use(operation, (db) => db.transaction(() => work(db))());
  }

  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }
}

/** Remembers which referenced ids exist during one bulk call, so each is looked up once. */
export function referenceLookup(db: SqliteDatabase, table: 'customers' | 'products'): (id: string) => boolean {
  const known = new Map<string, boolean>();
  const exists = db.statement(`SELECT 1 FROM ${table} WHERE id = ?`).pluck();
  return (id) => {
    let found = known.get(id);
    if (found === undefined) {
      found = exists.get(id) !== undefined;
      known.set(id, found);
    }
    return found;
  };
}

/**
 * One page of a customer's rows, newest first, keyset-paged on (timeColumn, id): the shared query behind
 * `listByCustomer` of interactions and orders. Returns up to limit + 1 raw rows, for `toPage`.
 */
export function newestRowsOfCustomer(
  db: SqliteDatabase,
  source: { table: 'interactions' | 'orders'; columns: string; timeColumn: string },
  customerId: string,
  limit: number,
  before: readonly (string | number)[] | undefined,
): unknown[] {
  const { table, columns, timeColumn } = source;
  return db.use(`${table}.listByCustomer`, () =>
    before === undefined
      ? db.statement(`SELECT ${columns} FROM ${table} WHERE customer_id = ? ORDER BY ${timeColumn} DESC, id DESC LIMIT ?`).all(customerId, limit + 1)
      : db
          .statement(`SELECT ${columns} FROM ${table} WHERE customer_id = ? AND (${timeColumn}, id) < (?, ?) ORDER BY ${timeColumn} DESC, id DESC LIMIT ?`)
          .all(customerId, before[0], before[1], limit + 1),
  );
}
