import type { Conversation, ConversationStatus, NluAnnotation, Page, PageRequest, TranscriptRole } from './types.js';

/**
 * The console's part of the storage port: accounts, sessions, API tokens, the audit log, internal notes, and the
 * inbox query over conversations and transcripts. Both adapters implement every repository here and pass the
 * same contract suite (test/storage/consoleContract*.ts).
 */

export const CONSOLE_ROLES = ['admin', 'agent', 'marketer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export interface ConsoleUser {
  id: string;
  /** Unique, compared case-insensitively: adapters store it lower-cased. */
  email: string;
  displayName: string;
  role: ConsoleRole;
  /** A PHC string (Argon2id); never the password. */
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt?: Date;
}

export type ConsoleUserPatch = Partial<Pick<ConsoleUser, 'email' | 'displayName' | 'role' | 'passwordHash' | 'disabled' | 'lastLoginAt' | 'updatedAt'>>;

export interface ConsoleUserRepository {
  /** ConflictError when the id or the email is taken. */
  create(user: ConsoleUser): Promise<void>;
  get(id: string): Promise<ConsoleUser | undefined>;
  getByEmail(email: string): Promise<ConsoleUser | undefined>;
  /** Ordered by email. */
  list(page?: PageRequest): Promise<Page<ConsoleUser>>;
  /** NotFoundError for an unknown id, ConflictError for an email taken by another user; `updatedAt` defaults to now. */
  update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser>;
  /** Users of `role` that are not disabled. */
  countEnabled(role: ConsoleRole): Promise<number>;
}

export interface ConsoleSession {
  /** SHA-256 (hex) of the token in the cookie: the store never holds a usable session token. */
  id: string;
  userId: string;
  /** Synchronizer token every state-changing request must echo in the X-CSRF-Token header. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end of the session, whatever its activity. */
  expiresAt: Date;
  userAgent?: string;
}

export interface ConsoleSessionRepository {
  /** ConflictError when the id exists. */
  create(session: ConsoleSession): Promise<void>;
  get(id: string): Promise<ConsoleSession | undefined>;
  /** Records activity; a missing session is ignored (it was revoked meanwhile). */
  touch(id: string, lastSeenAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** Revokes every session of a user; returns how many there were. */
  deleteForUser(userId: string): Promise<number>;
  /** Deletes sessions past `expiresAt <= now` or idle since before `lastSeenBefore`; returns how many. */
  deleteExpired(now: Date, lastSeenBefore: Date): Promise<number>;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 (hex) of the token; the token itself is shown once, at creation. */
  tokenHash: string;
  /** The token's first characters, so people can tell their tokens apart. */
  prefix: string;
  createdAt: Date;
  expiresAt?: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

export interface ApiTokenRepository {
  /** ConflictError when the id or the hash exists. */
  create(token: ApiToken): Promise<void>;
  get(id: string): Promise<ApiToken | undefined>;
  getByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** Newest first, revoked ones included. */
  listForUser(userId: string): Promise<ApiToken[]>;
  /** Sets revokedAt (kept for the record); NotFoundError for an unknown id; revoking twice keeps the first time. */
  revoke(id: string, at: Date): Promise<ApiToken>;
  /** Revokes every live token of a user; returns how many. */
  revokeForUser(userId: string, at: Date): Promise<number>;
  /** Records use; a missing token is ignored. */
  touch(id: string, lastUsedAt: Date): Promise<void>;
}

/** What the audit log records: actions on conversations and customers, and account administration. */
export const AUDIT_ACTIONS = [
  'claimed',
  'replied',
  'transferred',
  'released',
  'closed',
  'exported',
  'deleted',
  'note_added',
  'tags_changed',
  'user_created',
  'user_updated',
  'password_reset',
  'token_created',
  'token_revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['conversation', 'customer', 'user', 'api_token'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** Flat details: a few named values, never free-form documents (and never message text or secrets). */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string;
  /** Kept beside the id so the record still reads after the account is renamed. */
  actorEmail: string;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  details?: AuditDetails;
}

export interface AuditQuery extends PageRequest {
  actorId?: string;
  action?: AuditAction;
  targetType?: AuditTargetType;
  targetId?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
}

export interface AuditLogRepository {
  /** Idempotent by id (first write wins). */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<Page<AuditEntry>>;
}

export interface ConversationNote {
  id: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
}

export interface ConversationNoteRepository {
  /** Idempotent by id (first write wins). */
  add(note: ConversationNote): Promise<void>;
  /** Oldest first. */
  list(conversationId: string, page?: PageRequest): Promise<Page<ConversationNote>>;
}

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** `recent`: newest activity first. `queue`: oldest activity first, i.e. the longest-waiting pending conversation on top. */
export const INBOX_ORDERS = ['recent', 'queue'] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];

export interface InboxQuery extends PageRequest {
  status?: ConversationStatus;
  channel?: string;
  customerId?: string;
  /** A conversation tag, e.g. `handoff:negative_sentiment`. */
  tag?: string;
  /** Some customer message of the conversation was classified as this intent. */
  intent?: string;
  /** Some customer message of the conversation had this sentiment. */
  sentiment?: Sentiment;
  /** Last activity (updatedAt) at or after. */
  activeFrom?: Date;
  /** Last activity (updatedAt) before. */
  activeUntil?: Date;
  /** Full text: one transcript entry contains every word (stemmed, case and accent insensitive). */
  text?: string;
  order?: InboxOrder;
}

export interface InboxMessage {
  entryId: string;
  role: TranscriptRole;
  text: string;
  timestamp: Date;
}

export interface InboxItem {
  conversation: Conversation;
  messageCount: number;
  lastMessage?: InboxMessage;
  /** The annotation of the latest annotated customer message. */
  lastNlu?: NluAnnotation;
  /** With a `text` query: the earliest transcript entry of the conversation that matches. */
  match?: InboxMessage;
}

export interface InboxFacets {
  intents: string[];
  tags: string[];
  channels: string[];
}

export interface InboxRepository {
  search(query?: InboxQuery): Promise<Page<InboxItem>>;
  countByStatus(): Promise<Record<ConversationStatus, number>>;
  /** Distinct values for the inbox filters, sorted. */
  facets(): Promise<InboxFacets>;
}
