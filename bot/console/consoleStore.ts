import type { ConsoleRole, ConsoleUser } from '../../core/storage/consoleTypes.js';
import type { Store } from '../../core/storage/types.js';

/** The repositories the console reads and writes. */
export type ConsoleStore = Pick<
  Store,
  'consoleUsers' | 'consoleSessions' | 'apiTokens' | 'auditLog' | 'conversationNotes' | 'inbox' | 'conversations' | 'transcripts' | 'customers' | 'orders' | 'interactions' | 'products'
>;

/** A user as the API shows it: everything but the password hash. */
export type PublicUser = Omit<ConsoleUser, 'passwordHash'>;

export function publicUser(user: ConsoleUser): PublicUser {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

/** Who is making a request, as authenticateRequest establishes it. */
export interface Principal {
  user: PublicUser;
  role: ConsoleRole;
  via: 'session' | 'api_token';
  /** The session's CSRF token, for session-authenticated requests. */
  csrfToken?: string;
}
