import mongoose, { type Connection } from 'mongoose';
import { StorageUnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../types.js';
import { MongoApiTokenRepository } from './mongoApiTokens.js';
import { MongoAuditLogRepository } from './mongoAuditLog.js';
import { registerConsoleModels } from './mongoConsoleModels.js';
import { MongoConsoleSessionRepository } from './mongoConsoleSessions.js';
import { MongoConsoleUserRepository } from './mongoConsoleUsers.js';
import { MongoConversationNoteRepository } from './mongoConversationNotes.js';
import { MongoConversationRepository } from './mongoConversations.js';
import { MongoCustomerRepository } from './mongoCustomers.js';
import { MongoGate, redactMongoUri, toMongoStorageError } from './mongoGate.js';
import { MongoInboxRepository } from './mongoInbox.js';
import { MongoInteractionRepository } from './mongoInteractions.js';
import { collectionOf, registerModels } from './mongoModels.js';
import { MongoOrderRepository } from './mongoOrders.js';
import { MongoProductRepository } from './mongoProducts.js';
import { MongoTranscriptRepository } from './mongoTranscripts.js';

export interface MongoStoreOptions {
  /** Upper bound for server selection, i.e. for any operation to fail when the server is unreachable. */
  connectTimeoutMs: number;
}

export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  readonly customers: MongoCustomerRepository;
  readonly products: MongoProductRepository;
  readonly interactions: MongoInteractionRepository;
  readonly orders: MongoOrderRepository;
  readonly conversations: MongoConversationRepository;
  readonly transcripts: MongoTranscriptRepository;
  readonly consoleUsers: MongoConsoleUserRepository;
  readonly consoleSessions: MongoConsoleSessionRepository;
  readonly apiTokens: MongoApiTokenRepository;
  readonly auditLog: MongoAuditLogRepository;
  readonly conversationNotes: MongoConversationNoteRepository;
  readonly inbox: MongoInboxRepository;
  private readonly gate: MongoGate;

  constructor(
    private readonly connection: Connection,
    redactedUri: string,
    private readonly logger: Logger,
  ) {
    const models = registerModels(connection);
    this.gate = new MongoGate(redactedUri);
    const customers = collectionOf(models.customers);
    const products = collectionOf(models.products);
    this.customers = new MongoCustomerRepository(this.gate, customers);
    this.products = new MongoProductRepository(this.gate, products);
    this.interactions = new MongoInteractionRepository(this.gate, collectionOf(models.interactions), customers, products);
    this.orders = new MongoOrderRepository(this.gate, collectionOf(models.orders), customers);
    this.conversations = new MongoConversationRepository(this.gate, collectionOf(models.conversations));
    this.transcripts = new MongoTranscriptRepository(this.gate, collectionOf(models.transcripts));
    const consoleModels = registerConsoleModels(connection);
    this.consoleUsers = new MongoConsoleUserRepository(this.gate, collectionOf(consoleModels.consoleUsers));
    this.consoleSessions = new MongoConsoleSessionRepository(this.gate, collectionOf(consoleModels.consoleSessions));
    this.apiTokens = new MongoApiTokenRepository(this.gate, collectionOf(consoleModels.apiTokens));
    this.auditLog = new MongoAuditLogRepository(this.gate, collectionOf(consoleModels.auditLog));
    this.conversationNotes = new MongoConversationNoteRepository(this.gate, collectionOf(consoleModels.conversationNotes));
    this.inbox = new MongoInboxRepository(this.gate, collectionOf(models.conversations), collectionOf(models.transcripts));
  }

  get redactedUri(): string {
    return this.gate.redactedUri;
  }

  /** Creates missing indexes and drops ones no schema declares. */
  async syncIndexes(): Promise<void> {
    await this.gate.run('syncIndexes', async () => {
      for (const model of Object.values(this.connection.models)) await model.syncIndexes();
    });
  }

  async ping(): Promise<void> {
    await this.gate.run('ping', async () => {
      const db = this.connection.db;
      if (db === undefined) throw new StorageUnavailableError(`MongoDB store ${this.redactedUri} has no database handle`);
      await db.command({ ping: 1 });
    });
  }

  /** Drops the whole database: for tests that create a throwaway database per run. */
  async dropDatabase(): Promise<void> {
    await this.gate.run('dropDatabase', () => this.connection.dropDatabase());
  }

  async close(): Promise<void> {
    if (!this.gate.isOpen) return;
    this.gate.markClosed();
    await this.connection.close(true);
    this.logger.debug({ uri: this.redactedUri }, 'mongo store closed');
  }
}

/**
 * Opens a MongoDB store on a dedicated mongoose connection (never the global one), with command buffering off
 * so an unreachable server fails fast (after `connectTimeoutMs`) with StorageUnavailableError, and syncs indexes.
 */
export async function openMongoStore(uri: string, options: MongoStoreOptions, logger: Logger): Promise<MongoStore> {
  const redactedUri = redactMongoUri(uri);
  let connection: Connection | undefined;
  try {
    connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: options.connectTimeoutMs,
      connectTimeoutMS: options.connectTimeoutMs,
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
    });
    await connection.asPromise();
    const store = new MongoStore(connection, redactedUri, logger);
    await store.syncIndexes();
    logger.debug({ uri: redactedUri }, 'mongo store ready');
    return store;
  } catch (error) {
    await connection?.close(true).catch(() => undefined);
    const mapped = toMongoStorageError(error, 'open');
    if (mapped instanceof StorageUnavailableError) throw mapped;
    throw new StorageUnavailableError(`Cannot open MongoDB store at ${redactedUri}: ${mapped.message}`, { cause: error, details: { uri: redactedUri } });
  }
}
