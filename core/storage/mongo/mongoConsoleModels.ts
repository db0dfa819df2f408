import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditAction, AuditDetails, AuditTargetType, ConsoleRole } from '../consoleTypes.js';

/**
 * Documents and schemas of the console's collections (indexes synced at open, like mongoModels.ts). The text index
 * over transcripts that the inbox search uses is declared with the transcript schema in mongoModels.ts.
 */

export interface ConsoleUserDoc {
  _id: string;
  email: string;
  displayName: string;
  role: ConsoleRole;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt?: Date;
}

export interface ConsoleSessionDoc {
  _id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent?: string;
}

export interface ApiTokenDoc {
  _id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: Date;
  expiresAt?: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

export interface AuditEntryDoc {
  _id: string;
  at: Date;
  actorId: string;
  actorEmail: string;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  details?: AuditDetails;
}

export interface ConversationNoteDoc {
  _id: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
}

const options = { versionKey: false, autoCreate: false, autoIndex: false, bufferCommands: false } as const;

const userSchema = new Schema<ConsoleUserDoc>(
  { _id: String, email: String, displayName: String, role: String, passwordHash: String, disabled: Boolean, createdAt: Date, updatedAt: Date, lastLoginAt: Date },
  { ...options, collection: 'console_users' },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, disabled: 1 });

const sessionSchema = new Schema<ConsoleSessionDoc>(
  { _id: String, userId: String, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date, userAgent: String },
  { ...options, collection: 'console_sessions' },
);
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });
sessionSchema.index({ lastSeenAt: 1 });

const apiTokenSchema = new Schema<ApiTokenDoc>(
  { _id: String, userId: String, name: String, tokenHash: String, prefix: String, createdAt: Date, expiresAt: Date, lastUsedAt: Date, revokedAt: Date },
  { ...options, collection: 'api_tokens' },
);
apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ userId: 1, createdAt: -1, _id: -1 });

const auditSchema = new Schema<AuditEntryDoc>(
  { _id: String, at: Date, actorId: String, actorEmail: String, action: String, targetType: String, targetId: String, details: Schema.Types.Mixed },
  { ...options, collection: 'audit_log' },
);
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ actorId: 1, at: -1, _id: -1 });
auditSchema.index({ action: 1, at: -1, _id: -1 });
auditSchema.index({ targetType: 1, targetId: 1, at: -1, _id: -1 });

const noteSchema = new Schema<ConversationNoteDoc>(
  { _id: String, conversationId: String, authorId: String, authorName: String, text: String, createdAt: Date },
  { ...options, collection: 'conversation_notes' },
);
noteSchema.index({ conversationId: 1, createdAt: 1, _id: 1 });

export interface ConsoleModels {
  consoleUsers: Model<ConsoleUserDoc>;
  consoleSessions: Model<ConsoleSessionDoc>;
  apiTokens: Model<ApiTokenDoc>;
  auditLog: Model<AuditEntryDoc>;
  conversationNotes: Model<ConversationNoteDoc>;
}

export function registerConsoleModels(connection: Connection): ConsoleModels {
  return {
    consoleUsers: connection.model<ConsoleUserDoc>('ConsoleUser', userSchema),
    consoleSessions: connection.model<ConsoleSessionDoc>('ConsoleSession', sessionSchema),
    apiTokens: connection.model<ApiTokenDoc>('ApiToken', apiTokenSchema),
    auditLog: connection.model<AuditEntryDoc>('AuditEntry', auditSchema),
    conversationNotes: connection.model<ConversationNoteDoc>('ConversationNote', noteSchema),
  };
}
