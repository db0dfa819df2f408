import type { Request, Response, Server } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleAccess } from '../../bot/console/registerConsole.js';
import { ConsoleClient, createUser, errorCode, startConsoleApi, type ConsoleApi } from './support/consoleApi.js';

/** How another route module (the agent API, privacy operations) guards itself with the console's authentication. */
function agentLikeRoutes(server: Server, access: ConsoleAccess): void {
  server.post('/test/conversations/:id/reply', async (req: Request, res: Response) => {
    const { user } = await access.authenticateRequest(req, 'conversations:reply');
    res.send(200, { repliedAs: user.displayName });
  });
  server.del('/test/customers/:id', async (req: Request, res: Response) => {
    const { role } = await access.authenticateRequest(req, 'customers:delete');
    res.send(200, { deletedBy: role });
  });
}

async function issueToken(client: ConsoleClient, body: { name: string; expiresInDays?: number } = { name: 'script' }): Promise<string> {
  const created = await client.call('/api/console/tokens', { json: body });
  expect(created.status).toBe(201);
  return (created.body as { token: string }).token;
}

describe('console roles and API tokens', () => {
  let api: ConsoleApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function signedIn(role: 'admin' | 'agent' | 'marketer', email = `${role}@shop.example`): Promise<ConsoleClient> {
    if (api === undefined) throw new Error('no api');
    await createUser(api.store, role, email);
    const client = new ConsoleClient(api.url);
    expect((await client.login(email)).status).toBe(200);
    return client;
  }

  it('lets a marketer read the inbox but not reply, annotate, open the customer panel or manage users', async () => {
    api = await startConsoleApi({ extraRoutes: agentLikeRoutes });
    await api.store.conversations.upsert({ id: 'conv-1', channel: 'webchat', status: 'pending', customerId: 'c1', tags: [], createdAt: new Date(), updatedAt: new Date() });
    const marketer = await signedIn('marketer');
    expect((await marketer.call('/api/console/inbox')).status).toBe(200);
    expect((await marketer.call('/api/console/conversations/conv-1')).status).toBe(200);
    const reply = await marketer.call('/test/conversations/conv-1/reply', { json: { text: 'hello' } });
    expect(reply.status).toBe(403);
    expect(errorCode(reply)).toBe('FORBIDDEN');
    expect((await marketer.call('/api/console/conversations/conv-1/notes', { json: { text: 'x' } })).status).toBe(403);
    expect((await marketer.call('/api/console/conversations/conv-1/tags', { json: { add: ['vip'] } })).status).toBe(403);
    expect((await marketer.call('/api/console/conversations/conv-1/customer')).status).toBe(403);
    expect((await marketer.call('/api/console/users')).status).toBe(403);
  });

  it('lets an agent reply and annotate but not delete a customer, manage users or read the audit log', async () => {
    api = await startConsoleApi({ extraRoutes: agentLikeRoutes });
    const agent = await signedIn('agent');
    expect((await agent.call('/test/conversations/conv-1/reply', { json: { text: 'hello' } })).body).toEqual({ repliedAs: 'agent' });
    const deletion = await agent.call('/test/customers/c1', { method: 'DELETE' });
    expect(deletion.status).toBe(403);
    expect((await agent.call('/api/console/users')).status).toBe(403);
    expect((await agent.call('/api/console/users', { json: { email: 'x@shop.example', displayName: 'X', role: 'admin', password: 'correct horse battery staple' } })).status).toBe(403);
    expect((await agent.call('/api/console/audit')).status).toBe(403);
    const admin = await signedIn('admin');
    expect((await admin.call('/test/customers/c1', { method: 'DELETE' })).body).toEqual({ deletedBy: 'admin' });
    expect((await new ConsoleClient(api.url).call('/test/conversations/conv-1/reply', { json: {} })).status).toBe(401);
  });

  it('authenticates API tokens with the current role of their user, without CSRF, until revoked, expired or the user is disabled', async () => {
    api = await startConsoleApi({ extraRoutes: agentLikeRoutes });
    const admin = await signedIn('admin');
    const agent = await signedIn('agent');
    const token = await issueToken(agent);
    const caller = new ConsoleClient(api.url);
    expect((await caller.call('/test/conversations/conv-1/reply', { json: {}, bearer: token })).status).toBe(200);
    expect((await caller.call('/api/console/session', { bearer: token })).body).toMatchObject({ via: 'api_token', csrfToken: null, user: { role: 'agent' } });
    const listed = await agent.call('/api/console/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toContain('tokenHash');
    expect((listed.body as { items: { prefix: string; lastUsedAt?: string }[] }).items[0]).toMatchObject({ prefix: token.slice(0, 12), lastUsedAt: expect.any(String) });

    const agentUser = await api.store.consoleUsers.getByEmail('agent@shop.example');
    await admin.call(`/api/console/users/${agentUser?.id ?? ''}`, { json: { role: 'marketer' } });
    expect((await caller.call('/test/conversations/conv-1/reply', { json: {}, bearer: token })).status).toBe(403);

    const tokenId = (listed.body as { items: { id: string }[] }).items[0]?.id ?? '';
    await agent.login('agent@shop.example');
    expect((await agent.call(`/api/console/tokens/${tokenId}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await caller.call('/api/console/inbox', { bearer: token });
    expect(revoked.status).toBe(401);
    expect(errorCode(revoked)).toBe('UNAUTHORIZED');
    expect((await caller.call('/api/console/inbox', { bearer: 'csbot_not-a-real-token' })).status).toBe(401);
    expect((await caller.call('/api/console/inbox', { bearer: '' })).status).toBe(401);
  });

  it('refuses an expired token and the tokens of a disabled user; nobody revokes another user’s token but an admin', async () => {
    api = await startConsoleApi();
    const admin = await signedIn('admin');
    const agent = await signedIn('agent');
    const other = await signedIn('agent', 'other@shop.example');
    const shortLived = await issueToken(agent, { name: 'a day', expiresInDays: 1 });
    const lasting = await issueToken(agent);
    const caller = new ConsoleClient(api.url);
    expect((await caller.call('/api/console/inbox', { bearer: shortLived })).status).toBe(200);
    api.clock.advance(86_400_000 + 1000);
    expect((await caller.call('/api/console/inbox', { bearer: shortLived })).status).toBe(401);
    await agent.login('agent@shop.example');
    await other.login('other@shop.example');
    const tokenId = ((await agent.call('/api/console/tokens')).body as { items: { id: string }[] }).items[0]?.id ?? '';
    expect((await other.call(`/api/console/tokens/${tokenId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await caller.call('/api/console/inbox', { bearer: lasting })).status).toBe(200);
    const agentUser = await api.store.consoleUsers.getByEmail('agent@shop.example');
    await admin.login('admin@shop.example');
    expect((await admin.call(`/api/console/users/${agentUser?.id ?? ''}`, { json: { disabled: true } })).status).toBe(200);
    expect((await caller.call('/api/console/inbox', { bearer: lasting })).status).toBe(401);
  });

  it('lets admins create users, change roles, reset passwords, and never lose the last admin', async () => {
    api = await startConsoleApi();
    const admin = await signedIn('admin');
    const created = await admin.call('/api/console/users', { json: { email: 'Mia@Shop.Example', displayName: 'Mia', role: 'marketer', password: 'a long enough passphrase' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'mia@shop.example', role: 'marketer', disabled: false });
    expect(JSON.stringify(created.body)).not.toContain('passwordHash');
    const duplicate = await admin.call('/api/console/users', { json: { email: 'mia@shop.example', displayName: 'Mia 2', role: 'agent', password: 'a long enough passphrase' } });
    expect(duplicate.status).toBe(409);
    expect((await admin.call('/api/console/users', { json: { email: 'weak@shop.example', displayName: 'W', role: 'agent', password: 'short' } })).status).toBe(400);
    const mia = created.body as { id: string };
    api.clock.advance(1000);
    expect((await admin.call(`/api/console/users/${mia.id}/password`, { json: { password: 'another good passphrase' } })).status).toBe(200);
    expect((await new ConsoleClient(api.url).login('mia@shop.example', 'another good passphrase')).status).toBe(200);
    const self = (await admin.call('/api/console/session')).body as { user: { id: string } };
    const demote = await admin.call(`/api/console/users/${self.user.id}`, { json: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect((await admin.call(`/api/console/users/${self.user.id}`, { json: { disabled: true } })).status).toBe(409);
    expect((await admin.call('/api/console/users/nobody', { json: { role: 'agent' } })).status).toBe(404);
    const list = await admin.call('/api/console/users');
    expect((list.body as { items: { email: string }[] }).items.map((u) => u.email)).toEqual(['admin@shop.example', 'mia@shop.example']);
    const audit = await admin.call('/api/console/audit?targetType=user');
    expect((audit.body as { items: { action: string; actorEmail: string }[] }).items.map((e) => e.action)).toEqual(['password_reset', 'user_created']);
  });
});
