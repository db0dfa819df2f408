import type { ApiTokenRepository, AuditLogRepository, ConsoleSessionRepository, ConsoleUserRepository, ConversationNoteRepository, InboxRepository } from './consoleTypes.js';

/**
 * The storage port: the domain every part of the product shares (customers, products, interactions,
 * orders, conversations, transcripts). Adapters: SQLite (embedded default) and mongoose (MONGODB_URI).
 * Ids are plain strings chosen by the caller, so data moves between the two stores unchanged.
 */

export const INTERACTION_KINDS = ['view', 'click', 'cart', 'purchase', 'rating', 'return'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const ORDER_STATUSES = ['placed', 'shipped', 'delivered', 'returned', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CONVERSATION_STATUSES = ['bot', 'pending', 'agent', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const TRANSCRIPT_ROLES = ['customer', 'bot', 'agent'] as const;
export type TranscriptRole = (typeof TRANSCRIPT_ROLES)[number];

export interface Customer {
  id: string;
  externalId?: string;
  name?: string;
  email?: string;
  locale?: string;
  country?: string;
  createdAt: Date;
}

export interface Product {
  id: string; // SKU
  title: string;
  description: string;
  category?: string;
  price?: number;
  currency: string;
  inStock: boolean;
  url?: string;
  imageUrl?: string;
}

export interface Interaction {
  id: string; // caller-chosen and stable, so re-imports are idempotent
  customerId: string;
  productId: string;
  kind: InteractionKind;
  value: number; // quantity, rating, or 1
  timestamp: Date;
  source: string; // 'import:uci', 'chat', 'demo', ...
}

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string;
  customerId: string;
  lines: OrderLine[];
  status: OrderStatus;
  currency: string;
  trackingNumber?: string;
  placedAt: Date;
  updatedAt: Date;
  shippedAt?: Date;
  deliveredAt?: Date;
}

export interface Conversation {
  id: string;
  channel: string;
  customerId?: string;
  status: ConversationStatus;
  assignedAgent?: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NluAnnotation {
  intent?: string;
  confidence?: number;
  outOfScope?: boolean;
  sentiment?: 'negative' | 'neutral' | 'positive';
  sentimentScore?: number;
}

export interface TranscriptEntry {
  id: string;
  conversationId: string;
  activityId?: string;
  role: TranscriptRole;
  text: string;
  nlu?: NluAnnotation;
  timestamp: Date;
}

/** Cursor paging: pass `nextCursor` back as `cursor` until it is undefined. Cursors are opaque. */
export interface PageRequest {
  limit?: number; // default 50, max 1000
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Result of a bulk upsert: rows that could not be written are reported by input index, good rows are kept. */
export interface BulkResult {
  inserted: number;
  updated: number;
  rejected: BulkRejection[];
}

export interface BulkRejection {
  index: number;
  id: string;
  code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT';
  message: string;
}

export interface CustomerRepository {
  upsertMany(customers: Customer[]): Promise<BulkResult>;
  get(id: string): Promise<Customer | undefined>;
  getByExternalId(externalId: string): Promise<Customer | undefined>;
  list(page?: PageRequest): Promise<Page<Customer>>;
  count(): Promise<number>;
}

export interface ProductQuery extends PageRequest {
  category?: string;
  inStock?: boolean;
}

export interface ProductRepository {
  upsertMany(products: Product[]): Promise<BulkResult>;
  get(id: string): Promise<Product | undefined>;
  getMany(ids: string[]): Promise<Product[]>; // in the order of `ids`, unknown ids skipped
  list(query?: ProductQuery): Promise<Page<Product>>;
  count(): Promise<number>;
}

export interface InteractionStreamOptions {
  since?: Date;
  until?: Date;
  kinds?: InteractionKind[];
  batchSize?: number; // rows fetched per round trip, default 5000
}

export interface InteractionRepository {
  /** Idempotent by id: an existing id is updated, not duplicated. Unknown customer/product ids are rejected (NOT_FOUND). */
  upsertMany(interactions: Interaction[]): Promise<BulkResult>;
  listByCustomer(customerId: string, page?: PageRequest): Promise<Page<Interaction>>; // newest first
  /** Ordered by (timestamp, id); streams in batches, never loads every row. */
  stream(options?: InteractionStreamOptions): AsyncIterable<Interaction>;
  count(): Promise<number>;
}

export interface OrderRepository {
  /** Unknown customer ids are rejected (NOT_FOUND). */
  upsertMany(orders: Order[]): Promise<BulkResult>;
  get(id: string): Promise<Order | undefined>;
  listByCustomer(customerId: string, page?: PageRequest): Promise<Page<Order>>; // newest first
  count(): Promise<number>;
}

export interface ConversationRepository {
  upsert(conversation: Conversation): Promise<void>;
  get(id: string): Promise<Conversation | undefined>;
  list(query?: PageRequest & { status?: ConversationStatus }): Promise<Page<Conversation>>; // newest updatedAt first
  /** Throws NotFoundError for an unknown id. */
  update(id: string, patch: Partial<Omit<Conversation, 'id' | 'createdAt'>>): Promise<Conversation>;
}

export interface TranscriptRepository {
  /** Idempotent by entry id. */
  append(entries: TranscriptEntry[]): Promise<void>;
  list(conversationId: string, page?: PageRequest): Promise<Page<TranscriptEntry>>; // oldest first
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  readonly customers: CustomerRepository;
  readonly products: ProductRepository;
  readonly interactions: InteractionRepository;
  readonly orders: OrderRepository;
  readonly conversations: ConversationRepository;
  readonly transcripts: TranscriptRepository;
  readonly consoleUsers: ConsoleUserRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly auditLog: AuditLogRepository;
  readonly conversationNotes: ConversationNoteRepository;
  readonly inbox: InboxRepository;
  /** Resolves when the database answers; throws StorageUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
