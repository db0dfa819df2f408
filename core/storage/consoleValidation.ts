import { z } from 'zod';
import { ValidationError } from '../errors.js';
import {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  CONSOLE_ROLES,
  INBOX_ORDERS,
  SENTIMENTS,
  type AuditQuery,
  type ConsoleUser,
  type ConsoleUserPatch,
  type InboxQuery,
} from './consoleTypes.js';
import { CONVERSATION_STATUSES } from './types.js';
import { MAX_ID_LENGTH } from './validation.js';

/** Input checks for the console repositories, shared by both adapters; a bad record is a ValidationError naming the field. */

const id = z
  .string()
  .max(MAX_ID_LENGTH)
  .refine((value) => value.trim().length > 0, 'must be a non-empty string');
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => value.trim().length > 0, 'must not be empty');
const date = z.date();

export const MAX_NOTE_CHARS = 4000;
export const MAX_SEARCH_CHARS = 200;
const MAX_SEARCH_TERMS = 12;

const userSchema = z.object({
  id,
  email: z.email().max(320),
  displayName: text(200),
  role: z.enum(CONSOLE_ROLES),
  passwordHash: text(1024),
  disabled: z.boolean(),
  createdAt: date,
  updatedAt: date,
  lastLoginAt: date.optional(),
});

const sessionSchema = z.object({
  id,
  userId: id,
  csrfToken: text(256),
  createdAt: date,
  lastSeenAt: date,
  expiresAt: date,
  userAgent: z.string().max(512).optional(),
});

const apiTokenSchema = z.object({
  id,
  userId: id,
  name: text(200),
  tokenHash: text(256),
  prefix: text(64),
  createdAt: date,
  expiresAt: date.optional(),
  lastUsedAt: date.optional(),
  revokedAt: date.optional(),
});

const auditEntrySchema = z.object({
  id,
  at: date,
  actorId: id,
  actorEmail: text(320),
  action: z.enum(AUDIT_ACTIONS),
  targetType: z.enum(AUDIT_TARGET_TYPES),
  targetId: id,
  details: z
    .record(z.string().max(64), z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]))
    .refine((details) => Object.keys(details).length <= 32, 'must have at most 32 keys')
    .optional(),
});

const noteSchema = z.object({
  id,
  conversationId: id,
  authorId: id,
  authorName: text(200),
  text: text(MAX_NOTE_CHARS),
  createdAt: date,
});

const filterValue = z.string().min(1).max(MAX_ID_LENGTH);

const inboxQuerySchema = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: filterValue.optional(),
  customerId: filterValue.optional(),
  tag: filterValue.optional(),
  intent: filterValue.optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  activeFrom: date.optional(),
  activeUntil: date.optional(),
  text: z.string().max(MAX_SEARCH_CHARS).optional(),
  order: z.enum(INBOX_ORDERS).optional(),
});

const auditQuerySchema = z.object({
  actorId: id.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: id.optional(),
  since: date.optional(),
  until: date.optional(),
});

function check(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  const problem = `${field}${issue?.message ?? 'invalid'}`;
  throw new ValidationError(`Invalid ${what}: ${problem}`, { details: { problem } });
}

export const assertConsoleUser = (value: unknown): void => check(userSchema, value, 'console user');
export const assertConsoleSession = (value: unknown): void => check(sessionSchema, value, 'console session');
export const assertApiToken = (value: unknown): void => check(apiTokenSchema, value, 'API token');
export const assertAuditEntry = (value: unknown): void => check(auditEntrySchema, value, 'audit entry');
export const assertConversationNote = (value: unknown): void => check(noteSchema, value, 'note');
export const assertAuditQuery = (value: AuditQuery): void => check(auditQuerySchema, value, 'audit query');

/** Validates an inbox query and returns its search terms (empty without `text`). */
export function checkInboxQuery(query: InboxQuery): string[] {
  const { limit: _limit, cursor: _cursor, ...filters } = query;
  check(inboxQuerySchema, filters, 'inbox query');
  return query.text === undefined || query.text.trim() === '' ? [] : searchTerms(query.text);
}

/**
 * The words of a search: runs of letters and digits, lower-cased, at most 12. Both adapters quote each word, so
 * operators typed by a person (AND, NEAR, "-", "*") are searched for as words and never change the query.
 */
export function searchTerms(input: string): string[] {
  const terms = [...new Set(input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  if (terms.length === 0) throw new ValidationError('A search needs at least one letter or digit', { details: { text: input } });
  return terms.slice(0, MAX_SEARCH_TERMS);
}

/** Stored e-mail form: trimmed and lower-cased, so lookups ignore case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The one meaning of `consoleUsers.update` for every adapter: given fields replace the stored ones (undefined ones are
 * ignored), the e-mail is normalised, `updatedAt` defaults to now, and the result is validated.
 */
export function applyUserPatch(existing: ConsoleUser, patch: ConsoleUserPatch, now: Date = new Date()): ConsoleUser {
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ConsoleUserPatch;
  const merged: ConsoleUser = { ...existing, ...given, updatedAt: patch.updatedAt ?? now };
  merged.email = normalizeEmail(merged.email);
  assertConsoleUser(merged);
  return merged;
}
