import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { ConsoleRole, ConsoleUser, ConsoleUserPatch } from '../../core/storage/consoleTypes.js';
import { hashPassword } from './auth/passwords.js';
import type { SessionService } from './auth/sessions.js';
import type { ConsoleStore } from './consoleStore.js';

export interface NewUser {
  email: string;
  displayName: string;
  role: ConsoleRole;
  password: string;
}

export interface UserChanges {
  displayName?: string;
  role?: ConsoleRole;
  disabled?: boolean;
}

/**
 * Account administration shared by the console API and the CLI. Changing a role, disabling an account or setting a
 * password ends the user's sessions (they sign in again with the new rights); disabling also revokes API tokens.
 * The last enabled admin can be neither demoted nor disabled, so the console always has an administrator.
 */
export class UserService {
  constructor(
    private readonly store: Pick<ConsoleStore, 'consoleUsers' | 'consoleSessions' | 'apiTokens'>,
    private readonly sessions: Pick<SessionService, 'endAllFor'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: NewUser): Promise<ConsoleUser> {
    const now = this.now();
    const user: ConsoleUser = {
      id: randomUUID(),
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.consoleUsers.create(user);
    return (await this.store.consoleUsers.get(user.id)) ?? user;
  }

  async require(id: string): Promise<ConsoleUser> {
    const user = await this.store.consoleUsers.get(id);
    if (user === undefined) throw new NotFoundError(`console user ${id} not found`);
    return user;
  }

  async change(id: string, changes: UserChanges): Promise<ConsoleUser> {
    const existing = await this.require(id);
    const losesAdmin = existing.role === 'admin' && !existing.disabled && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin && (await this.store.consoleUsers.countEnabled('admin')) <= 1) {
      throw new ConflictError('this is the last enabled admin: make another admin first');
    }
    const patch: ConsoleUserPatch = { ...changes };
    const updated = await this.store.consoleUsers.update(id, patch);
    if ((changes.role !== undefined && changes.role !== existing.role) || (changes.disabled === true && !existing.disabled)) await this.sessions.endAllFor(id);
    if (changes.disabled === true && !existing.disabled) await this.store.apiTokens.revokeForUser(id, this.now());
    return updated;
  }

  async setPassword(id: string, password: string): Promise<ConsoleUser> {
    await this.require(id);
    const updated = await this.store.consoleUsers.update(id, { passwordHash: await hashPassword(password) });
    await this.sessions.endAllFor(id);
    return updated;
  }
}

/** Creates the first admin from CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD, only while no enabled admin exists. */
export async function ensureFirstAdmin(
  users: UserService,
  store: Pick<ConsoleStore, 'consoleUsers'>,
  admin: { email: string | undefined; password: string | undefined },
): Promise<'created' | 'exists' | 'not configured'> {
  if (admin.email === undefined || admin.password === undefined) return 'not configured';
  if ((await store.consoleUsers.countEnabled('admin')) > 0) return 'exists';
  await users.create({ email: admin.email, displayName: admin.email.split('@')[0] ?? admin.email, role: 'admin', password: admin.password });
  return 'created';
}
