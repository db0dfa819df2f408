import type { ConsoleSession, ConsoleUser } from '../../../core/storage/consoleTypes.js';
import type { ConsoleStore } from '../consoleStore.js';
import { randomSecret, sha256Hex } from './secrets.js';

export interface SessionPolicy {
  ttlMs: number;
  idleMs: number;
  now?: () => Date;
}

/** Activity is written at most this often, so a busy console does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side console sessions in the store, so every instance accepts them. The cookie carries a random token; the
 * store keeps its SHA-256. A session ends at its absolute expiry, after the idle time, at logout, or when the user is
 * disabled, changes password or is given another role.
 */
export class SessionService {
  private readonly now: () => Date;

  constructor(
    private readonly store: Pick<ConsoleStore, 'consoleSessions' | 'consoleUsers'>,
    private readonly policy: SessionPolicy,
  ) {
    this.now = policy.now ?? (() => new Date());
  }

  get ttlMs(): number {
    return this.policy.ttlMs;
  }

  async start(user: ConsoleUser, userAgent: string | undefined): Promise<{ token: string; session: ConsoleSession }> {
    const now = this.now();
    await this.store.consoleSessions.deleteExpired(now, new Date(now.getTime() - this.policy.idleMs));
    const token = randomSecret();
    const session: ConsoleSession = {
      id: sha256Hex(token),
      userId: user.id,
      csrfToken: randomSecret(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.ttlMs),
    };
    if (userAgent !== undefined) session.userAgent = userAgent.slice(0, 512);
    await this.store.consoleSessions.create(session);
    return { token, session };
  }

  /** The live session and its user for a cookie token; undefined (and the session deleted) when it has ended. */
  async resolve(token: string): Promise<{ session: ConsoleSession; user: ConsoleUser } | undefined> {
    if (token.length === 0 || token.length > 128) return undefined;
    const id = sha256Hex(token);
    const session = await this.store.consoleSessions.get(id);
    if (session === undefined) return undefined;
    const now = this.now().getTime();
    const user = await this.store.consoleUsers.get(session.userId);
    if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() >= this.policy.idleMs || user === undefined || user.disabled) {
      await this.store.consoleSessions.delete(id);
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await this.store.consoleSessions.touch(id, new Date(now));
    return { session, user };
  }

  async end(token: string): Promise<void> {
    if (token.length > 0 && token.length <= 128) await this.store.consoleSessions.delete(sha256Hex(token));
  }

  async endAllFor(userId: string): Promise<number> {
    return this.store.consoleSessions.deleteForUser(userId);
  }
}
