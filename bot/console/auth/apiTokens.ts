import { randomUUID } from 'node:crypto';
import type { ApiToken, ConsoleUser } from '../../../core/storage/consoleTypes.js';
import type { ConsoleStore } from '../consoleStore.js';
import { randomSecret, sha256Hex } from './secrets.js';

/** Tokens start with this, so they are recognisable in a header (and by secret scanners). */
export const API_TOKEN_PREFIX = 'csbot_';
const SHOWN_PREFIX_CHARS = API_TOKEN_PREFIX.length + 6;
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Per-user API tokens: shown once at creation, stored as their SHA-256, revocable, optionally expiring. A token acts
 * with the current role of its user, and stops working when the user is disabled.
 */
export class ApiTokenService {
  constructor(
    private readonly store: Pick<ConsoleStore, 'apiTokens' | 'consoleUsers'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(user: ConsoleUser, name: string, expiresInDays?: number): Promise<{ token: string; record: ApiToken }> {
    const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
    const createdAt = this.now();
    const record: ApiToken = { id: randomUUID(), userId: user.id, name, tokenHash: sha256Hex(token), prefix: token.slice(0, SHOWN_PREFIX_CHARS), createdAt };
    if (expiresInDays !== undefined) record.expiresAt = new Date(createdAt.getTime() + expiresInDays * 86_400_000);
    await this.store.apiTokens.create(record);
    return { token, record };
  }

  async resolve(token: string): Promise<{ record: ApiToken; user: ConsoleUser } | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 128) return undefined;
    const record = await this.store.apiTokens.getByHash(sha256Hex(token));
    const now = this.now();
    if (record === undefined || record.revokedAt !== undefined || (record.expiresAt !== undefined && record.expiresAt <= now)) return undefined;
    const user = await this.store.consoleUsers.get(record.userId);
    if (user === undefined || user.disabled) return undefined;
    if (record.lastUsedAt === undefined || now.getTime() - record.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) await this.store.apiTokens.touch(record.id, now);
    return { record, user };
  }
}
