import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { at, collectPages, rejectionOf, type ContractContext } from './contractFixtures.js';
import { apiToken, consoleSession, consoleUser } from './contractConsoleFixtures.js';

/** Console users, sessions and API tokens. */
export function consoleAccountsContract(ctx: ContractContext): void {
  describe('console users', () => {
    it('creates, reads by id and by e-mail whatever its case, and refuses a second user with the same e-mail', async () => {
      const users = ctx.store().consoleUsers;
      const ada = consoleUser('u1', { email: 'Ada@Shop.Example', role: 'admin', lastLoginAt: at(5) });
      await users.create(ada);
      const stored = { ...ada, email: 'ada@shop.example' };
      expect(await users.get('u1')).toEqual(stored);
      expect(await users.getByEmail('  ADA@shop.example ')).toEqual(stored);
      expect(await users.getByEmail('bob@shop.example')).toBeUndefined();
      expect(await rejectionOf(users.create(consoleUser('u2', { email: 'ada@SHOP.example' })))).toBeInstanceOf(ConflictError);
      expect(await rejectionOf(users.create(consoleUser('u1', { email: 'other@shop.example' })))).toBeInstanceOf(ConflictError);
      expect(await rejectionOf(users.create(consoleUser('u3', { email: 'not an e-mail' })))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(users.create(consoleUser('u4', { role: 'root' as 'admin' })))).toBeInstanceOf(ValidationError);
    });

    it('updates given fields, bumps updatedAt, and refuses unknown ids and taken e-mails', async () => {
      const users = ctx.store().consoleUsers;
      await users.create(consoleUser('u1'));
      await users.create(consoleUser('u2'));
      const before = Date.now();
      const updated = await users.update('u1', { role: 'marketer', disabled: true, displayName: 'Ada L.', email: undefined });
      expect(updated).toMatchObject({ id: 'u1', role: 'marketer', disabled: true, displayName: 'Ada L.', email: 'u1@shop.example', createdAt: at(0) });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(await users.get('u1')).toEqual(updated);
      expect(await rejectionOf(users.update('ghost', { disabled: true }))).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(users.update('u1', { email: 'U2@shop.example' }))).toBeInstanceOf(ConflictError);
      expect(await rejectionOf(users.update('u1', { displayName: ' ' }))).toBeInstanceOf(ValidationError);
      expect((await users.get('u1'))?.displayName).toBe('Ada L.');
    });

    it('lists by e-mail with paging and counts enabled users of a role', async () => {
      const users = ctx.store().consoleUsers;
      const emails = ['zoe', 'adam', 'mia', 'bea', 'carl'];
      for (const [i, name] of emails.entries()) await users.create(consoleUser(`u${i}`, { email: `${name}@shop.example`, role: i < 3 ? 'admin' : 'agent', disabled: i === 1 }));
      const all = await collectPages(2, (cursor) => users.list({ limit: 2, cursor }));
      expect(all.items.map((u) => u.email)).toEqual([...emails].sort().map((n) => `${n}@shop.example`));
      expect(await users.countEnabled('admin')).toBe(2);
      expect(await users.countEnabled('agent')).toBe(2);
      expect(await users.countEnabled('marketer')).toBe(0);
    });
  });

  describe('console sessions', () => {
    it('creates, reads, touches and deletes a session', async () => {
      await ctx.store().consoleUsers.create(consoleUser('u1'));
      const sessions = ctx.store().consoleSessions;
      const session = consoleSession('s1', 'u1', { userAgent: 'Chromium' });
      await sessions.create(session);
      expect(await sessions.get('s1')).toEqual(session);
      expect(await rejectionOf(sessions.create(session))).toBeInstanceOf(ConflictError);
      await sessions.touch('s1', at(60_000));
      expect((await sessions.get('s1'))?.lastSeenAt).toEqual(at(60_000));
      await sessions.touch('missing', at(1));
      await sessions.delete('s1');
      expect(await sessions.get('s1')).toBeUndefined();
    });

    it('revokes all sessions of a user and deletes expired or idle ones', async () => {
      await ctx.store().consoleUsers.create(consoleUser('u1'));
      await ctx.store().consoleUsers.create(consoleUser('u2'));
      const sessions = ctx.store().consoleSessions;
      await sessions.create(consoleSession('a', 'u1'));
      await sessions.create(consoleSession('b', 'u1'));
      await sessions.create(consoleSession('c', 'u2', { expiresAt: at(1000) }));
      await sessions.create(consoleSession('d', 'u2', { lastSeenAt: at(10), expiresAt: at(9_000_000) }));
      await sessions.create(consoleSession('e', 'u2', { lastSeenAt: at(5_000), expiresAt: at(9_000_000) }));
      expect(await sessions.deleteForUser('u1')).toBe(2);
      expect(await sessions.get('a')).toBeUndefined();
      expect(await sessions.deleteExpired(at(1000), at(1000))).toBe(2);
      expect(await sessions.get('c')).toBeUndefined();
      expect(await sessions.get('d')).toBeUndefined();
      expect(await sessions.get('e')).toBeDefined();
    });
  });

  describe('API tokens', () => {
    it('creates, finds by hash, lists newest first and refuses a duplicate hash', async () => {
      await ctx.store().consoleUsers.create(consoleUser('u1'));
      const tokens = ctx.store().apiTokens;
      const first = apiToken('t1', 'u1', 0, { expiresAt: at(99_000) });
      const second = apiToken('t2', 'u1', 1000);
      await tokens.create(first);
      await tokens.create(second);
      expect(await tokens.getByHash('hash-t1')).toEqual(first);
      expect(await tokens.get('t2')).toEqual(second);
      expect(await tokens.getByHash('hash-unknown')).toBeUndefined();
      expect((await tokens.listForUser('u1')).map((t) => t.id)).toEqual(['t2', 't1']);
      expect(await tokens.listForUser('nobody')).toEqual([]);
      expect(await rejectionOf(tokens.create(apiToken('t3', 'u1', 0, { tokenHash: 'hash-t1' })))).toBeInstanceOf(ConflictError);
    });

    it('revokes one token keeping the first revocation time, all of a user, and records use', async () => {
      await ctx.store().consoleUsers.create(consoleUser('u1'));
      const tokens = ctx.store().apiTokens;
      for (const id of ['t1', 't2', 't3']) await tokens.create(apiToken(id, 'u1', 0));
      expect((await tokens.revoke('t1', at(10))).revokedAt).toEqual(at(10));
      expect((await tokens.revoke('t1', at(20))).revokedAt).toEqual(at(10));
      expect(await rejectionOf(tokens.revoke('ghost', at(1)))).toBeInstanceOf(NotFoundError);
      await tokens.touch('t2', at(30));
      expect((await tokens.get('t2'))?.lastUsedAt).toEqual(at(30));
      expect(await tokens.revokeForUser('u1', at(40))).toBe(2);
      const revoked = await tokens.listForUser('u1');
      expect(revoked.map((t) => t.revokedAt)).toEqual(expect.arrayContaining([at(10), at(40), at(40)]));
    });
  });
}
