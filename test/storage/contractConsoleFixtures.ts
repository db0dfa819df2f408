import type { ApiToken, AuditEntry, ConsoleSession, ConsoleUser, ConversationNote } from '../../core/storage/consoleTypes.js';
import { at } from './contractFixtures.js';

/** Builders for the console repositories' contract suite. */

export function consoleUser(id: string, extra: Partial<ConsoleUser> = {}): ConsoleUser {
  return { id, email: `${id}@shop.example`, displayName: `User ${id}`, role: 'agent', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', disabled: false, createdAt: at(0), updatedAt: at(0), ...extra };
}

export function consoleSession(id: string, userId: string, extra: Partial<ConsoleSession> = {}): ConsoleSession {
  return { id, userId, csrfToken: `csrf-${id}`, createdAt: at(0), lastSeenAt: at(0), expiresAt: at(3_600_000), ...extra };
}

export function apiToken(id: string, userId: string, offsetMs: number, extra: Partial<ApiToken> = {}): ApiToken {
  return { id, userId, name: `token ${id}`, tokenHash: `hash-${id}`, prefix: `csb_${id.slice(0, 4)}`, createdAt: at(offsetMs), ...extra };
}

export function auditEntry(id: string, offsetMs: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { id, at: at(offsetMs), actorId: 'u1', actorEmail: 'u1@shop.example', action: 'replied', targetType: 'conversation', targetId: 'conv-1', ...extra };
}

export function note(id: string, conversationId: string, offsetMs: number, extra: Partial<ConversationNote> = {}): ConversationNote {
  return { id, conversationId, authorId: 'u1', authorName: 'Ada', text: `note ${id}`, createdAt: at(offsetMs), ...extra };
}
