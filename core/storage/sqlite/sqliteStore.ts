import BetterSqlite3 from 'better-sqlite3';
import { StorageUnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../types.js';
import { applyMigrations } from './migrations.js';
import { SqliteApiTokenRepository } from './sqliteApiTokens.js';
import { SqliteAuditLogRepository } from './sqliteAuditLog.js';
import { SqliteConsoleSessionRepository } from './sqliteConsoleSessions.js';
import { SqliteConsoleUserRepository } from './sqliteConsoleUsers.js';
import { SqliteConversationRepository } from './sqliteConversations.js';
import { SqliteCustomerRepository } from './sqliteCustomers.js';
import { SqliteDatabase } from './sqliteDatabase.js';
import { SqliteInboxRepository } from './sqliteInbox.js';
import { SqliteInteractionRepository } from './sqliteInteractions.js';
import { SqliteConversationNoteRepository } from './sqliteConversationNotes.js';
import { SqliteOrderRepository } from './sqliteOrders.js';
import { SqliteProductRepository } from './sqliteProducts.js';
import { SqliteTranscriptRepository } from './sqliteTranscripts.js';

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly customers: SqliteCustomerRepository;
  readonly products: SqliteProductRepository;
  readonly interactions: SqliteInteractionRepository;
  readonly orders: SqliteOrderRepository;
  readonly conversations: SqliteConversationRepository;
  readonly transcripts: SqliteTranscriptRepository;
  readonly consoleUsers: SqliteConsoleUserRepository;
  readonly consoleSessions: SqliteConsoleSessionRepository;
  readonly apiTokens: SqliteApiTokenRepository;
  readonly auditLog: SqliteAuditLogRepository;
  readonly conversationNotes: SqliteConversationNoteRepository;
  readonly inbox: SqliteInboxRepository;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly logger: Logger,
  ) {
    this.customers = new SqliteCustomerRepository(db);
    this.products = new SqliteProductRepository(db);
    this.interactions = new SqliteInteractionRepository(db);
    this.orders = new SqliteOrderRepository(db);
    this.conversations = new SqliteConversationRepository(db);
    this.transcripts = new SqliteTranscriptRepository(db);
    this.consoleUsers = new SqliteConsoleUserRepository(db);
    this.consoleSessions = new SqliteConsoleSessionRepository(db);
    this.apiTokens = new SqliteApiTokenRepository(db);
    this.auditLog = new SqliteAuditLogRepository(db);
    this.conversationNotes = new SqliteConversationNoteRepository(db);
    this.inbox = new SqliteInboxRepository(db);
  }

  get location(): string {
    return this.db.location;
  }

  async ping(): Promise<void> {
    this.db.use('ping', (db) => db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.db.close();
    this.logger.debug({ path: this.db.location }, 'sqlite store closed');
  }
}

/**
 * Opens (creating if needed) a SQLite store at `path`, or an in-memory one for ':memory:'.
 * WAL journal, foreign keys on, pending migrations applied in one transaction.
 * A file that cannot be opened or migrated is a StorageUnavailableError.
 */
export async function openSqliteStore(path: string, logger: Logger): Promise<SqliteStore> {
  let connection: BetterSqlite3.Database | undefined;
  try {
    connection = new BetterSqlite3(path);
    if (path !== ':memory:') connection.pragma('journal_mode = WAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    connection.pragma('synchronous = NORMAL');
    const version = applyMigrations(connection, logger);
    logger.debug({ path, schemaVersion: version }, 'sqlite store ready');
    return new SqliteStore(new SqliteDatabase(connection, path), logger);
  } catch (error) {
    connection?.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new StorageUnavailableError(`Cannot open SQLite database at ${path}: ${message}`, { cause: error, details: { path } });
  }
}
